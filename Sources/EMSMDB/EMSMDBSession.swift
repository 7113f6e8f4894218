import Foundation
import MAPIWire
import NotificationEngine

/// One session context (MS-OXCRPC 3.1.4.1 EcDoConnectEx / MS-OXCMAPIHTTP Connect): the engine
/// session, the Server object handle table and the logons, for one authenticated user.
///
/// Requests of one session run one at a time (MS-OXCROPS 3.2.5.1: "MUST NOT process more than one
/// ROP input buffer concurrently for a connection"): ``EMSMDBServer/executeRops(session:ropBuffer:maxRopOut:)``
/// holds the session's lock for the whole buffer.
public final class EMSMDBSession: @unchecked Sendable, CustomStringConvertible {
    /// The engine session: `piCxr` / the RopPending SessionIndex.
    public let index: SessionIndex
    /// `pulTimeStamp` out of EcDoConnectEx: what a later connect presents to link to this session.
    public let timeStamp: UInt32
    /// The session this one was linked to at connect, if any.
    public let linkedTo: SessionIndex?
    /// The authenticated user (a MailboxStore user name).
    public let userName: String

    private let lock = NSLock()
    /// Only touched with `lock` held.
    let state: SessionState

    init(info: SessionInfo, userName: String, handleLimit: Int) {
        index = info.index
        timeStamp = info.timeStamp
        linkedTo = info.linkedTo
        self.userName = userName
        state = SessionState(handleLimit: handleLimit)
    }

    func withLock<R, E: Error>(_ body: (SessionState) throws(E) -> R) throws(E) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(state)
    }

    /// Live Server objects (diagnostics, tests).
    public var handleCount: Int { withLock { $0.handles.count } }
    public var isConnected: Bool { withLock { $0.connected } }

    public var description: String { "EMSMDBSession(\(index), \(userName))" }
}

/// The mutable part of a session context.
final class SessionState {
    var handles: HandleTable
    /// LogonId → the handle of its Logon object (the Logon Map, MS-OXCROPS 3.2.5.1).
    var logons: [UInt8: UInt32] = [:]
    var connected = true

    init(handleLimit: Int) {
        handles = HandleTable(limit: handleLimit)
    }
}
