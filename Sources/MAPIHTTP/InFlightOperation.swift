import NIOConcurrencyHelpers

/// Where a MAPI/HTTP request's operation (the endpoint call and its session bookkeeping) meets
/// the response body that reports it: the operation delivers its result once, the
/// ``KeepAliveScheduler`` says when a `PENDING` keep-alive is due, and the body writer takes
/// whichever comes first (MS-OXCMAPIHTTP 3.2.5.2).
///
/// This replaces a task group racing the operation against a sleeping timer task: an operation
/// that finishes costs one continuation resume here instead of several child tasks. (A held
/// NotificationWait does not come here when ``HeldResponseHandler`` is installed.)
final class InFlightOperation: KeepAliveTarget, Sendable {
    typealias Outcome = Result<[UInt8], MAPIHTTPFailure>

    enum Event: Sendable {
        case keepAliveDue
        case finished(Outcome)
        /// The body writer's task was cancelled while it waited.
        case cancelled
    }

    private struct State {
        var finished = false
        /// The result until the body writer takes it (the keep-alive queue may hold this object
        /// for up to one period after the operation finished; it must not hold the bytes too).
        var outcome: Outcome?
        var waiter: CheckedContinuation<Event, Never>?
        var keepAliveDue = false
        var cancelled = false
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    /// The operation's result; only the first call counts. A waiting writer gets it directly.
    func finish(_ outcome: Outcome) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Event, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            guard let waiter = state.waiter else {
                state.outcome = outcome
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: .finished(outcome))
    }

    /// Hands over the result if the operation has finished and it was not taken yet.
    func takeOutcome() -> Outcome? {
        state.withLockedValue { state in
            defer { state.outcome = nil }
            return state.outcome
        }
    }

    var isFinished: Bool { state.withLockedValue { $0.finished } }

    /// Called by the scheduler when a keep-alive period has passed without a result.
    func keepAliveIsDue() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Event, Never>? in
            guard !state.finished else { return nil }
            guard let waiter = state.waiter else {
                state.keepAliveDue = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: .keepAliveDue)
    }

    /// The next thing the body writer must act on: the result as soon as there is one (handed over
    /// once, like ``takeOutcome()``), otherwise a due keep-alive, otherwise suspends until one of
    /// them (or cancellation).
    func next() async -> Event {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Event, Never>) in
                let immediate = state.withLockedValue { state -> Event? in
                    if let outcome = state.outcome {
                        state.outcome = nil
                        return .finished(outcome)
                    }
                    if state.cancelled { return .cancelled }
                    if state.keepAliveDue {
                        state.keepAliveDue = false
                        return .keepAliveDue
                    }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Event, Never>? in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: .cancelled)
        }
    }
}
