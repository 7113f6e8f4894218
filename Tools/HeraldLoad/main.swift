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
import Logging
import MAPIWire
import NIOConcurrencyHelpers
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
    /// trivial-server: the number of body bytes to return.
    var size = 0
    /// waits: how many deliveries wake all sessions.
    var rounds = 3

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
            case "--size": size = Int(value) ?? size
            case "--rounds": rounds = Int(value) ?? rounds
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

/// CPU time (user + system) a process has used, in milliseconds, from /proc/PID/stat.
/// CPU time of a process in milliseconds: the sum of its threads' run time from
/// /proc/PID/task/*/schedstat (nanoseconds; /proc/PID/stat counts 10 ms ticks, too coarse for one
/// wake-up). Threads that exit meanwhile drop out, so use it across short windows only.
func cpuMilliseconds(pid: Int32) -> Double {
    guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return .nan }
    var nanoseconds: UInt64 = 0
    for task in tasks {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8),
              let field = text.split(separator: " ").first, let run = UInt64(field) else { continue }
        nanoseconds += run
    }
    return Double(nanoseconds) / 1e6
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
    try await forEach(Array(0..<count), concurrency: arguments.concurrency) { _ in
        try await openSession(url: url, arguments: arguments, essdn: essdn, http: http)
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
func wakeAll(_ connections: [RawMailboxConnection], metrics: HeraldHTTPClient, pid: Int32, admin: AdminClient, arguments: Arguments) async throws -> (Int, Duration, [Double]) {
    let before = residentKiB(pid: pid)
    // Futures, not a task per wait: a task group of 10,000 children costs the client O(n) per
    // finished child (Swift's TaskGroup::removeChildTask walks the list), which swamped the figure.
    let waits = connections.map { $0.startNotificationWait() }
    // Until the transport holds them all.
    var spins = 0
    while try await parkedWaits(metrics: metrics) < connections.count {
        spins += 1
        if spins > 6_000 { throw HeraldError("waits did not park") }
        try await Task.sleep(for: .milliseconds(10))
    }
    try await Task.sleep(for: .milliseconds(200))
    let parked = residentKiB(pid: pid)
    if connections.count > 1 {
        // A marker for profilers attached to the server (`perf record -p … -- sleep 1`).
        FileHandle.standardError.write(Data("herald-load: \(connections.count) waits parked, delivering\n".utf8))
        if arguments.settle > 0 { try await Task.sleep(for: .milliseconds(arguments.settle)) }
    }
    let serverCPU = cpuMilliseconds(pid: pid)
    let ownCPU = cpuMilliseconds(pid: getpid())
    let start = ContinuousClock.now
    _ = try await admin.deliver(.init(to: arguments.user, subject: "load"))
    let responses = try await collect(waits).get()
    if connections.count > 1 {
        FileHandle.standardError.write(Data(String(format: "herald-load: CPU from the delivery until all answered: server %.1f ms, herald-load %.1f ms\n",
                                                    cpuMilliseconds(pid: pid) - serverCPU, cpuMilliseconds(pid: getpid()) - ownCPU).utf8))
    }
    var latencies: [Double] = []
    var last = start
    for response in responses {
        guard try RawMailboxConnection.eventPending(in: response) else { throw HeraldError("a wait ended without EventPending") }
        latencies.append(milliseconds(response.receivedAt - start))
        last = max(last, response.receivedAt)
    }
    return (parked - before, last - start, latencies)
}

/// Every future's value, in order. Unlike `EventLoopFuture.whenAllSucceed`, a completion is
/// recorded on the loop it happens on, with no hop to a common loop: during a wake-up the tool
/// shares the server's two cores, and ten thousand hops would be charged to the figure.
func collect<Value: Sendable>(_ futures: [EventLoopFuture<Value>]) -> EventLoopFuture<[Value]> {
    let done = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: [Value].self)
    guard !futures.isEmpty else {
        done.succeed([])
        return done.futureResult
    }
    let results = NIOLockedValueBox<(remaining: Int, values: [Value?], failed: Bool)>((futures.count, Array(repeating: nil, count: futures.count), false))
    for (index, future) in futures.enumerated() {
        future.whenComplete { result in
            let outcome = results.withLockedValue { state -> Result<[Value], any Error>? in
                guard !state.failed else { return nil }
                switch result {
                case .failure(let error):
                    state.failed = true
                    return .failure(error)
                case .success(let value):
                    state.values[index] = value
                    state.remaining -= 1
                    guard state.remaining == 0 else { return nil }
                    return .success(state.values.map { $0! })
                }
            }
            if let outcome { done.completeWith(outcome) }
        }
    }
    return done.futureResult
}

