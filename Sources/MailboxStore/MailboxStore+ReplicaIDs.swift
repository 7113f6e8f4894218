import MAPIWire
import NotificationEngine

// The REPLID ↔ REPLGUID mapping of a mailbox (MS-OXCSTOR 3.2.1, 3.2.5.8, 3.2.5.9): REPLID 1 is the
// mailbox's own REPLGUID; RopIdFromLongTermId gives every other GUID it meets the next REPLID, for
// good (stored on the root folder, ``InternalProperties/replicaGuids``).

extension InternalProperties {
    /// REPLGUIDs of REPLIDs 2, 3, … on the mailbox root.
    static let replicaGuids = PropertyTag(0xFFFF_1048)
}

extension MailboxStore {
    /// At most this many REPLIDs (MS-OXCSTOR 3.2.5.9: ecParameterOverflow beyond).
    public static let maximumReplicaIDs = 0x7FFF

    func registeredReplicaGuids(_ state: MailboxState) -> [GUID] {
        guard let root = state.folders[state.special[.root] ?? 0],
              case let .multipleGuid(guids)? = root.properties[InternalProperties.replicaGuids] else { return [] }
        return guids
    }

    /// The REPLGUID of a REPLID, nil when unknown.
    public func replicaGuid(_ mailbox: MailboxID, replicaID: UInt16) throws(StoreError) -> GUID? {
        try locked { () throws(StoreError) -> GUID? in
            let state = try state(mailbox)
            if replicaID == state.record.replicaID { return state.record.replGuid }
            let others = registeredReplicaGuids(state)
            guard replicaID >= 2, Int(replicaID) - 2 < others.count else { return nil }
            return others[Int(replicaID) - 2]
        }
    }

    /// The REPLID of a REPLGUID, registering it when new.
    public func replicaID(_ mailbox: MailboxID, guid: GUID) throws(StoreError) -> UInt16 {
        let known = try locked { () throws(StoreError) -> UInt16? in
            let state = try state(mailbox)
            if guid == state.record.replGuid { return state.record.replicaID }
            return registeredReplicaGuids(state).firstIndex(of: guid).map { UInt16($0 + 2) }
        }
        if let known { return known }
        return try transaction { tx throws(StoreError) -> UInt16 in
            let state = try state(mailbox)
            var guids = registeredReplicaGuids(state)
            if let index = guids.firstIndex(of: guid) { return UInt16(index + 2) }
            guard guids.count + 2 <= Self.maximumReplicaIDs else { throw .parameterOverflow }
            guard let rootID = state.special[.root], var root = state.folders[rootID] else { throw .notFound }
            guids.append(guid)
            root.properties[InternalProperties.replicaGuids] = .multipleGuid(guids)
            tx.putFolder(state, root)
            return UInt16(guids.count + 1)
        }
    }
}
