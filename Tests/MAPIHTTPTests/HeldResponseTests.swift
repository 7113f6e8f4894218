import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import NIOConcurrencyHelpers
import Testing

@testable import MAPIHTTP

/// Held NotificationWait responses (MS-OXCMAPIHTTP 3.2.5.5 answered from the event loop): the
/// state machine in every order its four parties can act, and the channel handler on an
/// `EmbeddedChannel`.
@Suite("Held NotificationWait responses")
struct HeldResponseTests {
    static let tail = ByteBuffer(string: "DONE\r\nX-ElapsedTime: 1\r\nX-StartTime: x\r\n\r\nBODY")

    // MARK: HeldResponseStateMachine

    @Test("The answer arrives after the end: the end is held, then tail and end leave once")
    func answerAfterEnd() {
        var machine = HeldResponseStateMachine()
        let step1 = machine.claim()
        #expect(step1)
        let step2 = machine.claim()
        #expect(!step2)
        let step3 = machine.endReached()
        #expect(step3 == .hold(pendingFirst: false))
        let step4 = machine.keepAliveDue()
        #expect(step4 == .writePending)
        let step5 = machine.complete(Self.tail)
        #expect(step5 == .release(Self.tail))
        let step6 = machine.complete(Self.tail)
        #expect(step6 == .none)
        let step7 = machine.keepAliveDue()
        #expect(step7 == .stop)
        let step8 = machine.channelClosed()
        #expect(!step8)
    }

    @Test("The answer arrives before the end: tail and end leave together, with a keep-alive that came due first")
    func answerBeforeEnd() {
        var machine = HeldResponseStateMachine()
        let step9 = machine.claim()
        #expect(step9)
        let step10 = machine.keepAliveDue()
        #expect(step10 == .deferred)
        let step11 = machine.complete(Self.tail)
        #expect(step11 == .none)
        #expect(machine.isSettled)
        let step12 = machine.endReached()
        #expect(step12 == .writeTailAndEnd(Self.tail, pendingFirst: true))
        let step13 = machine.channelClosed()
        #expect(!step13)
    }

    @Test("An unclaimed response passes through and cannot be claimed afterwards")
    func unclaimed() {
        var machine = HeldResponseStateMachine()
        let step14 = machine.endReached()
        #expect(step14 == .passThrough)
        let step15 = machine.claim()
        #expect(!step15)
        let step16 = machine.keepAliveDue()
        #expect(step16 == .stop)
    }

    @Test("A close while waiting cancels the wait once and drops a late answer; a close after the answer cancels nothing")
    func closes() {
        var holding = HeldResponseStateMachine()
        _ = holding.claim()
        _ = holding.endReached()
        let step17 = holding.channelClosed()
        #expect(step17)
        let step18 = holding.channelClosed()
        #expect(!step18)
        #expect(holding.isAbandoned)
        let step19 = holding.complete(Self.tail)
        #expect(step19 == .none)

        var claimed = HeldResponseStateMachine()
        _ = claimed.claim()
        let step20 = claimed.channelClosed()
        #expect(step20)
        let step21 = claimed.endReached()
        #expect(step21 == .drop)

        var answered = HeldResponseStateMachine()
        _ = answered.claim()
        _ = answered.complete(Self.tail)
        let step22 = answered.channelClosed()
        #expect(!step22)

        var early = HeldResponseStateMachine()
        let step23 = early.channelClosed()
        #expect(!step23)
        let step24 = early.claim()
        #expect(!step24)
    }

    // MARK: HeldResponseHandler

    func count(_ box: NIOLockedValueBox<Int>) -> Int { box.withLockedValue { $0 } }

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
        let wait = try #require(try harness.receive(Self.request()))
        _ = try harness.receive(Self.request(type: "Execute"))
        let held = try #require(harness.registry.take(headerValue: wait.headerFields[.heldResponse]))
        #expect(held.claim(keepAlives: harness.keepAlives))

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

        #expect(held.complete(Self.tail))
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
        let wait = try #require(try harness.receive(Self.request()))
        let held = try #require(harness.registry.take(headerValue: wait.headerFields[.heldResponse]))
        #expect(held.claim(keepAlives: harness.keepAlives))
        held.complete(Self.tail)
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
        let wait = try #require(try harness.receive(Self.request()))
        let held = try #require(harness.registry.take(headerValue: wait.headerFields[.heldResponse]))
        #expect(held.claim(keepAlives: harness.keepAlives))
        harness.writeRouteResponse()
        _ = try harness.written()
        let closed = harness.channel.close()
        let closedEarly = NIOLockedValueBox(false)
        closed.whenComplete { _ in closedEarly.withLockedValue { $0 = true } }
        harness.channel.embeddedEventLoop.run()
        #expect(harness.channel.isActive)
        #expect(!closedEarly.withLockedValue { $0 })
        held.complete(Self.tail)
        harness.channel.embeddedEventLoop.run()
        #expect(try harness.written() == [.body(Self.tail), .end(nil)])
        try closed.wait()
        #expect(!harness.channel.isActive)
    }

    @Test("The peer going away cancels the running wait, once, and a late answer is dropped")
    func peerGone() throws {
        let harness = try Harness()
        let wait = try #require(try harness.receive(Self.request()))
        let held = try #require(harness.registry.take(headerValue: wait.headerFields[.heldResponse]))
        #expect(held.claim(keepAlives: harness.keepAlives))
        let cancels = NIOLockedValueBox(0)
        held.setCancellation(MailboxWaitCancellation { cancels.withLockedValue { $0 += 1 } })
        harness.writeRouteResponse()
        let endPromise = harness.channel.eventLoop.makePromise(of: Void.self)
        harness.channel.pipeline.fireChannelInactive()
        #expect(count(cancels) == 1)
        #expect(!held.complete(Self.tail))
        harness.channel.embeddedEventLoop.run()
        #expect(count(cancels) == 1)
        endPromise.succeed()
        // A cancellation handed over after the close runs at once.
        let late = NIOLockedValueBox(0)
        held.setCancellation(MailboxWaitCancellation { late.withLockedValue { $0 += 1 } })
        #expect(count(late) == 1)
    }
}
