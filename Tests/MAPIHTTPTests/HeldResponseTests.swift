import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOConcurrencyHelpers
import Testing

@testable import MAPIHTTP

/// Held NotificationWait responses (MS-OXCMAPIHTTP 3.2.5.5 answered from the event loop): the
/// state machine in every order its four parties can act, and the channel handler on an
/// `EmbeddedChannel`.
@Suite("Held NotificationWait responses")
struct HeldResponseTests {
    typealias Machine = HeldResponseStateMachine<String>

    // MARK: HeldResponseStateMachine

    @Test("The answer arrives after the end: the end is held, then answer and end leave once")
    func answerAfterEnd() {
        var machine = Machine()
        let claimed = machine.claim()
        #expect(claimed)
        let claimedAgain = machine.claim()
        #expect(!claimedAgain)
        let end = machine.endReached()
        #expect(end == .hold(pendingFirst: false))
        let keepAlive = machine.keepAliveDue()
        #expect(keepAlive == .writePending)
        let answered = machine.complete("answer")
        #expect(answered == .release("answer"))
        let answeredAgain = machine.complete("again")
        #expect(answeredAgain == .none)
        let lateKeepAlive = machine.keepAliveDue()
        #expect(lateKeepAlive == .stop)
        let closed = machine.channelClosed()
        #expect(closed == .none)
    }

    @Test("The answer arrives before the end: answer and end leave together, after a keep-alive that came due first")
    func answerBeforeEnd() {
        var machine = Machine()
        _ = machine.claim()
        let keepAlive = machine.keepAliveDue()
        #expect(keepAlive == .deferred)
        let answered = machine.complete("answer")
        #expect(answered == .none)
        #expect(machine.isSettled)
        let end = machine.endReached()
        #expect(end == .writeAnswerAndEnd("answer", pendingFirst: true))
        let closed = machine.channelClosed()
        #expect(closed == .none)
    }

    @Test("An unclaimed response passes through and cannot be claimed afterwards")
    func unclaimed() {
        var machine = Machine()
        let end = machine.endReached()
        #expect(end == .passThrough)
        let claimed = machine.claim()
        #expect(!claimed)
        let keepAlive = machine.keepAliveDue()
        #expect(keepAlive == .stop)
    }

    @Test("A close while waiting cancels the wait once and settles its late answer; an answer not yet written is settled at the close")
    func closes() {
        var holding = Machine()
        _ = holding.claim()
        _ = holding.endReached()
        let closed = holding.channelClosed()
        #expect(closed == .cancelWait)
        let closedAgain = holding.channelClosed()
        #expect(closedAgain == .none)
        #expect(holding.isAbandoned)
        let late = holding.complete("late")
        #expect(late == .settle("late"))

        var claimed = Machine()
        _ = claimed.claim()
        let claimedClosed = claimed.channelClosed()
        #expect(claimedClosed == .cancelWait)
        let end = claimed.endReached()
        #expect(end == .drop)

        var answered = Machine()
        _ = answered.claim()
        _ = answered.complete("answer")
        let answeredClosed = answered.channelClosed()
        #expect(answeredClosed == .settle("answer"))

        var released = Machine()
        _ = released.claim()
        _ = released.endReached()
        _ = released.complete("answer")
        let releasedClosed = released.channelClosed()
        #expect(releasedClosed == .none)

        var early = Machine()
        let earlyClosed = early.channelClosed()
        #expect(earlyClosed == .none)
        let earlyClaim = early.claim()
        #expect(!earlyClaim)
    }

    // MARK: HeldResponseHandler

    func count(_ box: NIOLockedValueBox<Int>) -> Int { box.withLockedValue { $0 } }

    static let answer: HeldResponse.Answer = .success(Array("DONE\r\nX-ElapsedTime: 1\r\nX-StartTime: x\r\n\r\nBODY".utf8))
    static let tail = ByteBuffer(bytes: try! answer.get())

    static func request(_ method: HTTPRequest.Method = .post, path: String = "/mapi/emsmdb/", type: String? = "NotificationWait", extra: HTTPFields = [:]) -> HTTPRequestPart {
        var fields = extra
        if let type { fields[.xRequestType] = type }
        return .head(HTTPRequest(method: method, scheme: "http", authority: "herald", path: path, headerFields: fields))
    }

    static func response() -> HTTPResponsePart {
        .head(HTTPResponse(status: .ok, headerFields: [.contentType: "application/mapi-http"]))
    }

    struct Harness {
        let channel: EmbeddedChannel
        let registry: HeldResponseRegistry
        let keepAlives = KeepAliveScheduler(period: .seconds(3600))
        /// Answers rendered and abandoned, as the route's settlement sees them.
        let rendered = NIOLockedValueBox(0)
        let abandoned = NIOLockedValueBox(0)

