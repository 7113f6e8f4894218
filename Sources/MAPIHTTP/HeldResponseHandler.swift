import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers held NotificationWait requests from the event loop (MS-OXCMAPIHTTP 3.2.5.5).
///
/// A held wait used to keep a Swift task (the response body writer) suspended, and the wake-up of
/// 10,000 of them was 10,000 task resumptions and 10,000 trips through the async channel writer.
/// With this handler in the HTTP/1 pipeline (``MAPIHTTPServer/makeChannelHandlers()``), the route
/// answers a NotificationWait the usual way up to `PROCESSING` and ends its body at once; the
/// handler keeps that end back, and the endpoint's completion (``HeldResponse/complete(_:)``)
/// hands the tail to this event loop, which writes tail and end and flushes. No task is involved.
///
/// Responses still leave in request order: while an end is held, later writes (a pipelined
/// request's response) queue behind it. `PENDING` keep-alives are written here while the end is
/// held. When the channel closes, running waits are cancelled.
///
/// Sits after Hummingbird's HTTP/1 codec and before its connection state handler, so it sees
/// `HTTPRequestPart` / `HTTPResponsePart`.
public final class HeldResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let registry: HeldResponseRegistry
    /// One entry per request whose response has not ended, in request order: the held response
    /// prepared for it, if it is a NotificationWait.
    private var requests = CircularBuffer<HeldResponse?>()
    /// The response whose end is kept back, and the end's promise.
    private var held: (response: HeldResponse, endPromise: EventLoopPromise<Void>?)?
    /// Writes that came after the held end.
    private var queued = CircularBuffer<(part: HTTPResponsePart, promise: EventLoopPromise<Void>?)>()
    /// Closes asked for while an end was held (`Connection: close`, shutdown): they wait for it.
    private var deferredCloses: [(mode: CloseMode, promise: EventLoopPromise<Void>?)] = []
    private var closed = false
    /// The HTTP/1 encoder's context, below which a released tail is written already framed.
    private var encoder: ChannelHandlerContext?

    init(registry: HeldResponseRegistry) {
        self.registry = registry
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        encoder = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
    }

    // MARK: Inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var request) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        if request.headerFields[.heldResponse] != nil {
            request.headerFields[.heldResponse] = nil
        }
        var response: HeldResponse?
        if !closed, Self.isNotificationWait(request) {
            let prepared = registry.register(handler: self, context: context)
            request.headerFields[.heldResponse] = String(prepared.id)
            response = prepared
        }
        requests.append(response)
        context.fireChannelRead(wrapInboundOut(.head(request)))
    }

    /// POST /mapi/emsmdb[/] with `X-RequestType: NotificationWait`; the route validates the rest.
    static func isNotificationWait(_ request: HTTPRequest) -> Bool {
        guard request.method == .post,
              var path = request.path?.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first
        else { return false }
        if path.hasSuffix("/") { path = path.dropLast() }
        // The router's path for the mailbox endpoint (MAPIHTTPServer.addRoutes).
        guard path == "/mapi/emsmdb", let type = request.headerFields[.xRequestType] else { return false }
        return MAPIHTTPRequestType(headerValue: type) == .notificationWait
    }

    // MARK: Outbound

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        write(unwrapOutboundIn(data), promise: promise, context: context)
    }

    private func write(_ part: HTTPResponsePart, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        guard held == nil else {
            queued.append((part, promise))
            return
        }
        // Only an end (never a 1xx head) finishes a request's response.
        guard case .end = part else {
            context.write(wrapOutboundOut(part), promise: promise)
            return
        }
        guard let response = requests.popFirst() ?? nil else {
            context.write(wrapOutboundOut(part), promise: promise)
            return
        }
        registry.remove(response)
        switch response.endReached() {
        case .passThrough:
            context.write(wrapOutboundOut(part), promise: promise)
        case .writeAnswerAndEnd(let tail, let pendingFirst):
            if pendingFirst { writeKeepAliveChunk(context: context) }
            writeTailAndEnd(tail, endPromise: promise, context: context)
        case .hold(let pendingFirst):
            if pendingFirst { writeKeepAliveChunk(context: context) }
            held = (response, promise)
        case .drop:
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    /// The held response's tail arrived (``HeldResponse/complete(_:)``): tail, end, then whatever
    /// queued behind them.
    func release(_ response: HeldResponse, tail: ByteBuffer, context: ChannelHandlerContext) {
        guard let held, held.response === response else { return }
        self.held = nil
        writeTailAndEnd(tail, endPromise: held.endPromise, context: context)
        while self.held == nil, let next = queued.popFirst() {
            write(next.part, promise: next.promise, context: context)
        }
        context.flush()
        if self.held == nil, !deferredCloses.isEmpty {
            let closes = deferredCloses
            deferredCloses = []
            for close in closes { context.close(mode: close.mode, promise: close.promise) }
        }
    }

    /// The tail as the response's last chunk, then the end.
    ///
    /// With NIO's HTTP/1 encoder in the pipeline (Hummingbird's HTTP/1 channel), tail and end are
    /// written below it as one buffer, framed as the encoder frames them (RFC 9112 7.1: the chunk
    /// size in hex, CRLF, the data, CRLF, then the last chunk, `0` CRLF CRLF): one write instead of
    /// four through three handlers, and one iovec. A delivery can wake ten thousand waits, and
    /// those pipeline writes were a quarter of the event loops' time in that wake-up's profile. The
    /// encoder keeps no state between a chunk and the end of a response (the next head sets it
    /// afresh), so skipping it for these two parts changes nothing for later responses.
    private func writeTailAndEnd(_ tail: ByteBuffer, endPromise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        guard let encoder, tail.readableBytes > 0 else {
            context.write(wrapOutboundOut(.body(tail)), promise: nil)
            context.write(wrapOutboundOut(.end(nil)), promise: endPromise)
            return
        }
        var framed = ByteBuffer()
        framed.reserveCapacity(16 + tail.readableBytes + 9)
        Self.writeHex(tail.readableBytes, into: &framed)
        framed.writeStaticString("\r\n")
        framed.writeImmutableBuffer(tail)
        framed.writeStaticString("\r\n0\r\n\r\n")
        encoder.write(NIOAny(IOData.byteBuffer(framed)), promise: endPromise)
    }

    /// The chunk size: lower-case hex digits, no leading zeros (RFC 9112 7.1).
    static func writeHex(_ value: Int, into buffer: inout ByteBuffer) {
        let digits: StaticString = "0123456789abcdef"
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4
        if shift < 0 { shift = 0 }
        while shift >= 0 {
            buffer.writeInteger(digits.utf8Start[(value >> shift) & 0xF])
            shift -= 4
        }
    }

    /// A pending period passed while `response`'s end is held (MS-OXCMAPIHTTP 3.2.5.2).
    func writeKeepAlive(for response: HeldResponse, context: ChannelHandlerContext) {
        guard let held, held.response === response else { return }
        writeKeepAliveChunk(context: context)
        context.flush()
    }

    private func writeKeepAliveChunk(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: MAPIHTTPInnerStream.pending))), promise: nil)
    }

    // MARK: Closing

    /// A close (Hummingbird closes after the end of a `Connection: close` request, or when it
    /// quiesces at shutdown) waits for a held end, so the answer is not cut off. Herald's shutdown
    /// completes every held wait before the HTTP server quiesces.
    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard held != nil, mode != .input else {
            context.close(mode: mode, promise: promise)
            return
        }
        deferredCloses.append((mode, promise))
    }

    public func channelInactive(context: ChannelHandlerContext) {
        closeAll()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        closeAll()
    }

    /// Cancels the running waits and fails what can no longer be written.
    private func closeAll() {
        closed = true
        let held = self.held
        self.held = nil
        held?.response.channelClosed()
        held?.endPromise?.fail(ChannelError.ioOnClosedChannel)
        while let request = requests.popFirst() {
            guard let request else { continue }
            registry.remove(request)
            request.channelClosed()
        }
        while let write = queued.popFirst() {
            write.promise?.fail(ChannelError.ioOnClosedChannel)
        }
        let closes = deferredCloses
        deferredCloses = []
        for close in closes { close.promise?.succeed() }
    }
}
