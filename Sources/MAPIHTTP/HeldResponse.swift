import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore

extension HTTPField.Name {
    /// Set by ``HeldResponseHandler`` on the NotificationWait requests it can hold, so the route can
    /// find the ``HeldResponse``; removed from every request a client sends.
    static let heldResponse = Self("X-Herald-Held-Response")!
}

/// One NotificationWait response whose end ``HeldResponseHandler`` keeps back until the endpoint
/// answers (``HeldResponseStateMachine``), shared by the route, the endpoint's completion, the
/// keep-alive scheduler and the channel's event loop.
///
/// The endpoint's completion only hands the answer over: rendering it (and the session
/// bookkeeping that goes with it, ``Settlement``) happens on the event loop that writes it. One
/// delivery can end ten thousand waits on the thread that committed it; that thread is then the
/// critical path, and the work is better spread over the event loops.
final class HeldResponse: KeepAliveTarget, Sendable {
    typealias Answer = InFlightOperation.Outcome

    /// What the route does with the answer once it is in, on whichever thread settles it.
    struct Settlement: Sendable {
        /// Ends the request's bookkeeping and renders the answer as the response's tail.
        var render: @Sendable (Answer) -> ByteBuffer
        /// Ends the request's bookkeeping for an answer that can no longer be written.
        var abandon: @Sendable (Answer) -> Void
    }

    let id: UInt64
    let eventLoop: any EventLoop
    private let handler: NIOLoopBound<(handler: HeldResponseHandler, context: ChannelHandlerContext)>

    private struct Guarded {
        var machine = HeldResponseStateMachine<Answer>()
        var settlement: Settlement?
        var cancellation: MailboxWaitCancellation?
        var keepAlives: KeepAliveScheduler?
    }

    private let guarded = NIOLockedValueBox(Guarded())

    init(id: UInt64, handler: HeldResponseHandler, context: ChannelHandlerContext) {
        self.id = id
        self.eventLoop = context.eventLoop
        self.handler = NIOLoopBound((handler, context), eventLoop: context.eventLoop)
    }

    // MARK: The route

    /// The route takes the response over; its keep-alives come from `keepAlives`. False when the
    /// channel is already gone.
    func claim(keepAlives: KeepAliveScheduler, settlement: Settlement) -> Bool {
        guarded.withLockedValue { guarded in
            guard guarded.machine.claim() else { return false }
            guarded.keepAlives = keepAlives
            guarded.settlement = settlement
            return true
        }
    }

    /// How to end the running wait if the channel closes. Called at once if it already has.
    func setCancellation(_ cancellation: MailboxWaitCancellation) {
        let cancelNow = guarded.withLockedValue { guarded -> Bool in
            if guarded.machine.isAbandoned { return true }
            guarded.cancellation = cancellation
            return false
        }
        if cancelNow { cancellation() }
    }

    /// Starts the keep-alives unless the answer is in already.
    func scheduleKeepAlives() {
        let scheduler = guarded.withLockedValue { $0.machine.isSettled ? nil : $0.keepAlives }
        scheduler?.schedule(self)
    }

    // MARK: The endpoint's completion

    /// The endpoint's answer (any thread, once).
    func complete(_ answer: Answer) {
        // The settlement is read where it is used: on the event loop for the common case, so the
        // completing thread (which may be completing ten thousand waits) does not copy it.
        let action = guarded.withLockedValue { guarded in
            guarded.cancellation = nil
            return guarded.machine.complete(answer)
        }
        switch action {
        case .none:
            break
        case .release(let answer):
            let handler = self.handler
            eventLoop.execute {
                guard let settlement = self.settlement else { return }
                let (handler, context) = handler.value
                handler.release(self, tail: settlement.render(answer), context: context)
            }
        case .settle(let answer):
            settlement?.abandon(answer)
        }
    }

    private var settlement: Settlement? { guarded.withLockedValue { $0.settlement } }

    // MARK: KeepAliveTarget

    var isFinished: Bool { guarded.withLockedValue { $0.machine.isSettled } }

    func keepAliveIsDue() {
        let (action, scheduler) = guarded.withLockedValue { ($0.machine.keepAliveDue(), $0.keepAlives) }
        switch action {
        case .stop:
            return
        case .deferred:
            break
        case .writePending:
            let handler = self.handler
            eventLoop.execute {
                let (handler, context) = handler.value
                handler.writeKeepAlive(for: self, context: context)
            }
        }
        scheduler?.schedule(self)
    }

    // MARK: The event loop (HeldResponseHandler)

    /// The response's end reached the handler; an answer already in comes back rendered as the tail.
    func endReached() -> HeldResponseStateMachine<ByteBuffer>.EndAction {
        let (action, settlement) = guarded.withLockedValue { ($0.machine.endReached(), $0.settlement) }
        switch action {
        case .passThrough: return .passThrough
        case .hold(let pendingFirst): return .hold(pendingFirst: pendingFirst)
        case .drop: return .drop
        case .writeAnswerAndEnd(let answer, let pendingFirst):
            guard let settlement else { return .drop }
            return .writeAnswerAndEnd(settlement.render(answer), pendingFirst: pendingFirst)
        }
    }

    /// The channel closed: cancels a running wait, or settles an answer that was not written.
    func channelClosed() {
        let (action, cancellation, settlement) = guarded.withLockedValue { guarded in
            defer { guarded.cancellation = nil }
            return (guarded.machine.channelClosed(), guarded.cancellation, guarded.settlement)
        }
        switch action {
        case .none: break
        case .cancelWait: cancellation?()
        case .settle(let answer): settlement?.abandon(answer)
        }
    }
}

/// Where the route finds the ``HeldResponse`` that ``HeldResponseHandler`` prepared for a request,
/// by the id in the request's `X-Herald-Held-Response` header.
final class HeldResponseRegistry: Sendable {
    private struct State {
        var nextID: UInt64 = 1
        var responses: [UInt64: HeldResponse] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func register(handler: HeldResponseHandler, context: ChannelHandlerContext) -> HeldResponse {
        state.withLockedValue { state in
            let response = HeldResponse(id: state.nextID, handler: handler, context: context)
            state.nextID += 1
            state.responses[response.id] = response
            return response
        }
    }

    /// The response prepared for the request carrying `headerValue`, handed out once.
    func take(headerValue: String?) -> HeldResponse? {
        guard let headerValue, let id = UInt64(headerValue) else { return nil }
        return state.withLockedValue { $0.responses.removeValue(forKey: id) }
    }

    func remove(_ response: HeldResponse) {
        state.withLockedValue { _ = $0.responses.removeValue(forKey: response.id) }
    }

    var count: Int { state.withLockedValue { $0.responses.count } }
}