        /// The route's settlement: the answer's bytes become the tail.
        var settlement: HeldResponse.Settlement {
            let rendered = self.rendered
            let abandoned = self.abandoned
            return HeldResponse.Settlement(
                render: { answer in
                    rendered.withLockedValue { $0 += 1 }
                    return ByteBuffer(bytes: (try? answer.get()) ?? [])
                },
                abandon: { _ in abandoned.withLockedValue { $0 += 1 } }
            )
        }

        func claim(_ held: HeldResponse) -> Bool {
            held.claim(keepAlives: keepAlives, settlement: settlement)
        }

        /// A NotificationWait request arrives and the route claims its held response.
        func claimedWait() throws -> HeldResponse {
            let wait = try #require(try receive(HeldResponseTests.request()))
            let held = try #require(registry.take(headerValue: wait.headerFields[.heldResponse]))
            #expect(claim(held))
            return held
        }

        init() throws {
            registry = HeldResponseRegistry()
            channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandler(HeldResponseHandler(registry: registry))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        }

        /// Sends a request in and returns what the route sees.
        func receive(_ part: HTTPRequestPart) throws -> HTTPRequest? {
            try channel.writeInbound(part)
            guard case .head(let head) = try channel.readInbound(as: HTTPRequestPart.self) else { return nil }
            return head
        }

        func written() throws -> [HTTPResponsePart] {
            var parts: [HTTPResponsePart] = []
            while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
            return parts
        }

        /// Head and PROCESSING, then the end, as the route's response body writes them.
        func writeRouteResponse() {
            channel.write(Self.part(response()), promise: nil)
            channel.write(Self.part(.body(ByteBuffer(bytes: MAPIHTTPInnerStream.processing))), promise: nil)
            channel.writeAndFlush(Self.part(.end(nil)), promise: nil)
        }

        static func part(_ part: HTTPResponsePart) -> HTTPResponsePart { part }
    }

    @Test("Only POST /mapi/emsmdb NotificationWait requests are prepared; a client's own X-Herald-Held-Response is dropped")
    func marking() throws {
        let harness = try Harness()
        let forged: HTTPFields = [.heldResponse: "1"]
        let wait = try #require(try harness.receive(Self.request(extra: forged)))
        #expect(wait.headerFields[values: .heldResponse].count == 1)
        #expect(harness.registry.count == 1)
        for other in [Self.request(type: "Execute", extra: forged), Self.request(.get, extra: forged), Self.request(path: "/mapi/nspi/", extra: forged), Self.request(type: nil, extra: forged)] {
            let head = try #require(try harness.receive(other))
            #expect(head.headerFields[.heldResponse] == nil)
        }
        #expect(harness.registry.count == 1)
        let lower = try #require(try harness.receive(Self.request(path: "/mapi/emsmdb?mailboxId=x", type: "notificationwait")))
        #expect(lower.headerFields[.heldResponse] != nil)
        _ = try harness.channel.finish()
    }

    @Test("A claimed end waits for the answer; a pipelined response queues behind it; keep-alives go out meanwhile")
    func holdAndRelease() throws {
        let harness = try Harness()
        let held = try harness.claimedWait()
        _ = try harness.receive(Self.request(type: "Execute"))

        harness.writeRouteResponse()
        let first = try harness.written()
        #expect(first.count == 2)
        #expect(first.last == .body(ByteBuffer(bytes: MAPIHTTPInnerStream.processing)))

        // The Execute's response, written by the route meanwhile, must not overtake the wait's.
        harness.writeRouteResponse()
        #expect(try harness.written().isEmpty)

        held.keepAliveIsDue()
        harness.channel.embeddedEventLoop.run()
        #expect(try harness.written() == [.body(ByteBuffer(bytes: MAPIHTTPInnerStream.pending))])

        held.complete(Self.answer)
        harness.channel.embeddedEventLoop.run()
        let rest = try harness.written()
        #expect(rest.count == 5)
        #expect(rest.prefix(2) == [.body(Self.tail), .end(nil)])
        #expect(rest.dropFirst(2).first == Self.response())
        #expect(harness.registry.count == 0)
        _ = try harness.channel.finish()
    }

    @Test("An answer before the end leaves with it; an unclaimed NotificationWait response passes through")
    func answerFirstAndUnclaimed() throws {
        let harness = try Harness()
        let held = try harness.claimedWait()
        held.complete(Self.answer)
        harness.writeRouteResponse()
        let parts = try harness.written()
        #expect(parts.count == 4)
        #expect(parts.suffix(2) == [.body(Self.tail), .end(nil)])

        // A NotificationWait the route answered itself (a 401, say): its end is not held.
        _ = try harness.receive(Self.request())
        harness.writeRouteResponse()
        #expect(try harness.written().count == 3)
        #expect(harness.registry.count == 0)
        _ = try harness.channel.finish()
    }

