import DCERPC
import MAPIWire
import NotificationEngine

/// A session context the mailbox created for EcDoConnectEx (MS-OXCRPC 3.1.4.1).
public struct RPCMailboxSession: Sendable, Hashable {
    /// The mailbox's own identifier; the transport never interprets it.
    public var id: UInt64
    /// `piCxr`: the index RopPending reports (MS-OXCNOTIF 2.2.1.3.4).
    public var index: SessionIndex
    /// `pulTimeStamp` out: what a later EcDoConnectEx presents to link to this session.
    public var timeStamp: UInt32
    /// Canonical (lower-case) logon name of the mailbox owner.
    public var userName: String
    /// `szDisplayName`.
    public var displayName: String

    public init(id: UInt64, index: SessionIndex, timeStamp: UInt32, userName: String, displayName: String) {
        self.id = id
        self.index = index
        self.timeStamp = timeStamp
        self.userName = userName
        self.displayName = displayName
    }
}

/// What EcDoConnectEx produced.
public enum RPCConnectResult: Sendable, Hashable {
    case connected(RPCMailboxSession)
    /// The call's return value (e.g. ecUnknownUser 0x3EB, ecLoginFailure 0x80040111); no session.
    case refused(ErrorCode)
}

/// What EcDoRpcExt2 produced (MS-OXCRPC 3.1.4.2).
public struct RPCExecuteResult: Sendable, Hashable {
    /// rgbOut: one or more extended buffers (RPC_HEADER_EXT + payload), at most `pcbOut` bytes.
    public var ropOut: [UInt8]
    public var auxOut: [UInt8]
    public var returnValue: ErrorCode
    /// The session must be destroyed and a NULL handle returned (MS-OXCRPC 3.1.4.2 pcxh).
    public var destroySession: Bool

    public init(ropOut: [UInt8], auxOut: [UInt8] = [], returnValue: ErrorCode = .success, destroySession: Bool = false) {
        self.ropOut = ropOut
        self.auxOut = auxOut
        self.returnValue = returnValue
        self.destroySession = destroySession
    }
}

/// The mailbox side of the DCE/RPC transport: what the EMSMDB ROP processor provides (the adapter
/// over `EMSMDBServer` is ``EMSMDBRPCMailbox``). Calls are synchronous (the store is) and run on a
/// thread pool, never on an event loop. Waits and UDP push go straight to ``notifications``, the
/// hub the mailbox publishes to.
public protocol RPCMailbox: Sendable {
    /// The engine the mailbox queues notifications in.
    var notifications: NotificationHub { get }

    /// EcDoConnectEx: creates a session context for `userName` (already authenticated and checked
    /// against szUserDN by the transport), linked as `ulIcxrLink` / `pulTimeStamp` ask when the
    /// engine allows it. A failure is the call's return value (e.g. ecUnknownUser, ecLoginFailure).
    func connect(userName: String, request: EcDoConnectExRequest) -> RPCConnectResult

    /// EcDoRpcExt2: the RPC_HEADER_EXT layer shared with MAPI/HTTP (un-obfuscate / decompress,
    /// ROPs, pending notifications, compress / obfuscate as `flags` allow) within `maxRopOut`.
    func execute(session: RPCMailboxSession, flags: UInt32, ropIn: [UInt8], maxRopOut: Int, auxIn: [UInt8]) -> RPCExecuteResult

    /// EcDoDisconnect or context-handle rundown: releases everything the session holds.
    func disconnect(session: RPCMailboxSession)

    /// Routes the engine actions the mailbox's own hub calls produce (`.sendDatagram` from
    /// `hub.publish` inside a store commit, for instance) to the transport; nil uninstalls.
    /// The handler only hands work off (it may run with the store's lock held).
    func installEngineActionHandler(_ handler: (@Sendable ([EngineAction]) -> Void)?)
}

extension RPCMailbox {
    public func installEngineActionHandler(_ handler: (@Sendable ([EngineAction]) -> Void)?) {}
}
