// herald-load: load figures for issue 8 against a running `herald serve`.
//
//   herald-load waits --data DIR [--sessions 10000] [--user demo --password demo]
//   herald-load poll  --data DIR [--requests 2000]
//
// `waits` opens N sessions of one user, each subscribed to the whole store, parks one
// NotificationWait per session, reads the server's RSS (pid from DIR/server.json) before and
// after, delivers one message through the admin API and times how long until every wait has
// answered; then the same with a single session, for the ratio.
//
// `poll` times Execute round trips of an empty ROP buffer (the notification poll) against a
// trivial Hummingbird handler, served from this process, that returns the same number of bytes;
// requests alternate between the two so machine load hits both alike.
import Foundation
import HeraldClient
import HeraldServer
import Hummingbird
import MAPIWire
import NIOCore
import NIOHTTP1
import NIOPosix

struct Arguments {
    var mode = ""
    var data = "./herald-data"
    var sessions = 10_000
    var requests = 2_000
    var user = "demo"
    var password = "demo"
    var domain = "herald.local"
    var concurrency = 128
    /// Milliseconds between the "delivering" marker and the delivery, for attaching a profiler.
    var settle = 0

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        mode = iterator.next() ?? ""
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--data": data = value
            case "--sessions": sessions = Int(value) ?? sessions
            case "--requests": requests = Int(value) ?? requests
            case "--user": user = value
            case "--password": password = value
            case "--domain": domain = value
            case "--concurrency": concurrency = Int(value) ?? concurrency
            case "--settle": settle = Int(value) ?? settle
            default: fatalError("unknown flag \(flag)")
            }
        }
    }
}

func residentKiB(pid: Int32) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
}

/// One logged-on session subscribed to the whole store.
func openSession(url: String, arguments: Arguments, essdn: String, http: HeraldHTTPClient.Configuration) async throws -> MailboxClientSession {
    let client = MAPIHTTPClient(baseURL: url, userName: arguments.user, password: arguments.password, configuration: http)
    let session = MailboxClientSession(client: client)
    try await session.connect(userDN: essdn)
    var rops: [UInt8] = []
    RopLogonRequest(logonID: 0, outputHandleIndex: 0, logonFlags: RopLogonRequest.LogonFlags.private,
                    openFlags: RopLogonRequest.OpenFlags.homeLogon, distinguishedName: essdn).encode(into: &rops)
    let logon = try await session.execute(RopBuffer(ropsList: rops, handleTable: [RopBuffer.unusedHandle]))
    guard let handle = logon.first?.handleTable.first else { throw HeraldError("no logon handle") }
    rops = []
    RopRegisterNotificationRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: [.newMail, .objectCreated],
                                   scope: .wholeStore).encode(into: &rops)
    _ = try await session.execute(RopBuffer(ropsList: rops, handleTable: [handle, RopBuffer.unusedHandle]))
    return session
}

/// Opens `count` sessions with bounded concurrency.
func openSessions(_ count: Int, url: String, arguments: Arguments, essdn: String, http: HeraldHTTPClient.Configuration) async throws -> [MailboxClientSession] {
    try await withThrowingTaskGroup(of: MailboxClientSession.self) { group in
        var sessions: [MailboxClientSession] = []
        var started = 0
        while started < min(arguments.concurrency, count) {
            group.addTask { try await openSession(url: url, arguments: arguments, essdn: essdn, http: http) }
            started += 1
        }
        while let session = try await group.next() {
            sessions.append(session)
            if started < count {
                group.addTask { try await openSession(url: url, arguments: arguments, essdn: essdn, http: http) }
                started += 1
            }
        }
        return sessions
    }
}

func parkedWaits(metrics: HeraldHTTPClient) async throws -> Int {
    let response = try await metrics.execute(.init(path: "/metrics", timeout: .seconds(30)))
    let text = String(buffer: response.body)
    for line in text.split(separator: "\n") where line.hasPrefix("herald_mapihttp_parked_waits ") {
        return Int(Double(line.split(separator: " ").last ?? "") ?? -1)
    }
    return -1
}

