// ROP processor benchmarks (issue 5 "Performance"): an empty notification poll that drains 1,000
// queued notifications with a 32 KiB output limit, end to end through the processor (decode the
// request, pack, encode the response), against the pure packing cost (`hub.pack`) in the same run.
// Target: processor ≤ 3× packing.
import Benchmark
import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine

private let queued = 1_000
private let outputLimit = 32 * 1024

private func created(_ mailbox: MailboxID, _ n: UInt64) -> MailboxEvent {
    MailboxEvent(
        mailbox: mailbox, sequence: n,
        kind: .objectCreated(.message(MessageID(replicaID: 1, globalCounter: 0x10_0000 + n), in: FolderID(replicaID: 1, globalCounter: 1)),
                             parentFolderID: .zero, tags: []))
}

/// A server with alice logged on and subscribed to the whole mailbox in one session.
private struct Setup {
    let server: EMSMDBServer
    let session: EMSMDBSession
    let mailbox: MailboxID

    init() {
        server = try! EMSMDBServer(backend: try! SQLiteBackend())
        let record = try! server.store.createMailbox(userName: "alice", legacyExchangeDN: "/o=Herald/cn=alice")
        mailbox = record.id
        session = server.connect(userName: "alice")!
        var logon: [UInt8] = []
        RopLogonRequest(logonID: 0, outputHandleIndex: 0, logonFlags: RopLogonRequest.LogonFlags.private, openFlags: 0,
                        distinguishedName: "/o=Herald/cn=alice").encode(into: &logon)
        var buffer: [UInt8] = []
        RopBuffer(ropsList: logon, handleTable: [RopBuffer.unusedHandle]).encode(into: &buffer)
        let logonHandle = try! RopBuffer.decode(try! server.executeRops(session: session, ropBuffer: buffer, maxRopOut: 0x8000)).handleTable[0]
        var register: [UInt8] = []
        RopRegisterNotificationRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: .allEvents, scope: .wholeStore)
            .encode(into: &register)
        buffer = []
        RopBuffer(ropsList: register, handleTable: [logonHandle, RopBuffer.unusedHandle]).encode(into: &buffer)
        _ = try! server.executeRops(session: session, ropBuffer: buffer, maxRopOut: 0x8000)
    }

    func fill() {
        _ = server.hub.publish((0..<queued).map { created(mailbox, UInt64($0)) })
    }
}

/// rgbIn of an empty poll: RopSize 2, no ROPs, no handles, in one RPC_HEADER_EXT.
private let emptyPoll: [UInt8] = {
    var rgbIn: [UInt8] = []
    ExtendedBuffer.encode(payload: [0x02, 0x00], compress: false, obfuscate: false, last: true, into: &rgbIn)
    return rgbIn
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal], timeUnits: .microseconds, maxDuration: .seconds(3), maxIterations: 2_000)

    let setup = Setup()

    Benchmark("Baseline: hub.pack of \(queued) queued notifications into 32 KiB") { benchmark in
        setup.fill()
        var output: [UInt8] = []
        output.reserveCapacity(outputLimit)
        benchmark.startMeasurement()
        let result = setup.server.hub.pack(session: setup.session.index, into: &output, budget: outputLimit - 2 - 8)
        benchmark.stopMeasurement()
        precondition(result.notifications == queued && result.remaining == 0)
        blackHole(output)
    }

    Benchmark("Processor: empty poll draining \(queued) notifications, 32 KiB limit (no compression, no XOR)") { benchmark in
        setup.fill()
        benchmark.startMeasurement()
        let rgbOut = try! setup.server.execute(session: setup.session, rgbIn: emptyPoll, maxRgbOut: outputLimit, flags: [.noCompression, .noXorMagic])
        benchmark.stopMeasurement()
        precondition(rgbOut.count > queued * 20)
        blackHole(rgbOut)
    }

    Benchmark("Processor: empty poll draining \(queued) notifications, 32 KiB limit (XorMagic)") { benchmark in
        setup.fill()
        benchmark.startMeasurement()
        let rgbOut = try! setup.server.execute(session: setup.session, rgbIn: emptyPoll, maxRgbOut: outputLimit, flags: [.noCompression])
        benchmark.stopMeasurement()
        precondition(rgbOut.count > queued * 20)
        blackHole(rgbOut)
    }
}
