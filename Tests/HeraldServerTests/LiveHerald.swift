import HTTPTestSupport
import Foundation
import HeraldClient
import HeraldServer
import Logging
import MAPIWire
import Testing

/// A real `herald serve` (the same assembly the CLI runs) on 127.0.0.1 with an ephemeral port and
/// a temporary data directory, shut down gracefully at the end of a test.
struct LiveHerald: Sendable {
    static let password = "correct horse"
    let port: Int
    let handle: ServiceGroupHandle
    let task: Task<Void, any Error>
    let options: HeraldServerOptions

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var dataDirectory: String { options.dataDirectory }
    /// The DCE/RPC port (`options.rpcListen`), as published in server.json.
    var rpcPort: Int? { HeraldDataDirectory(path: dataDirectory).readServerInfo()?.rpcPort }

    /// Users alice and bob (password ``password``) exist before the server starts.
    static func start(users: [String] = ["alice", "bob"], _ configure: (inout HeraldServerOptions) -> Void = { _ in }) async throws -> LiveHerald {
        var options = HeraldServerOptions()
        options.dataDirectory = temporaryDirectory("live")
        options.listen = "127.0.0.1:0"
        options.passwordIterations = 100_000
        // Long keep-alive period unless a test wants PENDING, so a loaded machine cannot slip one
        // into a response checked byte for byte.
        options.pendingPeriodMilliseconds = 20_000
        configure(&options)
        let setup = options
        _ = try await HeraldAdmin.perform(dataDirectory: options.dataDirectory, domain: options.domain) { _ in () } local: { accounts in
            for user in users {
                try HeraldAccounts(backend: accounts.backend, store: accounts.store, domain: setup.domain,
                                   hasher: .init(iterations: setup.passwordIterations)).addUser(user, password: password)
            }
        }
        var logger = Logger(label: "herald-test")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream<(Int, ServiceGroupHandle)>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await HeraldServe.run(options: setup, logger: logger, gracefulShutdownSignals: []) { port, handle in
                continuation.yield((port, handle))
            }
        }
        for await (port, handle) in ports {
            return LiveHerald(port: port, handle: handle, task: task, options: options)
        }
        try await task.value
        throw HeraldError("the server stopped before listening")
    }

    /// Graceful shutdown; rethrows what the server threw.
    func stop() async throws {
        await handle.triggerGracefulShutdown()
        try await task.value
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// Runs `body` against a started server and always stops it.
    static func with(users: [String] = ["alice", "bob"], _ configure: (inout HeraldServerOptions) -> Void = { _ in },
                     _ body: (LiveHerald) async throws -> Void) async throws {
        let server = try await start(users: users, configure)
        do {
            try await body(server)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    func client(_ user: String = "alice", password: String = LiveHerald.password) -> MAPIHTTPClient {
        MAPIHTTPClient(baseURL: baseURL, userName: user, password: password)
    }

    static func essdn(_ user: String) -> String { HeraldAccounts.essdn(for: user) }
}

/// Polls `condition` every 20 ms until it holds (true) or `limit` has passed (false): the one way
/// these suites wait for something another task or process does, so no wait is unbounded.
func eventually(within limit: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while !(await condition()) {
        if ContinuousClock.now > deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}

/// Headers of a well-formed mailbox request, for the raw client.
func mapiHeaders(_ type: String, user: String = "alice", password: String = LiveHerald.password, cookies: [String: String] = [:],
                 requestId: String = "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:1") -> [(String, String)] {
    var headers: [(String, String)] = [
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()),
        ("Content-Type", "application/mapi-http"),
        ("X-RequestType", type),
        ("X-RequestId", requestId),
        ("X-ClientInfo", "{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:7"),
        ("X-ClientApplication", "Outlook/16.0.17928.20114"),
    ]
    if !cookies.isEmpty {
        headers.append(("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")))
    }
    return headers
}

/// Splits an inner stream into its meta-tag / header lines and the binary body after the empty line.
func splitInnerStream(_ body: [UInt8]) -> (lines: [String], payload: [UInt8])? {
    guard let end = RawHTTPClient.find([13, 10, 13, 10], in: body, from: 0) else { return nil }
    let text = String(decoding: body[..<end], as: UTF8.self)
    return (text.components(separatedBy: "\r\n"), Array(body[(end + 4)...]))
}

/// An Execute request body around one ROP buffer.
func executeBody(_ rops: RopBuffer, flags: UInt32 = 0, maxRopOut: UInt32 = 0x10000, compress: Bool = false, obfuscate: Bool = false) -> [UInt8] {
    var payload: [UInt8] = []
    rops.encode(into: &payload)
    var framed: [UInt8] = []
    ExtendedBuffer.encode(payload: payload, compress: compress, obfuscate: obfuscate, last: true, into: &framed)
    var body: [UInt8] = []
    MAPIHTTPExecuteRequest(flags: flags, ropBuffer: framed, maxRopOut: maxRopOut).encode(into: &body)
    return body
}

func logonRops(_ user: String) -> RopBuffer {
    var rops: [UInt8] = []
    RopLogonRequest(logonID: 0, outputHandleIndex: 0, logonFlags: RopLogonRequest.LogonFlags.private,
                    openFlags: RopLogonRequest.OpenFlags.homeLogon, distinguishedName: LiveHerald.essdn(user)).encode(into: &rops)
    return RopBuffer(ropsList: rops, handleTable: [RopBuffer.unusedHandle])
}

func registerRops(logonHandle: UInt32, types: NotificationTypes = [.newMail, .objectCreated, .objectModified, .objectDeleted],
                  scope: RopRegisterNotificationRequest.Scope = .wholeStore) -> RopBuffer {
    var rops: [UInt8] = []
    RopRegisterNotificationRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: types, scope: scope).encode(into: &rops)
    return RopBuffer(ropsList: rops, handleTable: [logonHandle, RopBuffer.unusedHandle])
}

