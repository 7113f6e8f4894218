import MAPIWire

/// How a wait ended: NotificationPending / EventPending, and the call's return value
/// (success, Rejected 0x7EE, Exiting 0x3ED).
public struct WaitOutcome: Hashable, Sendable {
    public var pending: Bool
    public var error: ErrorCode
    public init(pending: Bool, error: ErrorCode) {
        self.pending = pending
        self.error = error
    }
}

/// The thread-safe face of the engine: a ``NotificationCore`` behind a mutex, for the many event
/// loops and tasks of the server (store commits publish, ROP processors pack, transports wait).
///
/// Every method holds the lock only for the core call. Waits started with ``wait(session:)`` or
/// ``wait(session:onCompletion:)`` are completed here: their continuations are resumed (or their
/// callbacks called) after the lock is released. All other actions
/// (datagrams, ``EngineAction/scheduleTick(at:)``, completions of waits started with
/// ``beginWait(session:id:)``) are returned to the caller to execute.
public final class NotificationHub: Sendable {
    /// Whoever is told when a hub-owned wait ends: the callback of
    /// ``wait(session:onCompletion:)``, or a closure resuming the task of ``wait(session:)``. A plain
    /// closure rather than an enum over both: one delivery can end ten thousand waits, and moving
    /// a closure is a retain where the enum needed its value witnesses.
    private typealias Waiter = @Sendable (WaitOutcome) -> Void

    private struct State {
        var core: NotificationCore
        var waiters: [WaitID: Waiter] = [:]
        /// Ids of hub-owned waits have the top bit set; ids passed to ``beginWait`` must not.
        var nextWaitID: UInt64 = 1 << 63
    }

    private let state: LockedValue<State>
    private let clock: @Sendable () -> EngineTime

    /// - Parameter clock: the monotonic time the engine's deadlines are expressed in. The default
    ///   counts nanoseconds of `ContinuousClock` since the hub was created.
    public init(configuration: EngineConfiguration = EngineConfiguration(), clock: (@Sendable () -> EngineTime)? = nil) {
        state = LockedValue(State(core: NotificationCore(configuration: configuration)))
        if let clock {
            self.clock = clock
        } else {
            let origin = ContinuousClock.now
            self.clock = {
                let elapsed = ContinuousClock.now - origin
                return .zero + elapsed
            }
        }
    }

    public var now: EngineTime { clock() }

    /// Runs `body` on the core under the lock, then completes the hub-owned waits it ended.
    private func perform(_ body: (inout NotificationCore) -> [EngineAction]) -> [EngineAction] {
        perform(body, registering: { _ in })
    }

    /// Like ``perform(_:)``, with `registering` run under the same lock before `body`: a wait's
    /// waiter is in place before the core can complete it.
    private func perform(_ body: (inout NotificationCore) -> [EngineAction], registering: (inout State) -> Void) -> [EngineAction] {
        var (completions, rest) = state.withLock { state -> ([(Waiter, WaitOutcome)], [EngineAction]) in
            registering(&state)
            let actions = body(&state.core)
            guard !state.waiters.isEmpty else { return ([], actions) }
            var completions: [(Waiter, WaitOutcome)] = []
            var rest: [EngineAction] = []
            for action in actions {
                if case let .completeWait(id, pending, error) = action, let waiter = state.waiters.removeValue(forKey: id) {
                    completions.append((waiter, WaitOutcome(pending: pending, error: error)))
                } else {
                    rest.append(action)
                }
            }
            return (completions, rest)
        }
        // Each waiter is moved out and dropped after its completion, in completion order: one
        // delivery can end ten thousand waits, and a copy per waiter plus a second pass to destroy
        // the array showed up in that wake-up's profile.
        completions.reverse()
        while let (waiter, outcome) = completions.popLast() { waiter(outcome) }
        return rest
    }

    /// Reads or mutates the core directly (tests, diagnostics). Actions it returns are not executed.
    public func withCore<R: Sendable>(_ body: (inout NotificationCore) -> R) -> R {
        state.withLock { body(&$0.core) }
    }

    public var metrics: EngineMetrics { state.withLock { $0.core.metrics } }

    // MARK: Sessions

    public func createSession(user: String, cachedMode: Bool = false, linkIndex: UInt32 = 0xFFFF_FFFF, linkTimeStamp: UInt32 = 0) -> SessionInfo? {
        state.withLock { $0.core.createSession(user: user, cachedMode: cachedMode, linkIndex: linkIndex, linkTimeStamp: linkTimeStamp) }
    }

    @discardableResult
    public func destroySession(_ index: SessionIndex) -> [EngineAction] {
        perform { $0.destroySession(index) }
    }

    public func setCachedMode(_ cachedMode: Bool, session: SessionIndex) {
        state.withLock { $0.core.setCachedMode(cachedMode, session: session) }
    }

    // MARK: Subscriptions and tables

    @discardableResult
    public func subscribe(session: SessionIndex, handle: UInt32, logonID: UInt8, mailbox: MailboxID, types: NotificationTypes, scope: SubscriptionScope) -> Bool {
        state.withLock { $0.core.subscribe(session: session, handle: handle, logonID: logonID, mailbox: mailbox, types: types, scope: scope) }
    }

    @discardableResult
    public func release(session: SessionIndex, handle: UInt32) -> Bool {
        state.withLock { $0.core.release(session: session, handle: handle) }
    }

    @discardableResult
    public func registerTable(_ tableID: TableID, session: SessionIndex, logonID: UInt8, handle: UInt32, kind: TableKind, searchFolder: Bool = false, noNotifications: Bool) -> Bool {
        state.withLock {
            $0.core.registerTable(tableID, session: session, logonID: logonID, handle: handle, kind: kind, searchFolder: searchFolder, noNotifications: noNotifications)
        }
    }

