import NIOCore

/// Merges the flushes requested during one turn of the event loop into one, so the parts of a
/// response written back to back leave in one `writev` and one TCP segment.
///
/// Hummingbird's response body writer hands every `write` and the final `finish` to the event loop
/// separately, and each is flushed on its own: the last chunk of a MAPI/HTTP response (`DONE`, the
/// additional headers and the body) and the chunked terminator went out as two system calls and two
/// segments, which the client also read twice. With this handler in the pipeline a flush is
/// deferred to a task enqueued behind the writes already waiting, and the flushes in between
/// collapse into it. Nothing is reordered or held beyond that task: a close flushes first.
public final class FlushCoalescingHandler: ChannelOutboundHandler, RemovableChannelHandler {
    public typealias OutboundIn = Any

    private var flushScheduled = false
    private var removed = false

    public init() {}

    public func flush(context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let (handler, context) = bound.value
            guard handler.flushScheduled, !handler.removed else { return }
            handler.flushScheduled = false
            context.flush()
        }
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        flushNowIfScheduled(context: context)
        context.close(mode: mode, promise: promise)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        flushNowIfScheduled(context: context)
        removed = true
    }

    private func flushNowIfScheduled(context: ChannelHandlerContext) {
        guard flushScheduled else { return }
        flushScheduled = false
        context.flush()
    }
}
