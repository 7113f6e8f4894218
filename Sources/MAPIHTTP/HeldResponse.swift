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
final class HeldResponse: KeepAliveTarget, Sendable {
    let id: UInt64
    let eventLoop: any EventLoop
    private let handler: NIOLoopBound<(handler: HeldResponseHandler, context: ChannelHandlerContext)>

    private struct Guarded {
        var machine = HeldResponseStateMachine()
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
    func claim(keepAlives: KeepAliveScheduler) -> Bool {
        guarded.withLockedValue { guarded in
            guard guarded.machine.claim() else { return false }
            guarded.keepAlives = keepAlives
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

    /// The answer, rendered as the response's tail. False when the channel closed first.
    @discardableResult
    func complete(_ tail: ByteBuffer) -> Bool {
        let (action, abandoned) = guarded.withLockedValue { guarded in
            defer { guarded.cancellation = nil }
            return (guarded.machine.complete(tail), guarded.machine.isAbandoned)
        }
        if case .release(let tail) = action {
            let handler = self.handler
            eventLoop.execute {
                let (handler, context) = handler.value
                handler.release(self, tail: tail, context: context)
            }
        }
        return !abandoned
    }

    var isAbandoned: Bool { guarded.withLockedValue { $0.machine.isAbandoned } }

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

    func endReached() -> HeldResponseStateMachine.EndAction {
        guarded.withLockedValue { $0.machine.endReached() }
    }

    /// The channel closed: cancels a running wait.
    func channelClosed() {
        let cancellation = guarded.withLockedValue { guarded -> MailboxWaitCancellation? in
            guard guarded.machine.channelClosed() else { return nil }
            defer { guarded.cancellation = nil }
            return guarded.cancellation
        }
        cancellation?()
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
