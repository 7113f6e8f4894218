import NIOCore

/// The life of one held NotificationWait response (MS-OXCMAPIHTTP 3.2.5.5), as a plain value.
///
/// The route answers the request the usual way up to `PROCESSING` and then ends its body; the
/// ``HeldResponseHandler`` keeps that end back until the endpoint's answer (the tail: `DONE`, the
/// additional headers and the NotificationWait body) arrives, and writes tail and end together from
/// the event loop. Four parties feed it, on different threads: the route (``claim()``), the channel
/// handler (``endReached()``, ``channelClosed()``), the endpoint's completion (``complete(_:)``) and
/// the keep-alive scheduler (``keepAliveDue()``). Whatever their order, the tail is written once,
/// after `PROCESSING`, never after a close, and a closed channel cancels the wait once.
struct HeldResponseStateMachine {
    enum State {
        /// The request reached the route, which has not decided to hold its end (yet).
        case unclaimed
        /// The route holds the end; the response has not reached the handler's end yet.
        case claimed(tail: ByteBuffer?, keepAliveDue: Bool)
        /// The handler keeps the end back until the tail arrives.
        case holding
        /// Tail and end are written (or on their way to the event loop).
        case released
        /// The channel closed first.
        case abandoned
    }

    private(set) var state: State = .unclaimed

    /// The route takes the response over. False when the channel is already gone.
    mutating func claim() -> Bool {
        guard case .unclaimed = state else { return false }
        state = .claimed(tail: nil, keepAliveDue: false)
        return true
    }

    enum EndAction: Equatable {
        /// Not held: the end goes out as it is.
        case passThrough
        /// Write `PENDING` first if asked, then the tail, then the end.
        case writeTailAndEnd(ByteBuffer, pendingFirst: Bool)
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
        case .claimed(let tail?, let keepAliveDue):
            state = .released
            return .writeTailAndEnd(tail, pendingFirst: keepAliveDue)
        case .claimed(nil, let keepAliveDue):
            state = .holding
            return .hold(pendingFirst: keepAliveDue)
        case .holding, .released, .abandoned:
            return .drop
        }
    }

    enum CompleteAction: Equatable {
        /// Kept until the end arrives, or dropped because the channel is gone.
        case none
        /// The end is held: hand tail and end to the event loop.
        case release(ByteBuffer)
    }

    /// The endpoint's answer, rendered as the response's tail (any thread).
    mutating func complete(_ tail: ByteBuffer) -> CompleteAction {
        switch state {
        case .claimed(nil, let keepAliveDue):
            state = .claimed(tail: tail, keepAliveDue: keepAliveDue)
            return .none
        case .holding:
            state = .released
            return .release(tail)
        case .unclaimed, .claimed, .released, .abandoned:
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
            state = .claimed(tail: nil, keepAliveDue: true)
            return .deferred
        case .holding:
            return .writePending
        case .unclaimed, .claimed, .released, .abandoned:
            return .stop
        }
    }

    /// The channel closed (on the event loop). True when a wait is still running and must be
    /// cancelled.
    mutating func channelClosed() -> Bool {
        switch state {
        case .claimed(nil, _), .holding:
            state = .abandoned
            return true
        case .unclaimed, .claimed:
            state = .abandoned
            return false
        case .released, .abandoned:
            return false
        }
    }

    var isAbandoned: Bool {
        if case .abandoned = state { return true }
        return false
    }

    /// True once nothing more will be written for this response by anyone but the handler.
    var isSettled: Bool {
        switch state {
        case .released, .abandoned, .claimed(.some, _): return true
        case .unclaimed, .claimed(nil, _), .holding: return false
        }
    }
}
