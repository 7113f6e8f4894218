import NIOConcurrencyHelpers
import NIOCore

/// Something that sends `PENDING` keep-alives while its request is being processed.
protocol KeepAliveTarget: AnyObject, Sendable {
    /// Finished targets are skipped.
    var isFinished: Bool { get }
    /// A pending period passed since it was scheduled.
    func keepAliveIsDue()
}

/// Tells in-flight operations (and held responses) when a `PENDING` keep-alive is due (MS-OXCMAPIHTTP 3.2.5.2: every
/// X-PendingPeriod while a request is being processed).
///
/// Every operation waits the same period, so deadlines come due in the order they were scheduled:
/// one FIFO queue and one timer task for the whole server, instead of a sleeping task per held
/// request. The timer task runs only while something is queued.
final class KeepAliveScheduler: Sendable {
    private struct Entry {
        var deadline: ContinuousClock.Instant
        var operation: any KeepAliveTarget
    }

    private struct State {
        var queue = CircularBuffer<Entry>()
        var timerRunning = false
    }

    let period: Duration
    private let state = NIOLockedValueBox(State())

    init(period: Duration) {
        self.period = period
    }

    /// Schedules one keep-alive for `operation`, `period` from now. An operation that has
    /// finished by then is skipped.
    func schedule(_ operation: any KeepAliveTarget) {
        let entry = Entry(deadline: .now.advanced(by: period), operation: operation)
        let startTimer = state.withLockedValue { state -> Bool in
            state.queue.append(entry)
            guard !state.timerRunning else { return false }
            state.timerRunning = true
            return true
        }
        if startTimer {
            Task { await self.runTimer() }
        }
    }

    /// Number of queued keep-alives (finished operations included until their deadline passes).
    var queuedCount: Int { state.withLockedValue { $0.queue.count } }

    private func runTimer() async {
        while true {
            let now = ContinuousClock.now
            let (due, nextDeadline) = state.withLockedValue { state -> ([any KeepAliveTarget], ContinuousClock.Instant?) in
                var due: [any KeepAliveTarget] = []
                while let first = state.queue.first, first.deadline <= now {
                    state.queue.removeFirst()
                    if !first.operation.isFinished { due.append(first.operation) }
                }
                guard let next = state.queue.first else {
                    state.timerRunning = false
                    return (due, nil)
                }
                return (due, next.deadline)
            }
            for operation in due { operation.keepAliveIsDue() }
            guard let nextDeadline else { return }
            try? await Task.sleep(until: nextDeadline, tolerance: nil, clock: .continuous)
        }
    }
}
