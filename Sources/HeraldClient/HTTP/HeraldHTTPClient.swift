import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Herald's own small HTTP/1.1 client on SwiftNIO, for one endpoint (`http://` or `https://`):
/// the MAPI/HTTP client behind `herald watch`, the admin client and `herald-load`.
///
/// Requests go over persistent keep-alive connections from a small pool (at most
/// ``Configuration/maximumConnections``; further requests wait for one to come free). A connection
/// the server closes — `Connection: close` or EOF — leaves the pool; a request that fails because
/// the idle connection it reused was closed before any byte of the response arrived is retried
/// once on a new connection. Every request has a deadline and a response-body limit.
///
/// All connections run on `MultiThreadedEventLoopGroup.singleton` unless told otherwise; idle ones
/// are closed by ``shutdown()`` or when the client is released.
public final class HeraldHTTPClient: Sendable {
    /// The base URL as given.
    public let baseURL: String
    /// nil when `baseURL` does not parse; every request then throws ``HTTPClientError/invalidURL(_:)``.
    public let endpoint: HTTPEndpoint?
    public let configuration: Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let pool: NIOLockedValueBox<PoolState>

    private struct PoolState {
        var idle: [any Channel] = []
        /// Open connections plus those being opened.
        var open = 0
        var opened = 0
        /// Requests waiting for a connection, first come first served.
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Lease, any Error>)] = []
        var lastWaiterID: UInt64 = 0
        var sslContext: NIOSSLContext?
        var isShutDown = false
    }

    private enum Lease {
        case reuse(any Channel)
        case connect
    }

    public init(baseURL: String, configuration: Configuration = Configuration(),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.baseURL = baseURL
        self.endpoint = HTTPEndpoint(url: baseURL)
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.pool = NIOLockedValueBox(PoolState())
    }

    deinit {
        for channel in pool.withLockedValue({ $0.idle }) { channel.close(promise: nil) }
    }

    /// Sends `request` and reads the whole response (up to the body limit).
    public func execute(_ request: Request) async throws -> Response {
        try await perform(request) { channel in
            let promise = channel.eventLoop.makePromise(of: Response.self)
            return (.collect(promise), promise.futureResult)
        }
    }

    /// Sends `request` and returns once the response head has arrived; the body follows in
    /// ``StreamingResponse/body`` as the server sends it. The request's deadline covers the body too.
    public func stream(_ request: Request) async throws -> StreamingResponse {
        try await perform(request) { channel in
            let promise = channel.eventLoop.makePromise(of: StreamingResponse.self)
            let (body, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            continuation.onTermination = { termination in
                // The reader gave up before the end: the rest of the body would poison the connection.
                if case .cancelled = termination { channel.close(promise: nil) }
            }
            return (.stream(promise, body, continuation), promise.futureResult)
        }
    }

    /// `GET path` with the configured limits.
    public func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Response {
        try await execute(Request(method: .GET, path: path, headers: headers))
    }

    /// Closes the idle connections and refuses new requests; requests in flight finish first.
    public func shutdown() {
        let (idle, waiters) = pool.withLockedValue { state in
            state.isShutDown = true
            defer { state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        for channel in idle { channel.close(promise: nil) }
        for waiter in waiters { waiter.continuation.resume(throwing: HTTPClientError.shutDown) }
    }

    public var statistics: Statistics {
        pool.withLockedValue { Statistics(connectionsOpened: $0.opened, openConnections: $0.open, idleConnections: $0.idle.count, waitingRequests: $0.waiters.count) }
    }

    // MARK: Requests

    private func perform<Result: Sendable>(
        _ request: Request,
        makeSink: (any Channel) -> (HTTPExchange.Sink, EventLoopFuture<Result>)
    ) async throws -> Result {
        guard let endpoint else { throw HTTPClientError.invalidURL(baseURL) }
        var head = HTTPRequestHead(version: .http1_1, method: request.method, uri: endpoint.pathPrefix + request.path, headers: request.headers)
        if !head.headers.contains(name: "Host") { head.headers.add(name: "Host", value: endpoint.hostHeader) }
        if let body = request.body {
            head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        } else if request.method == .POST || request.method == .PUT || request.method == .PATCH {
            head.headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        let deadline = request.deadline ?? .now() + configuration.requestTimeout
        let limit = request.maximumResponseBodySize ?? configuration.maximumResponseBodySize
        var mayRetry = true
        while true {
            let (channel, reused) = try await lease(endpoint, reuseIdle: mayRetry)
            let (sink, result) = makeSink(channel)
            let exchange = HTTPExchange(head: head, body: request.body, deadline: deadline, maximumBodySize: limit, sink: sink)
            // A channel that closed before the handler saw the exchange fails the write only.
            channel.writeAndFlush(exchange).whenFailure { _ in exchange.fail(HTTPClientError.closedBeforeResponse) }
            do {
                return try await withTaskCancellationHandler {
                    try await result.get()
                } onCancel: {
                    channel.close(promise: nil)
                }
            } catch HTTPClientError.closedBeforeResponse where reused && mayRetry && !Task.isCancelled {
                // The server closed the idle connection as we reused it: once more on a new one.
                mayRetry = false
            } catch where Task.isCancelled {
                throw CancellationError()
            }
        }
    }

    // MARK: Pool

    /// An idle connection (reused: true) or a new one; waits while ``Configuration/maximumConnections`` are busy.
    private func lease(_ endpoint: HTTPEndpoint, reuseIdle: Bool) async throws -> (any Channel, reused: Bool) {
        let maximum = configuration.maximumConnections
        func decide(_ state: inout PoolState) throws -> Lease? {
            if state.isShutDown { throw HTTPClientError.shutDown }
            if reuseIdle {
                while let channel = state.idle.popLast() {
                    if channel.isActive { return .reuse(channel) }
                }
            }
            if state.open < maximum {
                state.open += 1
                return .connect
            }
            return nil
        }
        var lease = try pool.withLockedValue { try decide(&$0) }
        if lease == nil {
            let id = pool.withLockedValue { state in
                state.lastWaiterID += 1
                return state.lastWaiterID
            }
            lease = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                    do {
                        let now = try pool.withLockedValue { state -> Lease? in
                            let now = try decide(&state)
                            if now == nil {
                                // Checked under the lock: onCancel takes it too, so one of the two sees the other.
                                if Task.isCancelled { throw CancellationError() }
                                state.waiters.append((id, continuation))
                            }
                            return now
                        }
                        if let now { continuation.resume(returning: now) }
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            } onCancel: {
                let waiter = pool.withLockedValue { state in
                    state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0).continuation }
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
        switch lease {
        case let .reuse(channel)?:
            return (channel, true)
        case .connect?, nil:
            do {
                return (try await connect(endpoint), false)
            } catch {
                connectionGone()
                throw error
            }
        }
    }

    /// A connection finished its response and can carry another request.
    private func release(_ channel: any Channel) {
        let waiter: CheckedContinuation<Lease, any Error>? = pool.withLockedValue { state in
            if state.isShutDown { return nil }
            if !state.waiters.isEmpty { return state.waiters.removeFirst().continuation }
            state.idle.append(channel)
            return nil
        }
        if let waiter {
            waiter.resume(returning: .reuse(channel))
        } else if pool.withLockedValue({ $0.isShutDown }) {
            channel.close(promise: nil)
        }
    }

    /// A connection closed (or never opened): its place goes to the next waiter, if any.
    private func connectionGone(_ channel: (any Channel)? = nil) {
        let waiter: CheckedContinuation<Lease, any Error>? = pool.withLockedValue { state in
            if let channel { state.idle.removeAll { $0 === channel } }
            state.open -= 1
            guard !state.waiters.isEmpty else { return nil }
            state.open += 1
            return state.waiters.removeFirst().continuation
        }
        waiter?.resume(returning: .connect)
    }

    private func connect(_ endpoint: HTTPEndpoint) async throws -> any Channel {
        let sslContext = endpoint.scheme == .https ? try tlsContext() : nil
        let serverHostname = endpoint.isIPLiteral ? nil : endpoint.host
        let loop = eventLoopGroup.next()
        let handshake = sslContext == nil ? nil : loop.makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(configuration.connectTimeout)
            .channelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext, let handshake {
                        try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                        try pipeline.addHandler(TLSHandshakeWaiter(handshake: handshake))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(HTTPClientConnectionHandler { [weak self] channel in
                        if let self { self.release(channel) } else { channel.close(promise: nil) }
                    })
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            handshake?.fail(HTTPClientError.connectFailed(endpoint.hostHeader, reason: "\(error)"))
            throw Self.connectError(error, endpoint: endpoint)
        }
        if let handshake {
            do {
                try await handshake.futureResult.get()
            } catch {
                channel.close(promise: nil)
                throw (error as? HTTPClientError) ?? .tlsFailed(String(describing: error))
            }
        }
        pool.withLockedValue { $0.opened += 1 }
        channel.closeFuture.whenComplete { [weak self] _ in self?.connectionGone(channel) }
        return channel
    }

    private func tlsContext() throws -> NIOSSLContext {
        if let context = pool.withLockedValue({ $0.sslContext }) { return context }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration.tls)
        } catch {
            throw HTTPClientError.tlsFailed("TLS configuration: \(error)")
        }
        pool.withLockedValue { $0.sslContext = context }
        return context
    }

    static func connectError(_ error: any Error, endpoint: HTTPEndpoint) -> HTTPClientError {
        let address = endpoint.hostHeader
        if let error = error as? ChannelError, case .connectTimeout = error { return .connectTimeout(address) }
        var underlying: [any Error] = [error]
        if let error = error as? NIOConnectionError {
            underlying = error.connectionErrors.map(\.error)
            if let dns = error.dnsAError ?? error.dnsAAAAError, underlying.isEmpty { return .connectFailed(address, reason: "\(dns)") }
        }
        if underlying.contains(where: { ($0 as? IOError)?.errnoCode == ECONNREFUSED }) { return .connectionRefused(address) }
        if underlying.contains(where: { ($0 as? ChannelError).map { if case .connectTimeout = $0 { true } else { false } } ?? false }) {
            return .connectTimeout(address)
        }
        return .connectFailed(address, reason: underlying.map { "\($0)" }.joined(separator: "; "))
    }
}
