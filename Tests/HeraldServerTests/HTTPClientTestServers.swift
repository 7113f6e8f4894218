import HeraldClient
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Opens once; every `wait()` before or after that returns once it is open.
final class TestGate: Sendable {
    private let state = NIOLockedValueBox<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLockedValue { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if ready { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLockedValue { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A request context that knows the client's port, so a test can tell which connection carried a request.
struct PeerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peerPort: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerPort = source.channel.remoteAddress?.port ?? -1
    }
}

/// A real Hummingbird server on 127.0.0.1 with an ephemeral port, for ``HeraldHTTPClient`` tests.
struct HummingbirdTestServer {
    let port: Int
    let task: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start(_ routes: (Router<PeerRequestContext>) -> Void) async throws -> HummingbirdTestServer {
        let router = Router(context: PeerRequestContext.self)
        routes(router)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "http-client-test-server")
        // Stopping by cancellation logs errors that say nothing about the client under test.
        logger.logLevel = .critical
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await application.runService(gracefulShutdownSignals: [])
        }
        for await port in ports { return HummingbirdTestServer(port: port, task: task) }
        try await task.value
        throw HTTPClientError.connectionRefused("the test server did not start")
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// A bare NIO server speaking just enough HTTP/1.1 to misbehave on cue: it answers each request
/// (a GET: everything up to an empty line) with a keep-alive `200 ok`, unless `behaviour` says to
/// close the connection instead of answering, or right after answering.
final class MisbehavingHTTPServer: Sendable {
    enum Action: Sendable {
        case answer
        case closeInsteadOfAnswering
        case answerThenClose
    }

    let channel: any Channel
    private let accepted: NIOLockedValueBox<Int>
    var port: Int { channel.localAddress?.port ?? 0 }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var connectionsAccepted: Int { accepted.withLockedValue { $0 } }

    /// `behaviour(connectionIndex, requestIndex)`, both counted from 0.
    init(behaviour: @escaping @Sendable (Int, Int) -> Action) async throws {
        let counter = NIOLockedValueBox(0)
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let index = counter.withLockedValue { value in defer { value += 1 }; return value }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(connection: index, behaviour: behaviour))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        accepted = counter
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let connection: Int
        let behaviour: @Sendable (Int, Int) -> Action
        var received: [UInt8] = []
        var requests = 0

        init(connection: Int, behaviour: @escaping @Sendable (Int, Int) -> Action) {
            self.connection = connection
            self.behaviour = behaviour
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += unwrapInboundIn(data).readableBytesView
            while let end = Self.endOfHead(received) {
                received.removeFirst(end)
                let action = behaviour(connection, requests)
                requests += 1
                switch action {
                case .closeInsteadOfAnswering:
                    context.close(promise: nil)
                    return
                case .answer, .answerThenClose:
                    let response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response)), promise: nil)
                    if case .answerThenClose = action {
                        context.close(promise: nil)
                        return
                    }
                }
            }
        }

        static func endOfHead(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index + 4
            }
            return nil
        }
    }
}