    public func tableViewCreated(_ tableID: TableID) { state.withLock { $0.core.tableViewCreated(tableID) } }
    public func tableReset(_ tableID: TableID) { state.withLock { $0.core.tableReset(tableID) } }
    public func tableViewChanged(_ tableID: TableID) { state.withLock { $0.core.tableViewChanged(tableID) } }
    public func isTableActive(_ tableID: TableID) -> Bool { state.withLock { $0.core.isTableActive(tableID) } }
    public func unregisterTable(_ tableID: TableID) { state.withLock { $0.core.unregisterTable(tableID) } }

    // MARK: Events and packing

    /// Queues a committed batch (in commit order) for every matching session before returning.
    @discardableResult
    public func publish(_ events: [MailboxEvent]) -> [EngineAction] {
        let now = clock()
        return perform { $0.publish(events, now: now) }
    }

    /// Packs the session's pending notifications (``NotificationCore/pack(session:into:budget:now:)``),
    /// dated by the hub's clock for the delivery-latency histogram.
    @discardableResult
    public func pack(session: SessionIndex, into output: inout [UInt8], budget: Int) -> PackResult {
        let now = clock()
        return state.withLock { $0.core.pack(session: session, into: &output, budget: budget, now: now) }
    }

    public func hasPending(session: SessionIndex) -> Bool { state.withLock { $0.core.hasPending(session: session) } }

    // MARK: Waits, push, timers

    /// Waits for notifications on the session (EcDoAsyncWaitEx / NotificationWait). Returns at once
    /// if something is pending; otherwise when something is queued, on timeout (after
    /// ``tick()`` passes the deadline), at shutdown, or when the task is cancelled (pending = false).
    /// Deadlines are returned from the calls that create them; the timer driver calls ``tick()``.
    public func wait(session: SessionIndex) async -> WaitOutcome {
        let id = makeWaitID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WaitOutcome, Never>) in
                begin(session: session, id: id) { continuation.resume(returning: $0) }
                if Task.isCancelled { _ = perform { $0.cancelWait(session: session, id: id) } }
            }
        } onCancel: {
            _ = perform { $0.cancelWait(session: session, id: id) }
        }
    }

    /// The same wait with a callback instead of a task, for transports that answer from their
    /// event loops (a woken NotificationWait then costs no task resumption). `onCompletion` is
    /// called exactly once, possibly before this returns (something pending, a second wait
    /// rejected), otherwise from whichever thread ends the wait (a publish, ``tick()``,
    /// ``shutdown()``, ``cancelWait(session:id:)``), never with the hub's lock held; it must only
    /// hand the outcome off. Cancel with ``cancelWait(session:id:)`` and the returned id; the
    /// callback then reports pending = false.
    @discardableResult
    public func wait(session: SessionIndex, onCompletion: @escaping @Sendable (WaitOutcome) -> Void) -> WaitID {
        let id = makeWaitID()
        begin(session: session, id: id, waiter: onCompletion)
        return id
    }

    private func makeWaitID() -> WaitID {
        state.withLock { state -> WaitID in
            let id = WaitID(state.nextWaitID)
            state.nextWaitID &+= 1
            return id
        }
    }

    /// Registers the waiter, then starts the wait: a completion can never precede it.
    private func begin(session: SessionIndex, id: WaitID, waiter: @escaping Waiter) {
        let now = clock()
        let actions = perform { core in
            core.beginWait(session: session, id: id, now: now)
        } registering: { state in
            state.waiters[id] = waiter
        }
        forwardTimers(actions)
    }

    /// Deadlines produced inside ``wait(session:)`` have no caller to return to; they are kept for
    /// ``takeScheduledTicks()``.
    private let pendingTicks = LockedValue<[EngineTime]>([])

    private func forwardTimers(_ actions: [EngineAction]) {
        let ticks = actions.compactMap { action -> EngineTime? in
            if case let .scheduleTick(at) = action { return at } else { return nil }
        }
        if !ticks.isEmpty { pendingTicks.withLock { $0.append(contentsOf: ticks) } }
    }

    /// Deadlines announced by ``wait(session:)`` calls since the last call (for the timer driver).
    public func takeScheduledTicks() -> [EngineTime] {
        pendingTicks.withLock { ticks in
            defer { ticks.removeAll() }
            return ticks
        }
    }

    /// Low-level wait for transports that keep their own continuations: the completion arrives as a
    /// ``EngineAction/completeWait(_:pending:error:)`` from this or a later call. Ids must not have
    /// the top bit set (those belong to ``wait(session:)``).
    public func beginWait(session: SessionIndex, id: WaitID) -> [EngineAction] {
        precondition(id.rawValue >> 63 == 0, "wait ids with the top bit set are reserved for NotificationHub.wait")
        let now = clock()
        return perform { $0.beginWait(session: session, id: id, now: now) }
    }

    public func cancelWait(session: SessionIndex, id: WaitID) -> [EngineAction] {
        perform { $0.cancelWait(session: session, id: id) }
    }

    public func registerPush(session: SessionIndex, context: [UInt8], address: [UInt8]) -> [EngineAction] {
        let now = clock()
        return perform { $0.registerPush(session: session, context: context, address: address, now: now) }
    }

    /// Fires due deadlines (wait timeouts, push resends).
    @discardableResult
    public func tick() -> [EngineAction] {
        let now = clock()
        return perform { $0.tick(now: now) }
    }

    public var nextDeadline: EngineTime? { state.withLock { $0.core.nextDeadline } }

    /// Completes every wait with Exiting (0x3ED); later waits complete with Exiting at once.
    @discardableResult
    public func shutdown() -> [EngineAction] {
        perform { $0.shutdown() }
    }
}
