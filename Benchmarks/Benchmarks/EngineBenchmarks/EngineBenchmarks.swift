// Notification engine benchmarks (issue 3 "Performance"; docs/ENGINE.md has the figures).
//
// Every timing has a baseline in the same run (memcpy of the same bytes, or the same event in an
// empty server), so results read as ratios and survive a change of machine.
import Benchmark
import MAPIWire
import NotificationEngine
#if canImport(Glibc)
import Glibc
#endif

private let mailbox = MailboxID(1)
private func folder(_ n: UInt64) -> FolderID { FolderID(replicaID: 1, globalCounter: n) }
private func message(_ n: UInt64) -> MessageID { MessageID(replicaID: 1, globalCounter: 0x10_0000 + n) }

private func created(_ n: UInt64) -> MailboxEvent {
    MailboxEvent(mailbox: mailbox, sequence: n, kind: .objectCreated(.message(message(n), in: folder(1)), parentFolderID: .zero, tags: []))
}

/// Bytes currently allocated through malloc (glibc), from `malloc_info`'s whole-heap totals:
/// system current − free (fast + rest) + mmapped. Looked up with dlsym because malloc.h is not part
/// of the Glibc module. 0 where unavailable.
private func heapInUse() -> Int {
    #if canImport(Glibc)
    typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
    guard let symbol = dlsym(nil, "malloc_info") else { return 0 }
    var buffer: UnsafeMutablePointer<CChar>?
    var length = 0
    guard let stream = open_memstream(&buffer, &length) else { return 0 }
    _ = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
    fclose(stream)
    guard let buffer else { return 0 }
    defer { free(buffer) }
    let lines = String(cString: buffer).split(separator: "\n")
    let totals = lines.lastIndex { $0.hasPrefix("</heap>") }.map { lines[($0 + 1)...] } ?? lines[...]
    func bytes(_ prefix: String) -> Int {
        guard let line = totals.first(where: { $0.hasPrefix(prefix) }),
              let field = line.split(separator: " ").first(where: { $0.hasPrefix("size=\"") }) else { return 0 }
        return Int(field.dropFirst(6).prefix { $0.isNumber }) ?? 0
    }
    return bytes("<system type=\"current\"") - bytes("<total type=\"fast\"") - bytes("<total type=\"rest\"") + bytes("<total type=\"mmap\"")
    #else
    return 0
    #endif
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal]
    Benchmark.defaultConfiguration = .init(metrics: metrics, timeUnits: .nanoseconds, maxDuration: .seconds(2), maxIterations: 10_000)

    // MARK: Packing 32 KiB from a queue of encoded entries vs memcpy of the same bytes

    let budget = 32 * 1024
    func filledCore() -> (NotificationCore, SessionIndex) {
        var core = NotificationCore()
        let session = core.createSession(user: "bench")!.index
        core.subscribe(session: session, handle: 0x101, logonID: 0, mailbox: mailbox, types: .allEvents, scope: .wholeMailbox)
        // 26-byte RopNotify entries; more than fit in 32 KiB.
        _ = core.publish((0..<1400).map { created(UInt64($0)) }, now: .zero)
        return (core, session)
    }
    var sample = filledCore()
    var packedBytes: [UInt8] = []
    sample.0.pack(session: sample.1, into: &packedBytes, budget: budget, now: .zero)
    let packed = packedBytes
    Benchmark("Engine pack: 32 KiB of RopNotify (\(packed.count) B) from the queue") { benchmark in
        var (core, session) = filledCore()
        var output: [UInt8] = []
        output.reserveCapacity(budget)
        benchmark.startMeasurement()
        core.pack(session: session, into: &output, budget: budget, now: .zero)
        benchmark.stopMeasurement()
        precondition(output.count == packed.count)
        blackHole(output)
    }
    // The same, with every payload still held by a second session: packing without the cost of
    // freeing payloads whose last subscriber just drained them.
    Benchmark("Engine pack: 32 KiB of RopNotify, payloads still shared by another session") { benchmark in
        var core = NotificationCore()
        let session = core.createSession(user: "bench")!.index
        let other = core.createSession(user: "other")!.index
        for s in [session, other] {
            core.subscribe(session: s, handle: 0x101, logonID: 0, mailbox: mailbox, types: .allEvents, scope: .wholeMailbox)
        }
        _ = core.publish((0..<1400).map { created(UInt64($0)) }, now: .zero)
        var output: [UInt8] = []
        output.reserveCapacity(budget)
        benchmark.startMeasurement()
        core.pack(session: session, into: &output, budget: budget, now: .zero)
        benchmark.stopMeasurement()
        precondition(output.count == packed.count)
        blackHole(output)
        blackHole(core)
    }
    Benchmark("memcpy baseline: same \(packed.count) B") { benchmark in
        var output: [UInt8] = []
        output.reserveCapacity(budget)
        benchmark.startMeasurement()
        output.append(contentsOf: packed)
        benchmark.stopMeasurement()
        blackHole(output)
    }

    // MARK: Fan-out of one event to many sessions subscribed to the same mailbox
    //
    // The issue asks for 100,000 sessions; one engine holds at most 65,535 (the session index is 16
    // bits, MS-OXCRPC 3.1.4.1), so this uses 65,000 and the figure is reported per session.

    let fanOut = 65_000
    final class FanOutState: @unchecked Sendable {
        var core = NotificationCore()
        var sessions: [SessionIndex] = []
        var sequence: UInt64 = 0
    }
    let fan = FanOutState()
    Benchmark(
        "Engine fan-out: one event to \(fanOut) sessions (divide by \(fanOut) per session)",
        configuration: .init(metrics: metrics, timeUnits: .microseconds, maxDuration: .seconds(3), maxIterations: 30),
        closure: { benchmark in
            fan.sequence += 1
            let event = MailboxEvent(mailbox: mailbox, sequence: fan.sequence, kind: .newMail(
                folderID: folder(1), messageID: message(fan.sequence), messageFlags: 0, messageClass: "IPM.Note"))
            benchmark.startMeasurement()
            let actions = fan.core.publish([event], now: .zero)
            benchmark.stopMeasurement()
            blackHole(actions)
            // Drain outside the measurement so every iteration starts from empty queues.
            var output: [UInt8] = []
            for session in fan.sessions {
                output.removeAll(keepingCapacity: true)
                fan.core.pack(session: session, into: &output, budget: 4096, now: .zero)
            }
        },
        setup: {
            for n in 0..<fanOut {
                let session = fan.core.createSession(user: "user\(n)")!.index
                fan.sessions.append(session)
                fan.core.subscribe(session: session, handle: 0x10, logonID: 0, mailbox: mailbox, types: .allEvents, scope: .wholeMailbox)
            }
        })

    // MARK: Matching with 1,000,000 unrelated subscriptions vs an empty server

    final class MatchState: @unchecked Sendable {
        var core = NotificationCore()
        var sequence: UInt64 = 0
    }
    func matchBenchmark(_ name: String, unrelated: Int) {
        let state = MatchState()
        Benchmark(
            name,
            configuration: .init(metrics: metrics, timeUnits: .nanoseconds, maxDuration: .seconds(2), maxIterations: 100_000),
            closure: { benchmark in
                state.sequence += 1
                // ObjectModified on the same message coalesces, so the one receiving queue stays at one entry.
                let event = MailboxEvent(mailbox: mailbox, sequence: state.sequence, kind: .objectModified(
                    .message(message(1), in: folder(1)), tags: [], totalMessageCount: nil, unreadMessageCount: nil))
                benchmark.startMeasurement()
                blackHole(state.core.publish([event], now: .zero))
                benchmark.stopMeasurement()
            },
            setup: {
                let receiver = state.core.createSession(user: "receiver")!.index
                state.core.subscribe(session: receiver, handle: 1, logonID: 0, mailbox: mailbox, types: .allEvents, scope: .folder(folder(1)))
                guard unrelated > 0 else { return }
                // 10,000 sessions × 100 subscriptions: half on other mailboxes, half on other folders and
                // messages of the same mailbox.
                for s in 0..<10_000 {
                    let session = state.core.createSession(user: "u\(s)")!.index
                    for h in 0..<(unrelated / 10_000) {
                        let n = UInt64(s * 100 + h)
                        let scope: SubscriptionScope = h % 4 == 0 ? .folder(folder(1_000 + n)) : h % 4 == 1 ? .message(message(1_000 + n)) : .wholeMailbox
                        let target = h % 4 < 2 ? mailbox : MailboxID(2 + n)
                        state.core.subscribe(session: session, handle: UInt32(h + 1), logonID: 0, mailbox: target, types: .allEvents, scope: scope)
                    }
                }
            })
    }
    matchBenchmark("Engine match: one event, server with 1,000,000 unrelated subscriptions", unrelated: 1_000_000)
    matchBenchmark("Engine match: one event, empty server (baseline)", unrelated: 0)

    // MARK: Memory per idle session with one subscription, and per queued entry

    Benchmark(
        "Engine memory: bytes per idle session with one subscription (60,000 sessions, malloc_info delta)",
        configuration: .init(metrics: [.custom("bytes per session", polarity: .prefersSmaller, useScalingFactor: false)], maxIterations: 3),
        closure: { benchmark in
            var core = NotificationCore()
            let before = heapInUse()
            for n in 0..<60_000 {
                let session = core.createSession(user: "user\(n)")!.index
                core.subscribe(session: session, handle: 0x10, logonID: 0, mailbox: MailboxID(UInt64(n)), types: .allEvents, scope: .folder(folder(UInt64(n))))
            }
            benchmark.measurement(.custom("bytes per session", polarity: .prefersSmaller, useScalingFactor: false), (heapInUse() - before) / 60_000)
            blackHole(core)
        })
    Benchmark(
        "Engine memory: bytes per queued entry beyond its shared payload (10,000 sessions × 128 entries, malloc_info delta)",
        configuration: .init(metrics: [.custom("bytes per entry", polarity: .prefersSmaller, useScalingFactor: false)], maxIterations: 3),
        closure: { benchmark in
            var core = NotificationCore()
            for n in 0..<10_000 {
                let session = core.createSession(user: "user\(n)")!.index
                core.subscribe(session: session, handle: 0x10, logonID: 0, mailbox: mailbox, types: .allEvents, scope: .wholeMailbox)
            }
            let events = (0..<128).map { created(UInt64($0)) }
            let before = heapInUse()
            _ = core.publish(events, now: .zero)
            // The 128 shared payloads (about 100 bytes each) are negligible next to 1,280,000 entries.
            benchmark.measurement(.custom("bytes per entry", polarity: .prefersSmaller, useScalingFactor: false), (heapInUse() - before) / 1_280_000)
            blackHole(core)
        })
}
