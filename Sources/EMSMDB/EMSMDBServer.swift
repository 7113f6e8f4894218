import Foundation
import MAPIWire
import MailboxStore
import NotificationEngine

/// The EMSMDB ROP processor (MS-OXCROPS server role) shared by the MAPI/HTTP and DCE/RPC transports:
/// it owns the mailbox store, the notification hub and the table of session contexts.
///
/// Synchronous and free of I/O: transports call ``connect(userName:cachedMode:linkIndex:linkTimeStamp:)``,
/// ``execute(session:rgbIn:maxRgbOut:flags:)`` (or ``executeRops(session:ropBuffer:maxRopOut:)``),
/// ``wait(session:)`` and ``disconnect(_:)``. See docs/EMSMDB.md.
public final class EMSMDBServer: @unchecked Sendable {
    public let store: MailboxStore
    public let hub: NotificationHub
    public let configuration: EMSMDBConfiguration
    /// Engine actions for the transports (see ``EngineActionRelay``).
    public let engineActions: EngineActionRelay

    private let lock = NSLock()
    private var sessions: [SessionIndex: EMSMDBSession] = [:]

    /// Makes the hub and the store, wiring the store's events into the hub (``HubEventSink``).
    public convenience init(
        backend: any MailboxStoreBackend,
        storeConfiguration: MailboxStore.Configuration = MailboxStore.Configuration(),
        engineConfiguration: EngineConfiguration = EngineConfiguration(),
        configuration: EMSMDBConfiguration = EMSMDBConfiguration()
    ) throws(StoreError) {
        let hub = NotificationHub(configuration: engineConfiguration)
        let relay = EngineActionRelay()
        let store = try MailboxStore(backend: backend, sink: HubEventSink(hub: hub, relay: relay), configuration: storeConfiguration)
        self.init(store: store, hub: hub, engineActions: relay, configuration: configuration)
    }

    /// For callers that built the store themselves: its sink MUST be a ``HubEventSink`` on the same
    /// `hub` and `engineActions`, or no notification is ever queued.
    public init(store: MailboxStore, hub: NotificationHub, engineActions: EngineActionRelay, configuration: EMSMDBConfiguration = EMSMDBConfiguration()) {
        self.store = store
        self.hub = hub
        self.engineActions = engineActions
        self.configuration = configuration
    }

    // MARK: Session contexts

    /// EcDoConnectEx / MAPI/HTTP Connect for an authenticated user: creates the engine session
    /// (linked per MS-OXCRPC 3.1.4.1 when `linkIndex` / `linkTimeStamp` name a live session of the
    /// same user). Nil when the engine has no free session index (65,535 live sessions).
    public func connect(userName: String, cachedMode: Bool = false, linkIndex: UInt32 = 0xFFFF_FFFF, linkTimeStamp: UInt32 = 0) -> EMSMDBSession? {
        guard let info = hub.createSession(user: userName, cachedMode: cachedMode, linkIndex: linkIndex, linkTimeStamp: linkTimeStamp) else {
            return nil
        }
        let session = EMSMDBSession(info: info, userName: userName, handleLimit: configuration.maximumHandlesPerSession)
        lock.lock()
        sessions[info.index] = session
        lock.unlock()
        return session
    }

    /// The live session with this index (`piCxr`), if any.
    public func session(_ index: SessionIndex) -> EMSMDBSession? {
        lock.lock()
        defer { lock.unlock() }
        return sessions[index]
    }

    public var sessionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return sessions.count
    }

    /// EcDoDisconnect / Disconnect / expiry: releases every Server object (subscriptions, tables,
    /// messages — MS-OXCROPS 3.2.7.1) and destroys the engine session (its parked wait completes with
    /// pending = 1). Idempotent.
    public func disconnect(_ session: EMSMDBSession) {
        let wasConnected = session.withLock { state -> Bool in
            guard state.connected else { return false }
            state.connected = false
            for handle in state.handles.allHandles.reversed() {
                releaseObject(handle: handle, in: state, session: session.index)
            }
            state.logons = [:]
            return true
        }
        guard wasConnected else { return }
        lock.lock()
        sessions[session.index] = nil
        lock.unlock()
        engineActions.deliver(hub.destroySession(session.index))
    }

    /// NotificationWait: `onCompletion` is called once, when this session or a linked one has
    /// something queued, at the engine's wait timeout, or when the session is destroyed
    /// (``NotificationHub/wait(session:onCompletion:)``), so a transport can answer from its event
    /// loops. Cancel with ``cancelWait(session:id:)``.
    @discardableResult
    public func wait(session: EMSMDBSession, onCompletion: @escaping @Sendable (WaitOutcome) -> Void) -> WaitID {
        hub.wait(session: session.index, onCompletion: onCompletion)
    }

    /// Ends a wait begun with ``wait(session:onCompletion:)``: its callback reports pending = false.
    public func cancelWait(session: EMSMDBSession, id: WaitID) {
        engineActions.deliver(hub.cancelWait(session: session.index, id: id))
    }

    /// Removes one handle and runs its object's release hook. Lock held.
    func releaseObject(handle: UInt32, in state: SessionState, session: SessionIndex) {
        guard let object = state.handles.remove(handle) else { return }
        if object is LogonObject, state.logons[object.logonID] == handle {
            state.logons[object.logonID] = nil
        }
        object.release(in: ServerObjectReleaseContext(server: self, session: session, handle: handle))
    }
}
