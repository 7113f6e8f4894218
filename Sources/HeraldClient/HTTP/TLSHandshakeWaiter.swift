import NIOCore
import NIOSSL
import NIOTLS

/// Holds a new https connection back until its TLS handshake has finished, so that a certificate
/// the client does not trust is reported as ``HTTPClientError/tlsFailed(_:)`` when the connection
/// is made, never as a connection that closed under a request (which is what a request written
/// during a failing handshake would otherwise see, depending on timing).
final class TLSHandshakeWaiter: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    private let handshake: EventLoopPromise<Void>
    private var settled = false

    init(handshake: EventLoopPromise<Void>) {
        self.handshake = handshake
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { settle(nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        settle(HTTPClientError.tlsFailed(String(describing: error)))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        settle(HTTPClientError.tlsFailed("the server closed the connection during the TLS handshake"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        settle(HTTPClientError.tlsFailed("the connection closed during the TLS handshake"))
    }

    private func settle(_ failure: HTTPClientError?) {
        guard !settled else { return }
        settled = true
        if let failure { handshake.fail(failure) } else { handshake.succeed() }
    }
}
