import DCERPC
import EMSMDB
import MAPIWire
import NIOConcurrencyHelpers
import NotificationEngine

/// ``RPCMailbox`` over the EMSMDB ROP processor shared with MAPI/HTTP (docs/EMSMDB.md): the same
/// sessions, RPC_HEADER_EXT layer, ROP handlers and notification hub.
public final class EMSMDBRPCMailbox: RPCMailbox {
    public let server: EMSMDBServer
    private let sessions = NIOLockedValueBox<(next: UInt64, byID: [UInt64: EMSMDBSession])>((1, [:]))
    private let registration = NIOLockedValueBox<EngineActionRelay.Registration?>(nil)

    public init(server: EMSMDBServer) {
        self.server = server
    }

    public var notifications: NotificationHub { server.hub }

    /// Adds the transport's handler to the processor's relay, which MAPI/HTTP may share: this
    /// transport owns the `.sendDatagram` actions (only EcRRegisterPushNotification registers push
    /// callbacks). Its EcDoAsyncWaitEx calls are hub-owned waits, completed by the hub itself.
    public func installEngineActionHandler(_ handler: (@Sendable ([EngineAction]) -> Void)?) {
        let relay = server.engineActions
        let previous = registration.withLockedValue { value -> EngineActionRelay.Registration? in defer { value = nil }; return value }
        if let previous { relay.removeHandler(previous) }
        guard let handler else { return }
        let added = relay.addHandler(owning: { action in
            if case .sendDatagram = action { return true }
            return false
        }, handler)
        registration.withLockedValue { $0 = added }
    }

    /// EcDoConnectEx: the user must have a mailbox (ecUnknownUser otherwise); linking is the engine's.
    public func connect(userName: String, request: EcDoConnectExRequest) -> RPCConnectResult {
        guard server.store.mailbox(userName: userName) != nil else { return .refused(.unknownUser) }
        guard let session = server.connect(userName: userName, linkIndex: request.icxrLink, linkTimeStamp: request.timeStamp) else {
            return .refused(.serverTooBusy)
        }
        let id = sessions.withLockedValue { state -> UInt64 in
            defer { state.next += 1 }
            state.byID[state.next] = session
            return state.next
        }
        return .connected(RPCMailboxSession(id: id, index: session.index, timeStamp: session.timeStamp, userName: userName, displayName: userName))
    }

    /// EcDoRpcExt2: `EMSMDBServer.execute` (RPC_HEADER_EXT in and out, pcbOut including headers).
    /// Its call errors (ecRpcFormat for a malformed rgbIn, ecBufferTooSmall) become the return value.
    public func execute(session: RPCMailboxSession, flags: UInt32, ropIn: [UInt8], maxRopOut: Int, auxIn: [UInt8]) -> RPCExecuteResult {
        guard let emsmdbSession = sessions.withLockedValue({ $0.byID[session.id] }), emsmdbSession.isConnected else {
            return RPCExecuteResult(ropOut: [], returnValue: .rpcFormat, destroySession: true)
        }
        do {
            let out = try server.execute(session: emsmdbSession, rgbIn: ropIn, maxRgbOut: maxRopOut, flags: ExecuteFlags(rawValue: flags))
            return RPCExecuteResult(ropOut: out)
        } catch {
            return RPCExecuteResult(ropOut: [], returnValue: error.code)
        }
    }

    public func disconnect(session: RPCMailboxSession) {
        guard let emsmdbSession = sessions.withLockedValue({ $0.byID.removeValue(forKey: session.id) }) else { return }
        server.disconnect(emsmdbSession)
    }
}
