import NIOCore
import NIOHTTP1
import NIOSSL

/// The client end of one keep-alive HTTP/1.1 connection, above NIO's `HTTPRequestEncoder` and
/// `HTTPResponseDecoder`: sends one ``HTTPExchange`` at a time and routes its response to the
/// exchange's sink, enforcing the deadline and the body limit. All state lives on the event loop.
///
/// When a response ends and the connection may carry another request (`isKeepAlive`: HTTP/1.1
/// without `Connection: close`), `onReusable` hands it back to the pool *before* the response is
/// delivered, so the caller's next request finds it idle; otherwise the connection is closed.
final class HTTPClientConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPExchange
    typealias OutboundOut = HTTPClientRequestPart

    private let onReusable: @Sendable (any Channel) -> Void
    private var exchange: HTTPExchange?
    /// Whether any part of the current response arrived: a connection that fails before that
    /// may be retried (the server closed an idle connection as we reused it).
    private var receivedResponse = false
    private var responseHead: HTTPResponseHead?
    private var collectedBody: ByteBuffer?
    private var bodySize = 0
    private var deadlineTimer: Scheduled<Void>?

    init(onReusable: @escaping @Sendable (any Channel) -> Void) {
        self.onReusable = onReusable
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard self.exchange == nil, context.channel.isActive else {
            // The pool never leases a busy connection; a closed one is the reuse race.
            exchange.fail(HTTPClientError.closedBeforeResponse)
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        self.exchange = exchange
        receivedResponse = false
        responseHead = nil
        collectedBody = nil
        bodySize = 0
        deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: exchange.deadline) { [self] in
            fail(HTTPClientError.deadlineExceeded, context: context)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange else {
            // A response nobody asked for: the connection's framing can no longer be trusted.
            context.close(promise: nil)
            return
        }
        receivedResponse = true
        switch unwrapInboundIn(data) {
        case let .head(head):
            let announced = head.headers.first(name: "Content-Length").flatMap { Int($0) }
            if let announced, announced > exchange.maximumBodySize {
                fail(HTTPClientError.responseBodyTooLarge(limit: exchange.maximumBodySize), context: context)
                return
            }
            responseHead = head
            switch exchange.sink {
            case .collect:
                if let announced, announced > 0 { collectedBody = context.channel.allocator.buffer(capacity: announced) }
            case let .stream(promise, body, _):
                promise.succeed(.init(status: head.status, headers: head.headers, body: body))
            }
        case var .body(part):
            bodySize += part.readableBytes
            guard bodySize <= exchange.maximumBodySize else {
                fail(HTTPClientError.responseBodyTooLarge(limit: exchange.maximumBodySize), context: context)
                return
            }
            switch exchange.sink {
            case .collect:
                if collectedBody == nil { collectedBody = part } else { collectedBody!.writeBuffer(&part) }
            case let .stream(_, _, continuation):
                continuation.yield(part)
            }
        case .end:
            guard let head = responseHead else { return }
            self.exchange = nil
            deadlineTimer?.cancel()
            deadlineTimer = nil
            if head.isKeepAlive { onReusable(context.channel) } else { context.close(promise: nil) }
            switch exchange.sink {
            case let .collect(promise):
                promise.succeed(.init(status: head.status, headers: head.headers,
                                      body: collectedBody ?? context.channel.allocator.buffer(capacity: 0)))
            case let .stream(_, _, continuation):
                continuation.finish()
            }
            responseHead = nil
            collectedBody = nil
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure: HTTPClientError
        if error is NIOSSLError || error is BoringSSLError {
            failure = .tlsFailed(String(describing: error))
        } else if error is HTTPParserError {
            failure = .closedDuringResponse(reason: "malformed response: \(error)")
        } else {
            failure = receivedResponse ? .closedDuringResponse(reason: String(describing: error)) : .closedBeforeResponse
        }
        fail(failure, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if exchange != nil {
            fail(receivedResponse ? HTTPClientError.closedDuringResponse(reason: "the server closed the connection") : .closedBeforeResponse,
                 context: context)
        }
        context.fireChannelInactive()
    }

    /// Ends the current exchange with `error` and closes the connection: after a failure its
    /// framing is unknown.
    private func fail(_ error: HTTPClientError, context: ChannelHandlerContext) {
        let failed = exchange
        exchange = nil
        responseHead = nil
        collectedBody = nil
        deadlineTimer?.cancel()
        deadlineTimer = nil
        failed?.fail(error)
        context.close(promise: nil)
    }
}