/// Parks one wait per session, delivers once, returns (RSS growth while parked in KiB, time until all answered).
func wakeAll(_ sessions: [MailboxClientSession], metrics: HeraldHTTPClient, pid: Int32, admin: AdminClient, arguments: Arguments) async throws -> (Int, Duration, [Double]) {
    let before = residentKiB(pid: pid)
    return try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
        for session in sessions {
            group.addTask {
                let result = try await session.notificationWait()
                guard result.pending else { throw HeraldError("a wait ended without EventPending") }
                return .now
            }
        }
        // Until the transport holds them all.
        var spins = 0
        while try await parkedWaits(metrics: metrics) < sessions.count {
            spins += 1
            if spins > 6_000 { throw HeraldError("waits did not park") }
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(200))
        let parked = residentKiB(pid: pid)
        if sessions.count > 1 {
            // A marker for profilers attached to the server (`perf record -p … -- sleep 1`).
            FileHandle.standardError.write(Data("herald-load: \(sessions.count) waits parked, delivering\n".utf8))
            if arguments.settle > 0 { try await Task.sleep(for: .milliseconds(arguments.settle)) }
        }
        let start = ContinuousClock.now
        _ = try await admin.deliver(.init(to: arguments.user, subject: "load"))
        var latencies: [Double] = []
        var last = start
        for try await finished in group {
            latencies.append(milliseconds(finished - start))
            last = max(last, finished)
        }
        return (parked - before, last - start, latencies)
    }
}

/// Empties every session's queue (an Execute each) so the next round starts clean.
func drain(_ sessions: [MailboxClientSession], concurrency: Int) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        var iterator = sessions.makeIterator()
        for _ in 0..<concurrency {
            guard let session = iterator.next() else { break }
            group.addTask { _ = try await session.execute(RopBuffer(ropsList: [], handleTable: [])) }
        }
        while try await group.next() != nil {
            if let session = iterator.next() {
                group.addTask { _ = try await session.execute(RopBuffer(ropsList: [], handleTable: [])) }
            }
        }
    }
}