/// A logged-on session subscribed to notifications; returns the session, the logon handle and the
/// logon's special folders.
func subscribedSession(_ server: LiveHerald, user: String = "alice", types: NotificationTypes = [.newMail, .objectCreated, .objectModified, .objectDeleted],
                       scope: ((RopLogonResponse.PrivateMailboxFolders) -> RopRegisterNotificationRequest.Scope)? = nil) async throws
    -> (MailboxClientSession, UInt32, RopLogonResponse.PrivateMailboxFolders) {
    let session = MailboxClientSession(client: server.client(user))
    try await session.connect(userDN: LiveHerald.essdn(user))
    let reply = try await session.execute(logonRops(user))
    let buffer = try #require(reply.first)
    let logon = try #require(try RopResponseReader.decodeAll(buffer.ropsList).first)
    guard case let .logon(response) = logon.response, case let .privateMailbox(mailbox) = response.body else {
        Issue.record("RopLogon failed: \(logon.response)")
        throw HeraldError("logon")
    }
    let handle = try #require(buffer.handleTable.first)
    let registered = try await session.execute(registerRops(logonHandle: handle, types: types, scope: scope?(mailbox.folderIDs) ?? .wholeStore))
    let registeredBuffer = try #require(registered.first)
    let element = try #require(try RopResponseReader.decodeAll(registeredBuffer.ropsList).first)
    guard case let .registerNotification(register) = element.response, register.returnValue == .success else {
        Issue.record("RopRegisterNotification failed: \(element.response)")
        throw HeraldError("register")
    }
    return (session, handle, mailbox.folderIDs)
}

/// Every RopNotify and RopPending in response buffers.
func notifications(_ buffers: [RopBuffer]) throws -> (notifies: [RopNotify], pending: Bool) {
    var notifies: [RopNotify] = []
    var pending = false
    for buffer in buffers {
        for element in try RopResponseReader.decodeAll(buffer.ropsList) {
            switch element.response {
            case let .notify(notify): notifies.append(notify)
            case .pending: pending = true
            default: break
            }
        }
    }
    return (notifies, pending)
}
