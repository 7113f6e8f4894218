import MAPIWire
import NotificationEngine

// Per-user information (MS-OXCSTOR 3.1.4.3, 3.2.5.10–3.2.5.13): the read/unread state a private
// mailbox caches for the public folders its user visits — per folder LongTermID, the REPLGUID of the
// public store that provided it and the data BLOB (a serialized IDSET with REPLGUID, which the store
// keeps opaque). Durable: its own backend table, loaded with the mailbox.

/// The cached per-user data of one public folder.
public struct PerUserRecord: Hashable, Sendable {
    /// The public folder's LongTermID (Pad always 0: the key of the record).
    public var folder: LongTermID
    /// The REPLGUID of the public store the data came from (RopGetPerUserGuid).
    public var replGuid: GUID
    public var data: [UInt8]

    public init(folder: LongTermID, replGuid: GUID, data: [UInt8]) {
        self.folder = PerUserRecord.key(folder)
        self.replGuid = replGuid
        self.data = data
    }

    /// The record key of a folder LongTermID: DatabaseGuid and GlobalCounter (Pad carries nothing).
    public static func key(_ folder: LongTermID) -> LongTermID {
        LongTermID(databaseGuid: folder.databaseGuid, globalCounter: folder.globalCounter)
    }
}

extension MailboxStore {
    /// RopReadPerUserInformation / RopGetPerUserGuid: the folder's record, nil when none is stored.
    public func perUserInformation(_ mailbox: MailboxID, folder: LongTermID) throws(StoreError) -> PerUserRecord? {
        try locked { () throws(StoreError) -> PerUserRecord? in
            try state(mailbox).perUser[PerUserRecord.key(folder)]
        }
    }

    /// RopGetPerUserLongTermIds: the folders whose data came from the public store `replGuid`, in
    /// LongTermID byte order (the spec allows any order; a fixed one keeps answers stable).
    public func perUserLongTermIDs(_ mailbox: MailboxID, replGuid: GUID) throws(StoreError) -> [LongTermID] {
        try locked { () throws(StoreError) -> [LongTermID] in
            try state(mailbox).perUser.values.filter { $0.replGuid == replGuid }.map(\.folder).sorted { left, right in
                var a: [UInt8] = [], b: [UInt8] = []
                left.encode(into: &a)
                right.encode(into: &b)
                return a.lexicographicallyPrecedes(b)
            }
        }
    }

    /// RopWritePerUserInformation with HasFinished: replaces the folder's record; empty data removes
    /// it (no read state is the same as no record). Data beyond
    /// ``Configuration/maximumStreamSize`` → invalidParameter.
    public func setPerUserInformation(_ mailbox: MailboxID, _ record: PerUserRecord) throws(StoreError) {
        guard record.data.count <= configuration.maximumStreamSize else { throw .invalidParameter("per-user data too large") }
        try transaction { tx throws(StoreError) in
            let state = try state(mailbox)
            let key = PerUserRecord.key(record.folder)
            tx.putPerUser(state, key, record.data.isEmpty ? nil : record)
        }
    }
}
