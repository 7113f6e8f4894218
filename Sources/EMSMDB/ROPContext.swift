import MAPIWire
import MailboxStore
import NotificationEngine

/// What a ROP handler works with: the server, the session, the request's Server object handle table
/// (MS-OXCROPS 2.2.1) and the space left for its response.
///
/// Created by the processor for each request buffer; handlers receive it `inout`.
public struct ROPContext {
    public let server: EMSMDBServer
    public let session: EMSMDBSession
    let state: SessionState
    /// The request's handle table; output handles are written into it and it is echoed in the
    /// response (MS-OXCROPS 3.2.5.2).
    public internal(set) var handles: [UInt32]
    /// LogonId of the ROP being processed.
    public internal(set) var logonID: UInt8 = 0
    /// Bytes this ROP's response may take. ROPs whose response size depends on data (rows,
    /// properties, recipients) size their answer to fit, or throw ``ROPError/responseDoesNotFit(sizeNeeded:)``
    /// before changing anything.
    public internal(set) var responseBudget: Int = 0

    init(server: EMSMDBServer, session: EMSMDBSession, state: SessionState, handles: [UInt32]) {
        self.server = server
        self.session = session
        self.state = state
        self.handles = handles
    }

    public var store: MailboxStore { server.store }
    public var hub: NotificationHub { server.hub }
    public var sessionIndex: SessionIndex { session.index }
    public var configuration: EMSMDBConfiguration { server.configuration }

    // MARK: Input objects

    /// The handle stored in slot `index`; ecNullObject when the index is beyond the table
    /// (MS-OXCROPS 3.2.5.1).
    public func handle(at index: UInt8) throws(ROPError) -> UInt32 {
        guard Int(index) < handles.count else { throw .nullObject }
        return handles[Int(index)]
    }

    /// The Server object in slot `index`, of any kind: ecNullObject for a bad index, 0xFFFFFFFF or a
    /// handle never issued; ecInvalidObject for a released handle (MS-OXCROPS 3.2.5.4);
    /// ecAccessDenied when the object belongs to another logon than the ROP's LogonId.
    public func anyObject(at index: UInt8) throws(ROPError) -> any ServerObject {
        switch state.handles.lookup(try handle(at: index)) {
        case let .object(object):
            guard object.logonID == logonID else { throw .accessDenied }
            return object
        case .released: throw .invalidObject
        case .unknown: throw .nullObject
        }
    }

    /// The Server object in slot `index` as a `T`; an object of another kind fails with `wrongType`
    /// (ecNullObject unless the ROP's section says otherwise, e.g. ecNotSupported).
    public func object<T: ServerObject>(at index: UInt8, as type: T.Type = T.self, wrongType: ErrorCode = .nullObject) throws(ROPError) -> T {
        guard let object = try anyObject(at: index) as? T else { throw ROPError(wrongType) }
        return object
    }

    /// The Logon object of the ROP's LogonId; ecNullObject when there is none (MS-OXCROPS 3.2.5.1:
    /// a failed Logon Map lookup fails the ROP).
    public func logon() throws(ROPError) -> LogonObject {
        guard let handle = state.logons[logonID], let logon = state.handles[handle] as? LogonObject else { throw .nullObject }
        return logon
    }

    // MARK: Output objects

    /// Fails with ecNullObject unless slot `index` exists. Object-creating handlers call it before
    /// changing anything, so a bad OutputHandleIndex leaves the store untouched.
    public func checkOutputIndex(_ index: UInt8) throws(ROPError) {
        guard Int(index) < handles.count else { throw .nullObject }
    }

    /// Whether the session can take one more Server object (the handle limit).
    public var canAllocateHandle: Bool { !state.handles.isFull }

    /// Gives `object` a new handle (never 0xFFFFFFFF) and writes it into slot `index` for the rest of
    /// the buffer and the response. Fails with ecNullObject for a bad slot, ecNotEnoughMemory at the
    /// handle limit — check ``canAllocateHandle`` / ``checkOutputIndex(_:)`` first when the ROP has
    /// side effects.
    @discardableResult
    public mutating func setOutput(_ object: any ServerObject, at index: UInt8) throws(ROPError) -> UInt32 {
        try checkOutputIndex(index)
        guard let handle = state.handles.insert(object) else { throw ROPError(.notEnoughMemory) }
        handles[Int(index)] = handle
        return handle
    }

    /// Releases the object in slot `index` (RopRelease semantics): its release hook runs, the handle
    /// is freed. Unknown handles are ignored.
    public mutating func releaseObject(at index: UInt8) {
        guard Int(index) < handles.count else { return }
        let handle = handles[Int(index)]
        guard state.handles[handle] != nil else { return }
        if let logon = state.handles[handle] as? LogonObject, state.logons[logon.logonID] == handle {
            releaseLogon(logon.logonID)
            return
        }
        server.releaseObject(handle: handle, in: state, session: session.index)
    }

    /// Releases a logon and every object opened under it (MS-OXCROPS 3.1.4.2: a RopLogon naming an
    /// active LogonId releases that logon; objects go before their owner, 3.1.5.3).
    public mutating func releaseLogon(_ logonID: UInt8) {
        guard let logonHandle = state.logons[logonID] else { return }
        for handle in state.handles.handles(logonID: logonID).reversed() where handle != logonHandle {
            server.releaseObject(handle: handle, in: state, session: session.index)
        }
        server.releaseObject(handle: logonHandle, in: state, session: session.index)
        state.logons[logonID] = nil
    }

    /// Records `logon` as the logon of its LogonId and writes its handle into slot `index`.
    mutating func setLogon(_ logon: LogonObject, at index: UInt8) throws(ROPError) {
        let handle = try setOutput(logon, at: index)
        state.logons[logon.logonID] = handle
    }
}