/// Empties every session's queue (an empty Execute each) so the next round starts clean.
func drain(_ connections: [RawMailboxConnection], concurrency: Int) async throws {
    _ = try await forEach(connections, concurrency: concurrency) { try await $0.emptyExecute() }
}

/// Runs `body` on every element, at most `concurrency` at a time.
func forEach<Element: Sendable, Result: Sendable>(_ elements: [Element], concurrency: Int, _ body: @escaping @Sendable (Element) async throws -> Result) async throws -> [Result] {
    try await withThrowingTaskGroup(of: Result.self) { group in
        var results: [Result] = []
        var iterator = elements.makeIterator()
        for _ in 0..<concurrency {
            guard let element = iterator.next() else { break }
            group.addTask { try await body(element) }
        }
        while let result = try await group.next() {
            results.append(result)
            if let element = iterator.next() { group.addTask { try await body(element) } }
        }
        return results
    }
}

/// Moves a set-up session onto its own raw connection (see RawMailboxConnection.swift) and
/// closes the client connection that set it up, so the server holds one connection per session.
func takeOver(_ session: MailboxClientSession, url: URLComponents, arguments: Arguments) async throws -> RawMailboxConnection {
    let cookies = await session.client.currentCookies
    session.client.shutdown()
    return try await RawMailboxConnection.connect(host: url.host ?? "127.0.0.1", port: url.port ?? 80, user: arguments.user, password: arguments.password, cookies: cookies)
}

