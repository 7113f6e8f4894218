import NIOCore
import NIOHTTP1

/// One request on its way to a connection's ``HTTPClientConnectionHandler``, with where its
/// response goes. Written into the channel so that all per-request state lives on its event loop.
struct HTTPExchange: Sendable {
    enum Sink: Sendable {
        /// Gather the body; complete with the whole response.
        case collect(EventLoopPromise<HeraldHTTPClient.Response>)
        /// Complete with the head as soon as it arrives, then yield body parts to `continuation`.
        case stream(EventLoopPromise<HeraldHTTPClient.StreamingResponse>,
                    AsyncThrowingStream<ByteBuffer, any Error>,
                    AsyncThrowingStream<ByteBuffer, any Error>.Continuation)
    }

    var head: HTTPRequestHead
    var body: ByteBuffer?
    var deadline: NIODeadline
    var maximumBodySize: Int
    var sink: Sink

    /// Fails whatever has not completed yet; completing a promise twice is ignored by NIO.
    func fail(_ error: any Error) {
        switch sink {
        case let .collect(promise):
            promise.fail(error)
        case let .stream(promise, _, continuation):
            promise.fail(error)
            continuation.finish(throwing: error)
        }
    }
}
