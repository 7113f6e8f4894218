import HTTPTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
@testable import MAPIHTTP

/// A stand-in for the ROP processor: recognisable bodies, a NotificationWait held until the test
/// opens the gate, and its own error for bodies it does not understand.
actor FakeMailboxEndpoint: MailboxEndpoint {
    static let executeMagic: [UInt8] = Array("EXEC".utf8)
    private var nextHandle: UInt64 = 1
    private(set) var released: [(MailboxSessionHandle, MailboxSessionReleaseReason)] = []
    private(set) var disconnected: [MailboxSessionHandle] = []
    private(set) var executeBodies: [[UInt8]] = []
    private(set) var waitsStarted = 0
    /// Waits that ended because the transport cancelled them (client gone).
    private(set) var waitsCancelled = 0
    private(set) var heldExecutesStarted = 0
    private let executeGate = AsyncStream<Void>.makeStream()
    private var gate: AsyncStream<Void>.Continuation?
    private var gateStream: AsyncStream<Void>?

    init() {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        gateStream = stream
        gate = continuation
    }

    func connect(user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> MailboxConnectOutcome {
        if requestBody == Array("garbage".utf8) {
            throw MAPIHTTPFailure(.invalidRequestBody, "The Connect body does not decode.")
        }
        if requestBody == Array("refuse".utf8) {
            return .refused(responseBody: [0x01, 0x00, 0x00, 0x00])
        }
        let handle = MailboxSessionHandle(rawValue: nextHandle)
        nextHandle += 1
        return .established(session: handle, responseBody: Array("connected \(user.name) \(handle.rawValue)".utf8))
    }

    func execute(session: MailboxSessionHandle, user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> [UInt8] {
        guard requestBody.starts(with: Self.executeMagic) else {
            throw MAPIHTTPFailure(.invalidRequestBody, "The Execute body does not decode.")
        }
        executeBodies.append(requestBody)
        if requestBody == Array("EXEC-hold".utf8) {
            heldExecutesStarted += 1
            for await _ in executeGate.stream { break }
        }
        return Array("executed \(session.rawValue):".utf8) + requestBody.dropFirst(4)
    }

    func disconnect(session: MailboxSessionHandle, user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> [UInt8] {
        disconnected.append(session)
        return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    }

    nonisolated func notificationWait(
        session: MailboxSessionHandle,
        user: MailboxUser,
        requestBody: [UInt8],
        completion: @escaping @Sendable (Result<[UInt8], MAPIHTTPFailure>) -> Void
    ) -> MailboxWaitCancellation {
        let task = Task { completion(.success(await self.heldWait())) }
        return MailboxWaitCancellation { task.cancel() }
    }

    /// Held until the gate opens (or the wait is cancelled).
    private func heldWait() async -> [UInt8] {
        waitsStarted += 1
        if let stream = gateStream {
            for await _ in stream { break }
        }
        if Task.isCancelled { waitsCancelled += 1 }
        // StatusCode 0, ErrorCode 0, EventPending 1, AuxiliaryBufferSize 0 (MS-OXCMAPIHTTP 2.2.4.4.2)
        return [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    }

    func release(session: MailboxSessionHandle, reason: MailboxSessionReleaseReason) async {
        released.append((session, reason))
    }

    func releaseHeldExecute() {
        executeGate.continuation.yield()
    }

    func openGate() {
        gate?.yield()
    }
}

struct TestServer {
    static let password = "correct horse"
    let server: MAPIHTTPServer<FakeMailboxEndpoint>
    let endpoint: FakeMailboxEndpoint
    let application: Application<RouterResponder<BasicRequestContext>>

    /// Users alice and bob; PBKDF2 at the production minimum so the tests exercise the real cost.
    /// The keep-alive period is long unless a test wants to see PENDING, so that a loaded machine
    /// cannot slip a keep-alive into a response whose inner stream is checked byte for byte.
    /// `channelHandlers: false` leaves out ``MAPIHTTPServer/makeChannelHandlers()``, so held
    /// NotificationWaits are answered by their route's task instead of the event loop.
    static func make(pendingPeriod: Duration = .seconds(10), channelHandlers: Bool = true) async -> TestServer {
        let configuration = MAPIHTTPConfiguration(pendingPeriod: pendingPeriod, maxRequestBodySize: 64 * 1024)
        let credentials = InMemoryCredentialStore()
        let hasher = PasswordHasher(iterations: PasswordHasher.minimumIterations)
        await credentials.addUser("alice", password: password, displayName: "Alice Liddell", hasher: hasher)
        await credentials.addUser("bob", password: password, displayName: "Bob", hasher: hasher)
        let endpoint = FakeMailboxEndpoint()
        let server = MAPIHTTPServer(configuration: configuration, endpoint: endpoint, credentials: credentials)
        let router = Router()
        server.addRoutes(to: router)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let application = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: channelHandlers ? server.makeChannelHandlers() : [])),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: logger
        )
        return TestServer(server: server, endpoint: endpoint, application: application)
    }

    func run(_ body: @Sendable (Int) async throws -> Void) async throws {
        try await application.test(.live) { client in
            guard let port = client.port else { throw RawHTTPError.malformed("no port") }
            try await body(port)
        }
    }
}

func basic(_ user: String, _ password: String = TestServer.password) -> (String, String) {
    ("Authorization", "Basic " + Base64.encode(Array("\(user):\(password)".utf8)))
}

/// Headers of a well-formed mailbox request.
func mapiHeaders(_ type: String, user: String = "alice", cookies: [String: String] = [:], requestId: String = "E2EA6C1C-E61B-49E9-9CFB-38184F907552:1") -> [(String, String)] {
    var headers: [(String, String)] = [
        basic(user),
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

/// SplitMix64, for reproducible hostile bodies.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
