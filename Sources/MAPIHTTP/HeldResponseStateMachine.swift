/// The life of one held NotificationWait response (MS-OXCMAPIHTTP 3.2.5.5), as a plain value.
///
/// The route answers the request the usual way up to `PROCESSING` and then ends its body; the
/// ``HeldResponseHandler`` keeps that end back until the endpoint's answer arrives, and writes it
/// (as the tail: `DONE`, the additional headers and the NotificationWait body) and the end together
/// from the event loop. Four parties feed it, on different threads: the route (``claim()``), the
/// channel handler (``endReached()``, ``channelClosed()``), the endpoint's completion
/// (``complete(_:)``) and the keep-alive scheduler (``keepAliveDue()``). Whatever their order, the
/// answer is written once, after `PROCESSING`, never after a close; a closed channel cancels the
/// wait once; and an answer that can no longer be written is settled once.
struct HeldResponseStateMachine<Answer> {
    enum State {
        /// The request reached the route, which has not decided to hold its end (yet).
        case unclaimed
        /// The route holds the end; the response has not reached the handler's end yet.
        case claimed(answer: Answer?, keepAliveDue: Bool)
        /// The handler keeps the end back until the answer arrives.
        case holding
        /// The answer and the end are written (or on their way to the event loop).
        case released
        /// The channel closed first.
        case abandoned
    }

    private(set) var state: State = .unclaimed

    /// The route takes the response over. False when the channel is already gone.
    mutating func claim() -> Bool {
        guard case .unclaimed = state else { return false }
        state = .claimed(answer: nil, keepAliveDue: false)
        return true
    }

    enum EndAction {
        /// Not held: the end goes out as it is.
        case passThrough
        /// Write `PENDING` first if asked, then the answer, then the end.
        case writeAnswerAndEnd(Answer, pendingFirst: Bool)
        /// Write `PENDING` first if asked, and keep the end back.
        case hold(pendingFirst: Bool)
        /// The channel is gone; drop the end.
        case drop
    }

    /// The response's end reached the handler (on the event loop).
    mutating func endReached() -> EndAction {
        switch state {
        case .unclaimed:
            state = .released
            return .passThrough
        case .claimed(let answer?, let keepAliveDue):
            state = .released
            return .writeAnswerAndEnd(answer, pendingFirst: keepAliveDue)
        case .claimed(nil, let keepAliveDue):
            state = .holding
            return .hold(pendingFirst: keepAliveDue)
        case .holding, .released, .abandoned:
            return .drop
        }
    }

    enum CompleteAction {
        /// Kept until the end arrives.
        case none
        /// The end is held: hand answer and end to the event loop.
        case release(Answer)
        /// The channel closed first: the answer can no longer be written, and is settled instead.
        case settle(Answer)
    }

    /// The endpoint's answer (any thread; once per wait).
    mutating func complete(_ answer: Answer) -> CompleteAction {
        switch state {
        case .claimed(nil, let keepAliveDue):
            state = .claimed(answer: answer, keepAliveDue: keepAliveDue)
            return .none
        case .holding:
            state = .released
            return .release(answer)
        case .abandoned:
            return .settle(answer)
        case .unclaimed, .claimed, .released:
            return .none
        }
    }

    enum KeepAliveAction: Equatable {
        /// Nothing is waiting any more: no keep-alive, none scheduled.
        case stop
        /// Write `PENDING` now and schedule the next one.
        case writePending
        /// Remembered for when the end arrives; schedule the next one.
        case deferred
    }

    /// A pending period passed (MS-OXCMAPIHTTP 3.2.5.2).
    mutating func keepAliveDue() -> KeepAliveAction {
        switch state {
        case .claimed(nil, _):
            state = .claimed(answer: nil, keepAliveDue: true)
            return .deferred
        case .holding:
            return .writePending
        case .unclaimed, .claimed, .released, .abandoned:
            return .stop
        }
    }

    enum CloseAction {
        case none
        /// The wait is still running: cancel it (its answer then comes to ``complete(_:)``).
        case cancelWait
        /// The answer came but was not written: settle it.
        case settle(Answer)
    }

    /// The channel closed (on the event loop).
    mutating func channelClosed() -> CloseAction {
        switch state {
        case .claimed(nil, _), .holding:
            state = .abandoned
            return .cancelWait
        case .claimed(let answer?, _):
            state = .abandoned
            return .settle(answer)
        case .unclaimed:
            state = .abandoned
            return .none
        case .released, .abandoned:
            return .none
        }
    }

    var isAbandoned: Bool {
        if case .abandoned = state { return true }
        return false
    }

    /// True once the answer is in (or can no longer be written): no more keep-alives.
    var isSettled: Bool {
        switch state {
        case .released, .abandoned, .claimed(.some, _): return true
        case .unclaimed, .claimed(nil, _), .holding: return false
        }
    }
}

extension HeldResponseStateMachine: Sendable where Answer: Sendable {}
extension HeldResponseStateMachine.State: Sendable where Answer: Sendable {}
extension HeldResponseStateMachine.EndAction: Equatable where Answer: Equatable {}
extension HeldResponseStateMachine.CompleteAction: Equatable where Answer: Equatable {}
extension HeldResponseStateMachine.CloseAction: Equatable where Answer: Equatable {}