func runWaits(_ arguments: Arguments) async throws {
    let directory = HeraldDataDirectory(path: arguments.data)
    guard let info = directory.readServerInfo() else { throw HeraldError("no running server in \(arguments.data)") }
    let http = HeraldHTTPClient.Configuration(maximumConnections: 2, connectTimeout: .seconds(30), requestTimeout: .seconds(900))
    let admin = AdminClient(info: info)
    let url = info.adminURL
    guard let components = URLComponents(string: url) else { throw HeraldError("bad server URL \(url)") }
    let metrics = HeraldHTTPClient(baseURL: url)
    let discovery = try await MAPIHTTPClient(baseURL: url, userName: arguments.user, password: arguments.password, configuration: http)
        .autodiscover(emailAddress: "\(arguments.user)@\(arguments.domain)")

    // Single-session baseline, five rounds.
    let single = try await takeOver(
        try await openSession(url: url, arguments: arguments, essdn: discovery.legacyDN, http: http), url: components, arguments: arguments)
    var singleTimes: [Double] = []
    for _ in 0..<5 {
        let (_, elapsed, _) = try await wakeAll([single], metrics: metrics, pid: info.pid, admin: admin, arguments: arguments)
        singleTimes.append(milliseconds(elapsed))
        try await drain([single], concurrency: 1)
    }
    try await single.disconnect()

    let rssStart = residentKiB(pid: info.pid)
    let clock = ContinuousClock()
    var connections: [RawMailboxConnection] = []
    let setup = try await clock.measure {
        let sessions = try await openSessions(arguments.sessions, url: url, arguments: arguments, essdn: discovery.legacyDN, http: http)
        connections = try await forEach(sessions, concurrency: arguments.concurrency) { try await takeOver($0, url: components, arguments: arguments) }
    }
    let rssSessions = residentKiB(pid: info.pid)
    var rounds: [(Int, Double, Double, Double)] = []
    for _ in 0..<arguments.rounds {
        let (growth, elapsed, latencies) = try await wakeAll(connections, metrics: metrics, pid: info.pid, admin: admin, arguments: arguments)
        rounds.append((growth, milliseconds(elapsed), percentile(latencies, 0.5), percentile(latencies, 0)))
        try await drain(connections, concurrency: arguments.concurrency)
    }
    let singleMedian = median(singleTimes)
    print("sessions: \(arguments.sessions) (opened in \(setup))")
    print("server RSS: start \(rssStart) KiB, with sessions \(rssSessions) KiB → \((rssSessions - rssStart) * 1024 / max(1, arguments.sessions)) B per idle session")
    for (index, round) in rounds.enumerated() {
        print(String(format: "round %d: RSS growth while parked %d KiB → %d B per held wait; all %d waits answered %.1f ms after the delivery (first %.1f ms, median %.1f ms); ratio to single-session wake %.1f×",
                     index + 1, round.0, round.0 * 1024 / max(1, arguments.sessions), arguments.sessions, round.1, round.3, round.2, round.1 / singleMedian))
    }
    print(String(format: "single-session wake: median %.2f ms of %@", singleMedian, singleTimes.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
    _ = try? await forEach(connections, concurrency: arguments.concurrency) { try await $0.disconnect() }
    metrics.shutdown()
}

func runPoll(_ arguments: Arguments) async throws {
    let directory = HeraldDataDirectory(path: arguments.data)
    guard let info = directory.readServerInfo() else { throw HeraldError("no running server in \(arguments.data)") }
    let url = info.adminURL
    let http = MAPIHTTPClient.defaultHTTPConfiguration
    let discovery = try await MAPIHTTPClient(baseURL: url, userName: arguments.user, password: arguments.password, configuration: http)
        .autodiscover(emailAddress: "\(arguments.user)@\(arguments.domain)")
    guard let components = URLComponents(string: url) else { throw HeraldError("bad server URL \(url)") }
    let session = try await takeOver(
        try await openSession(url: url, arguments: arguments, essdn: discovery.legacyDN, http: http), url: components, arguments: arguments)

    // The exact number of body bytes of an empty-poll response, for the trivial handler to return.
    let size = try await session.emptyExecute().body.readableBytes

    // The trivial handler runs in a process of its own, as Herald does: served from this process it
    // would share the client's event loops (often the very thread that just wrote the request), which
    // no real server enjoys and which made the ratio depend on thread placement.
    let trivialServer = Process()
    trivialServer.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    trivialServer.arguments = ["trivial-server", "--size", "\(size)"]
    let portPipe = Pipe()
    trivialServer.standardOutput = portPipe
    try trivialServer.run()
    defer { trivialServer.terminate() }
    guard let portLine = String(data: portPipe.fileHandleForReading.availableData, encoding: .utf8),
          let port = Int(portLine.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw HeraldError("the trivial server did not report its port")
    }
    // The same client code and request headers for both; only the path differs.
    let trivialConnection = try await RawMailboxConnection.connect(
        host: "127.0.0.1", port: port, user: arguments.user, password: arguments.password,
        cookies: ["MapiContext": String(repeating: "0", count: 64), "MapiSequence": String(repeating: "0", count: 64)], path: "/trivial")

    var herald: [Double] = []
    var trivial: [Double] = []
    for index in 0..<(arguments.requests + 100) {
        let heraldStart = ContinuousClock.now
        let heraldResponse = try await session.emptyExecute()
        let trivialStart = ContinuousClock.now
        let trivialResponse = try await trivialConnection.sendUnchecked()
        guard trivialResponse.head.status == .ok, trivialResponse.body.readableBytes == size else {
            throw HeraldError("trivial handler: HTTP \(trivialResponse.head.status.code), \(trivialResponse.body.readableBytes) bytes")
        }
        if index >= 100 {  // warm-up
            herald.append(milliseconds(heraldResponse.receivedAt - heraldStart))
            trivial.append(milliseconds(trivialResponse.receivedAt - trivialStart))
        }
    }
    trivialConnection.close()
    try await session.disconnect()
    print(String(format: "Execute empty poll: median %.3f ms, p90 %.3f ms; trivial Hummingbird handler (%d body bytes): median %.3f ms, p90 %.3f ms; ratio of medians %.2f×",
                 median(herald), percentile(herald, 0.9), size, median(trivial), percentile(trivial, 0.9), median(herald) / median(trivial)))
}

/// A trivial Hummingbird handler returning `size` bytes at POST /trivial; prints its port, then serves.
func runTrivialServer(_ arguments: Arguments) async throws {
    let payload = ByteBuffer(bytes: [UInt8](repeating: 0x41, count: arguments.size))
    let router = Router()
    router.post("/trivial") { _, _ in Response(status: .ok, headers: [.contentType: "application/mapi-http"], body: .init(byteBuffer: payload)) }
    var quiet = Logger(label: "herald-load.trivial")
    quiet.logLevel = .critical
    let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { channel in
        FileHandle.standardOutput.write(Data("\(channel.localAddress?.port ?? 0)\n".utf8))
    }, logger: quiet)
    try await application.runService(gracefulShutdownSignals: [.sigterm])
}

let arguments = Arguments(CommandLine.arguments)
switch arguments.mode {
case "trivial-server": try await runTrivialServer(arguments)
case "waits": try await runWaits(arguments)
case "poll": try await runPoll(arguments)
default:
    print("usage: herald-load waits|poll --data DIR [--sessions N] [--rounds N] [--settle MS] [--requests N] [--user demo --password demo]")
}
