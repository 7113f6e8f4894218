// A session's own keep-alive HTTP/1.1 connection speaking NotificationWait and Execute with
// nothing between the socket and the bytes: NIOHTTP1's codec and one handler.
//
// The wait figure of issue 8 is about the server; on a 2-core machine the load tool shares the
// CPU with it, so its own per-response cost must be small. A response's arrival is stamped on the
// event loop when its last byte has been parsed, before any task is resumed.
import Foundation
import HeraldClient
import HeraldServer
import MAPIWire
import NIOCore
import NIOHTTP1
import NIOPosix

struct RawResponse: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
    /// When the end of the response was parsed (on the event loop).
    var receivedAt: ContinuousClock.Instant

    /// The request-type body after the inner stream's meta-tags and additional headers
    /// (MS-OXCMAPIHTTP 2.2.7), after checking both X-ResponseCode values are 0.
    func mailboxBody() throws -> [UInt8] {
        guard head.status == .ok else { throw HeraldError("HTTP \(head.status.code)") }
        guard head.headers.first(name: "X-ResponseCode") == "0" else {
            throw HeraldError("X-ResponseCode \(head.headers.first(name: "X-ResponseCode") ?? "missing")")
        }
        let (lines, payload) = try MAPIHTTPClient.splitInnerStream(Array(body.readableBytesView))
        if let failure = lines.first(where: { $0.hasPrefix("X-ResponseCode: ") }) {
            throw HeraldError("the request failed after DONE: \(failure)")
        }
        return payload
    }
}

private struct RawRequest {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var promise: EventLoopPromise<RawResponse>
}

/// Sends one request at a time and completes its promise with the parsed response.
private final class RawExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = RawRequest
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: EventLoopPromise<RawResponse>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard pending == nil else {
            request.promise.fail(HeraldError("a request is already in flight on this connection"))
            return
        }
        pending = request.promise
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
            body = context.channel.allocator.buffer(capacity: 256)
        case .body(var part):
            body?.writeBuffer(&part)
        case .end:
            let now = ContinuousClock.now
            guard let promise = pending, let head, let body else { return }
            pending = nil
            self.head = nil
            self.body = nil
            promise.succeed(RawResponse(head: head, body: body, receivedAt: now))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        pending?.fail(error)
        pending = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.fail(HeraldError("connection closed"))
        pending = nil
        context.fireChannelInactive()
    }
}

/// One MAPI/HTTP session context driven over a single raw connection. Not for concurrent use:
/// one request at a time, as the handler enforces.
final class RawMailboxConnection: @unchecked Sendable {
    private let channel: any Channel
    private let authorization: String
    private let host: String
    private let context: String
    /// Where requests go: the mailbox endpoint, or the trivial handler the poll figure compares with.
    private let path: String
    /// The MapiSequence cookie of the latest response (Execute must present it, 3.2.5.1).
    private var sequence: String
    private var requestCounter = 0

    private init(channel: any Channel, authorization: String, host: String, context: String, sequence: String, path: String) {
        self.channel = channel
        self.path = path
        self.authorization = authorization
        self.host = host
        self.context = context
        self.sequence = sequence
    }

    /// Connects to `host:port` and takes over the session whose cookies are given.
    static func connect(host: String, port: Int, user: String, password: String, cookies: [String: String], path: String = "/mapi/emsmdb/") async throws -> RawMailboxConnection {
        guard let context = cookies["MapiContext"], let sequence = cookies["MapiSequence"] else {
            throw HeraldError("the session has no MapiContext/MapiSequence cookies")
        }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(RawExchangeHandler())
                }
            }
            .connect(host: host, port: port).get()
        let authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        return RawMailboxConnection(channel: channel, authorization: authorization, host: "\(host):\(port)", context: context, sequence: sequence, path: path)
    }

    private func send(_ requestType: String, body: [UInt8], withSequence: Bool) async throws -> RawResponse {
        let response = try await start(requestType, body: body, withSequence: withSequence).get()
        if let issued = MAPIHTTPClient.cookies(from: response.head.headers["Set-Cookie"])["MapiSequence"] { sequence = issued }
        return response
    }

    private func start(_ requestType: String, body: [UInt8], withSequence: Bool) -> EventLoopFuture<RawResponse> {
        requestCounter += 1
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Authorization", value: authorization)
        head.headers.add(name: "Content-Type", value: "application/mapi-http")
        head.headers.add(name: "Content-Length", value: "\(body.count)")
        head.headers.add(name: "X-RequestType", value: requestType)
        head.headers.add(name: "X-RequestId", value: "{herald-load}:\(requestCounter)")
        head.headers.add(name: "X-ClientInfo", value: "{herald-load}")
        head.headers.add(name: "Cookie", value: withSequence ? "MapiContext=\(context); MapiSequence=\(sequence)" : "MapiContext=\(context)")
        let promise = channel.eventLoop.makePromise(of: RawResponse.self)
        channel.writeAndFlush(RawRequest(head: head, body: ByteBuffer(bytes: body), promise: promise), promise: nil)
        return promise.futureResult
    }

    /// Sends a NotificationWait (MS-OXCMAPIHTTP 2.2.4.4; exempt from sequencing, 3.2.5.5). The
    /// future completes on the event loop with the raw response: no task per wait, so ten
    /// thousand of them cost the client no more than their responses.
    func startNotificationWait() -> EventLoopFuture<RawResponse> {
        var body: [UInt8] = []
        MAPIHTTPNotificationWaitRequest().encode(into: &body)
        return start("NotificationWait", body: body, withSequence: false)
    }

    /// Whether a NotificationWait response says EventPending (ErrorCode must be success).
    static func eventPending(in response: RawResponse) throws -> Bool {
        guard case let .success(success) = try MAPIHTTPNotificationWaitResponse.decode(response.mailboxBody()).body, success.errorCode == .success else {
            throw HeraldError("NotificationWait failed")
        }
        return success.eventPending & MAPIHTTPNotificationWaitResponse.Success.eventPendingFlag != 0
    }

    /// An Execute of an empty ROP buffer: the notification poll, which also empties the queue.
    @discardableResult
    func emptyExecute() async throws -> RawResponse {
        let response = try await send("Execute", body: emptyExecuteBody(), withSequence: true)
        guard case .success = try MAPIHTTPExecuteResponse.decode(response.mailboxBody()).body else {
            throw HeraldError("Execute failed")
        }
        return response
    }

    /// The same request, unchecked, for the trivial handler of the poll figure.
    func sendUnchecked() async throws -> RawResponse {
        try await send("Execute", body: emptyExecuteBody(), withSequence: true)
    }

    /// Disconnect (MS-OXCMAPIHTTP 2.2.4.3), then closes the connection.
    func disconnect() async throws {
        var body: [UInt8] = []
        MAPIHTTPDisconnectRequest().encode(into: &body)
        _ = try await send("Disconnect", body: body, withSequence: true).mailboxBody()
        close()
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// The Execute request body of an empty ROP buffer (MS-OXCMAPIHTTP 2.2.4.2.1, MS-OXCRPC 2.2.2.1).
func emptyExecuteBody() -> [UInt8] {
    var payload: [UInt8] = []
    RopBuffer(ropsList: [], handleTable: []).encode(into: &payload)
    var ropBuffer: [UInt8] = []
    ExtendedBuffer.encode(payload: payload, compress: false, obfuscate: false, last: true, into: &ropBuffer)
    var body: [UInt8] = []
    MAPIHTTPExecuteRequest(flags: 0, ropBuffer: ropBuffer, maxRopOut: 0x10000).encode(into: &body)
    return body
}