func runWaits(_ arguments: Arguments) async throws {
    let directory = HeraldDataDirectory(path: arguments.data)
    guard let info = directory.readServerInfo() else { throw HeraldError("no running server in \(arguments.data)") }
    // Each session has its own client and pool, as a real MAPI/HTTP client does: one connection
    // for the parked NotificationWait, one for the Execute that drains it.
    let http = HeraldHTTPClient.Configuration(maximumConnections: 2, connectTimeout: .seconds(30), requestTimeout: .seconds(900))
    let admin = AdminClient(info: info)
    let url = info.adminURL
    let metrics = HeraldHTTPClient(baseURL: url)
    let discovery = try await MAPIHTTPClient(baseURL: url, userName: arguments.user, password: arguments.password, configuration: http)
        .autodiscover(emailAddress: "\(arguments.user)@\(arguments.domain)")

    // Single-session baseline, five rounds.
    let single = try await openSession(url: url, arguments: arguments, essdn: discovery.legacyDN, http: http)
    var singleTimes: [Double] = []
    for _ in 0..<5 {
        let (_, elapsed, _) = try await wakeAll([single], metrics: metrics, pid: info.pid, admin: admin, arguments: arguments)
        singleTimes.append(milliseconds(elapsed))
        try await drain([single], concurrency: 1)
    }
    try await single.disconnect()

    let rssStart = residentKiB(pid: info.pid)
    let clock = ContinuousClock()
    var sessions: [MailboxClientSession] = []
    let setup = try await clock.measure {
        sessions = try await openSessions(arguments.sessions, url: url, arguments: arguments, essdn: discovery.legacyDN, http: http)
    }
    let rssSessions = residentKiB(pid: info.pid)
    var rounds: [(Int, Double, Double)] = []
    for _ in 0..<3 {
        let (growth, elapsed, latencies) = try await wakeAll(sessions, metrics: metrics, pid: info.pid, admin: admin, arguments: arguments)
        rounds.append((growth, milliseconds(elapsed), percentile(latencies, 0.5)))
        try await drain(sessions, concurrency: arguments.concurrency)
    }
    let singleMedian = median(singleTimes)
    print("sessions: \(arguments.sessions) (opened in \(setup))")
    print("server RSS: start \(rssStart) KiB, with sessions \(rssSessions) KiB → \((rssSessions - rssStart) * 1024 / max(1, arguments.sessions)) B per idle session")
    for (index, round) in rounds.enumerated() {
        print(String(format: "round %d: RSS growth while parked %d KiB → %d B per held wait; all %d waits answered %.1f ms after the delivery (median wait %.1f ms); ratio to single-session wake %.1f×",
                     index + 1, round.0, round.0 * 1024 / max(1, arguments.sessions), arguments.sessions, round.1, round.2, round.1 / singleMedian))
    }
    print(String(format: "single-session wake: median %.2f ms of %@", singleMedian, singleTimes.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
    for session in sessions { try? await session.disconnect() }
    metrics.shutdown()
}

func runPoll(_ arguments: Arguments) async throws {
    let directory = HeraldDataDirectory(path: arguments.data)
    guard let info = directory.readServerInfo() else { throw HeraldError("no running server in \(arguments.data)") }
    let url = info.adminURL
    let http = MAPIHTTPClient.defaultHTTPConfiguration
    let discovery = try await MAPIHTTPClient(baseURL: url, userName: arguments.user, password: arguments.password, configuration: http)
        .autodiscover(emailAddress: "\(arguments.user)@\(arguments.domain)")
    let session = try await openSession(url: url, arguments: arguments, essdn: discovery.legacyDN, http: http)

    // The exact bytes of an empty-poll response body, for the trivial handler to return.
    var probe: [UInt8] = []
    MAPIHTTPExecuteRequest(flags: 0, ropBuffer: { var b: [UInt8] = []; var p: [UInt8] = []; RopBuffer(ropsList: [], handleTable: []).encode(into: &p); ExtendedBuffer.encode(payload: p, compress: false, obfuscate: false, last: true, into: &b); return b }(), maxRopOut: 0x10000).encode(into: &probe)
    let sample = try await session.client.send("Execute", body: probe)
    let size = sample.body.count + sample.metaTags.joined(separator: "\r\n").utf8.count + 4
    let payload = ByteBuffer(bytes: [UInt8](repeating: 0x41, count: size))

    let router = Router()
    router.post("/trivial") { _, _ in Response(status: .ok, headers: [.contentType: "application/mapi-http"], body: .init(byteBuffer: payload)) }
    let portStream = AsyncStream<Int>.makeStream()
    let appWithPort = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { channel in
        portStream.continuation.yield(channel.localAddress?.port ?? 0)
    })
    let serverTask = Task { try await appWithPort.runService(gracefulShutdownSignals: []) }
    var port = 0
    for await value in portStream.stream { port = value; break }
    let trivialClient = HeraldHTTPClient(baseURL: "http://127.0.0.1:\(port)")

    var herald: [Double] = []
    var trivial: [Double] = []
    let clock = ContinuousClock()
    for index in 0..<(arguments.requests + 100) {
        let heraldTime = try await clock.measure { _ = try await session.client.send("Execute", body: probe) }
        let trivialTime = try await clock.measure {
            let response = try await trivialClient.execute(.init(method: .POST, path: "/trivial", headers: ["Content-Type": "application/mapi-http"],
                                                                 body: ByteBuffer(bytes: probe), timeout: .seconds(30)))
            guard response.status == .ok else { throw HeraldError("trivial handler: HTTP \(response.status.code)") }
        }
        if index >= 100 {  // warm-up
            herald.append(milliseconds(heraldTime))
            trivial.append(milliseconds(trivialTime))
        }
    }
    serverTask.cancel()
    trivialClient.shutdown()
    print(String(format: "Execute empty poll: median %.3f ms, p90 %.3f ms; trivial Hummingbird handler (%d bytes): median %.3f ms, p90 %.3f ms; ratio of medians %.2f×",
                 median(herald), percentile(herald, 0.9), size, median(trivial), percentile(trivial, 0.9), median(herald) / median(trivial)))
}

let arguments = Arguments(CommandLine.arguments)
switch arguments.mode {
case "waits": try await runWaits(arguments)
case "poll": try await runPoll(arguments)
default:
    print("usage: herald-load waits|poll --data DIR [--sessions N] [--requests N] [--user demo --password demo]")
}