    @Test("A close waits for the held end (Connection: close, shutdown)")
    func closeWaitsForEnd() throws {
        let harness = try Harness()
        let held = try harness.claimedWait()
        harness.writeRouteResponse()
        _ = try harness.written()
        let closed = harness.channel.close()
        let closedEarly = NIOLockedValueBox(false)
        closed.whenComplete { _ in closedEarly.withLockedValue { $0 = true } }
        harness.channel.embeddedEventLoop.run()
        #expect(harness.channel.isActive)
        #expect(!closedEarly.withLockedValue { $0 })
        held.complete(Self.answer)
        harness.channel.embeddedEventLoop.run()
        #expect(try harness.written() == [.body(Self.tail), .end(nil)])
        try closed.wait()
        #expect(!harness.channel.isActive)
    }

    @Test("The peer going away cancels the running wait, once, and a late answer is dropped")
    func peerGone() throws {
        let harness = try Harness()
        let held = try harness.claimedWait()
        let cancels = NIOLockedValueBox(0)
        held.setCancellation(MailboxWaitCancellation { cancels.withLockedValue { $0 += 1 } })
        harness.writeRouteResponse()
        let endPromise = harness.channel.eventLoop.makePromise(of: Void.self)
        harness.channel.pipeline.fireChannelInactive()
        #expect(count(cancels) == 1)
        held.complete(Self.answer)
        #expect(count(harness.abandoned) == 1 && count(harness.rendered) == 0)
        harness.channel.embeddedEventLoop.run()
        #expect(count(cancels) == 1)
        endPromise.succeed()
        // A cancellation handed over after the close runs at once.
        let late = NIOLockedValueBox(0)
        held.setCancellation(MailboxWaitCancellation { late.withLockedValue { $0 += 1 } })
        #expect(count(late) == 1)
    }

    /// Behind NIO's HTTP/1 encoder (Hummingbird's HTTP/1 channel) the released tail is written below
    /// it, already framed; the bytes on the wire must be exactly those the encoder writes for the
    /// same parts (RFC 9112 7.1).
    @Test("Below NIO's HTTP/1 encoder, the released tail leaves as the same bytes the encoder would write")
    func framedLikeTheEncoder() throws {
        func wire(_ channel: EmbeddedChannel) throws -> [UInt8] {
            var bytes: [UInt8] = []
            while let data = try channel.readOutbound(as: IOData.self) {
                guard case .byteBuffer(let buffer) = data else { Issue.record("file region"); continue }
                bytes += buffer.readableBytesView
            }
            return bytes
        }
        let head = HTTPResponse(status: .ok, headerFields: [.contentType: "application/mapi-http"])

        let registry = HeldResponseRegistry()
        let held = EmbeddedChannel()
        try held.pipeline.syncOperations.addHandler(HTTPResponseEncoder())
        try held.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try held.pipeline.syncOperations.addHandler(HeldResponseHandler(registry: registry))
        var request = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/mapi/emsmdb/")
        request.headers.add(name: "Host", value: "herald")
        request.headers.add(name: "X-RequestType", value: "NotificationWait")
        try held.writeInbound(HTTPServerRequestPart.head(request))
        guard case .head(let seen) = try held.readInbound(as: HTTPRequestPart.self) else {
            Issue.record("no request head")
            return
        }
        let response = try #require(registry.take(headerValue: seen.headerFields[.heldResponse]))
        let harness = try Harness()
        #expect(response.claim(keepAlives: harness.keepAlives, settlement: harness.settlement))
        held.write(HTTPResponsePart.head(head), promise: nil)
        held.write(HTTPResponsePart.body(ByteBuffer(bytes: MAPIHTTPInnerStream.processing)), promise: nil)
        held.writeAndFlush(HTTPResponsePart.end(nil), promise: nil)
        response.complete(Self.answer)
        held.embeddedEventLoop.run()

        let plain = EmbeddedChannel()
        try plain.pipeline.syncOperations.addHandler(HTTPResponseEncoder())
        try plain.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        plain.write(HTTPResponsePart.head(head), promise: nil)
        plain.write(HTTPResponsePart.body(ByteBuffer(bytes: MAPIHTTPInnerStream.processing)), promise: nil)
        plain.write(HTTPResponsePart.body(Self.tail), promise: nil)
        plain.writeAndFlush(HTTPResponsePart.end(nil), promise: nil)

        let heldBytes = try wire(held)
        #expect(heldBytes == (try wire(plain)))
        #expect(String(decoding: heldBytes, as: UTF8.self).hasSuffix("\r\n0\r\n\r\n"))
        _ = try held.finish()
        _ = try plain.finish()
        _ = try harness.channel.finish()
    }

    @Test("Chunk sizes are lower-case hex without leading zeros (RFC 9112 7.1)")
    func chunkSizes() {
        for value in [0, 1, 9, 10, 15, 16, 255, 256, 4095, 0x1_0000, 0x7FFF_FFFF, Int.max] {
            var buffer = ByteBuffer()
            HeldResponseHandler.writeHex(value, into: &buffer)
            #expect(String(buffer: buffer) == String(value, radix: 16))
        }
    }
}
