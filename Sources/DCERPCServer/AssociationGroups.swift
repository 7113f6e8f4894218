import DCERPC
import NIOConcurrencyHelpers

/// What a context handle names: a session context (CXH) or its asynchronous handle (ACXH).
enum HandleTarget: Sendable {
    case session(SessionRecord)
    /// The ACXH of the session whose CXH is given (MS-OXCRPC 3.1.4.4: bound to that session context).
    case async(sessionHandle: ContextHandle)
}

/// A session context as the transport knows it.
struct SessionRecord: Sendable {
    var session: RPCMailboxSession
    /// Who created it: every later call on its handles must come from the same user.
    var owner: String
    var asyncHandle: ContextHandle?
    var pushRegistrations: UInt32 = 0
}

/// Association groups (MS-RPCE 3.3.1.1.1): connections that bind with the `assoc_group_id` of an
/// earlier bind_ack share its context handles. Handles are random version-4 UUIDs minted by
/// ``ContextHandleTable``; a handle from another group is simply not in this group's table.
/// When a group's last connection closes, its handles run down: their sessions are disconnected.
final class AssociationGroups: Sendable {
    private struct Group {
        var connections = 0
        var handles = ContextHandleTable<HandleTarget>(capacity: 4096)
    }

    private let groups = NIOLockedValueBox<[UInt32: Group]>([:])

    /// The `associationGroup` closure of ``RPCServerConfiguration``: 0 creates a group with a
    /// random id; a known id joins it; an unknown one is refused (bind_nak).
    func join(_ requested: UInt32) -> UInt32? {
        groups.withLockedValue { groups in
            if requested != 0 {
                guard groups[requested] != nil else { return nil }
                groups[requested]!.connections += 1
                return requested
            }
            var generator = SystemRandomNumberGenerator()
            var id: UInt32
            repeat { id = UInt32.random(in: 1...UInt32.max, using: &generator) } while groups[id] != nil
            groups[id] = Group(connections: 1)
            return id
        }
    }

    /// A connection of `group` closed; returns the sessions to disconnect when it was the last one.
    func leave(_ group: UInt32) -> [RPCMailboxSession] {
        groups.withLockedValue { groups in
            guard var entry = groups[group] else { return [] }
            entry.connections -= 1
            guard entry.connections <= 0 else {
                groups[group] = entry
                return []
            }
            groups[group] = nil
            return entry.handles.removeAll().compactMap { target in
                if case let .session(record) = target { return record.session }
                return nil
            }
        }
    }

    /// All sessions of all groups (server stop).
    func removeAll() -> [RPCMailboxSession] {
        groups.withLockedValue { groups in
            defer { groups = [:] }
            return groups.values.flatMap { group -> [RPCMailboxSession] in
                var handles = group.handles
                return handles.removeAll().compactMap { target in
                    if case let .session(record) = target { return record.session }
                    return nil
                }
            }
        }
    }

    func insert(_ target: HandleTarget, group: UInt32) -> ContextHandle? {
        groups.withLockedValue { groups in groups[group]?.handles.insert(target) }
    }

    func lookup(_ handle: ContextHandle, group: UInt32) -> Result<HandleTarget, ContextHandleError> {
        groups.withLockedValue { groups in groups[group]?.handles.lookup(handle) ?? .failure(.mismatch) }
    }

    /// The session record of a CXH, if `user` owns it.
    func session(_ handle: ContextHandle, group: UInt32, user: String) -> Result<SessionRecord, ContextHandleError> {
        switch lookup(handle, group: group) {
        case let .success(.session(record)) where record.owner == user: return .success(record)
        case .success: return .failure(.mismatch)
        case let .failure(error): return .failure(error)
        }
    }

    func update(_ handle: ContextHandle, group: UInt32, _ body: (inout SessionRecord) -> Void) -> SessionRecord? {
        groups.withLockedValue { groups -> SessionRecord? in
            guard case var .success(.session(record))? = groups[group]?.handles.lookup(handle) else { return nil }
            body(&record)
            _ = groups[group]?.handles.update(handle, .session(record))
            return record
        }
    }

    /// Removes a CXH and its ACXH; returns the session record.
    func removeSession(_ handle: ContextHandle, group: UInt32) -> SessionRecord? {
        groups.withLockedValue { groups -> SessionRecord? in
            guard case let .session(record)? = groups[group]?.handles.remove(handle) else { return nil }
            if let asyncHandle = record.asyncHandle { groups[group]?.handles.remove(asyncHandle) }
            return record
        }
    }

    /// The ACXH of a session, minted on first use (one per session context, MS-OXCRPC 3.3.1).
    func asyncHandle(for sessionHandle: ContextHandle, group: UInt32) -> ContextHandle? {
        groups.withLockedValue { groups -> ContextHandle? in
            guard case var .session(record)? = groups[group]?.handles.lookup(sessionHandle).success else { return nil }
            if let existing = record.asyncHandle { return existing }
            guard let minted = groups[group]?.handles.insert(.async(sessionHandle: sessionHandle)) else { return nil }
            record.asyncHandle = minted
            _ = groups[group]?.handles.update(sessionHandle, .session(record))
            return minted
        }
    }

    /// The session behind an ACXH, or nil when the ACXH is not valid here (MS-OXCRPC 3.3.4.1).
    func sessionForAsyncHandle(_ handle: ContextHandle, group: UInt32, user: String) -> SessionRecord? {
        groups.withLockedValue { groups -> SessionRecord? in
            guard case let .async(sessionHandle)? = groups[group]?.handles.lookup(handle).success,
                  case let .session(record)? = groups[group]?.handles.lookup(sessionHandle).success,
                  record.owner == user else { return nil }
            return record
        }
    }

    var count: Int { groups.withLockedValue { $0.count } }
}

extension Result {
    var success: Success? { if case let .success(value) = self { value } else { nil } }
}
