import Foundation
import NotificationEngine

/// Carries the ``EngineAction``s the engine returns to whoever executes them (a transport).
///
/// Actions arise where the processor calls the engine: the store→engine adapter (`hub.publish`,
/// which runs with the store's lock held), RopRelease (`hub.release`) and disconnect
/// (`hub.destroySession`). Waits begun with `NotificationHub.wait(session:)` are resumed by the hub
/// itself and never show up here. What remains:
/// - `.completeWait` of waits a transport began with `hub.beginWait` (EcDoAsyncWaitEx driven by an
///   event loop): the transport must complete its parked call;
/// - `.sendDatagram` (EcRRegisterPushNotification): the transport sends the UDP datagram;
/// - `.scheduleTick`: the timer driver should call `hub.tick()` at that time (or simply at
///   `hub.nextDeadline`).
///
/// With a handler installed (``setHandler(_:)``), every batch is passed to it synchronously —
/// possibly with the store's lock held, so the handler must only hand the work off (complete a
/// promise, enqueue a datagram), never call the store or the processor. Without a handler,
/// `.scheduleTick` actions are dropped (the timer driver reads `hub.nextDeadline`) and the others
/// are kept until ``takeActions()``.
public final class EngineActionRelay: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable ([EngineAction]) -> Void)?
    private var pending: [EngineAction] = []

    public init() {}

    public func setHandler(_ handler: (@Sendable ([EngineAction]) -> Void)?) {
        lock.lock()
        self.handler = handler
        let backlog = pending
        pending = []
        lock.unlock()
        if let handler, !backlog.isEmpty { handler(backlog) }
    }

    public func deliver(_ actions: [EngineAction]) {
        guard !actions.isEmpty else { return }
        lock.lock()
        if let handler {
            lock.unlock()
            handler(actions)
            return
        }
        for action in actions {
            if case .scheduleTick = action { continue }
            pending.append(action)
        }
        lock.unlock()
    }

    /// Actions kept while no handler was installed, oldest first.
    public func takeActions() -> [EngineAction] {
        lock.lock()
        defer { lock.unlock() }
        let taken = pending
        pending = []
        return taken
    }
}
