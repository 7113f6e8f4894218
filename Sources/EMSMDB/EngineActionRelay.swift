import Foundation
import NotificationEngine

/// Carries the ``EngineAction``s the engine returns to the transport that executes them.
///
/// Actions arise where the processor calls the engine: the store→engine adapter (`hub.publish`,
/// which runs with the store's lock held), RopRelease (`hub.release`), disconnect
/// (`hub.destroySession`), and the timer driver (`hub.tick`, `hub.shutdown`). Waits begun with
/// `NotificationHub.wait(session:)` are resumed by the hub itself and never show up here. What
/// remains:
/// - `.completeWait` of waits a transport began with `hub.beginWait`: only that transport can
///   complete its parked call;
/// - `.sendDatagram` (EcRRegisterPushNotification): only the DCE/RPC transport registers push
///   callbacks and owns UDP sockets;
/// - `.scheduleTick`: the timer driver polls `hub.nextDeadline`, so these are dropped.
///
/// One processor serves both transports (MAPI/HTTP and DCE/RPC), so each transport adds a handler
/// with the actions it **owns** (``addHandler(owning:_:)``). Every action goes to exactly one
/// handler — the first one registered that owns it — so a completion is never performed twice;
/// an action nobody owns (yet) is kept until a handler owning it is added, or until
/// ``takeActions()``, so none is lost. Handlers are called synchronously, possibly with the
/// store's lock held: they must only hand the work off (complete a promise, enqueue a datagram),
/// never call the store or the processor.
public final class EngineActionRelay: @unchecked Sendable {
    /// Names an added handler, for ``removeHandler(_:)``.
    public struct Registration: Hashable, Sendable {
        let id: UInt64
    }

    private struct Handler {
        var registration: Registration
        var owns: @Sendable (EngineAction) -> Bool
        var perform: @Sendable ([EngineAction]) -> Void
    }

    private let lock = NSLock()
    private var handlers: [Handler] = []
    private var nextID: UInt64 = 1
    private var pending: [EngineAction] = []

    public init() {}

    /// Adds a transport's handler for the actions `owns` accepts. Kept actions it owns are passed
    /// to it at once, in their original order.
    @discardableResult
    public func addHandler(owning owns: @escaping @Sendable (EngineAction) -> Bool,
                           _ perform: @escaping @Sendable ([EngineAction]) -> Void) -> Registration {
        lock.lock()
        let registration = Registration(id: nextID)
        nextID += 1
        handlers.append(Handler(registration: registration, owns: owns, perform: perform))
        var backlog: [EngineAction] = []
        var kept: [EngineAction] = []
        for action in pending {
            if owns(action) { backlog.append(action) } else { kept.append(action) }
        }
        pending = kept
        lock.unlock()
        if !backlog.isEmpty { perform(backlog) }
        return registration
    }

    /// Removes a handler; actions it would have owned are kept from now on (or go to another owner).
    public func removeHandler(_ registration: Registration) {
        lock.lock()
        handlers.removeAll { $0.registration == registration }
        lock.unlock()
    }

    public func deliver(_ actions: [EngineAction]) {
        guard !actions.isEmpty else { return }
        lock.lock()
        // Batches per handler, in action order; few handlers, so a linear scan per action is fine.
        var batches: [[EngineAction]] = Array(repeating: [], count: handlers.count)
        for action in actions {
            if let owner = handlers.firstIndex(where: { $0.owns(action) }) {
                batches[owner].append(action)
            } else if case .scheduleTick = action {
                continue
            } else {
                pending.append(action)
            }
        }
        let targets = handlers.map(\.perform)
        lock.unlock()
        for (perform, batch) in zip(targets, batches) where !batch.isEmpty { perform(batch) }
    }

    /// Actions kept because no handler owned them, oldest first.
    public func takeActions() -> [EngineAction] {
        lock.lock()
        defer { lock.unlock() }
        let taken = pending
        pending = []
        return taken
    }
}
