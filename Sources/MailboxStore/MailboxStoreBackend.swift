import MAPIWire
import NotificationEngine

/// Where mailboxes persist. ``MailboxStore`` keeps each loaded mailbox in memory and hands the
/// backend one ``CommitBatch`` per transaction, which the backend MUST apply atomically (all or
/// nothing) before returning; events are published only after `commit` returned.
///
/// The contract is small on purpose — load, and commit final states — so that a PostgreSQL backend
/// (for several nodes) can be added without touching the store's logic or the layers above it.
public protocol MailboxStoreBackend: Sendable {
    /// Every mailbox's directory entry (no folders or messages).
    func loadMailboxes() throws -> [MailboxRecord]
    /// The folders and messages of one mailbox.
    func loadContents(of mailbox: MailboxID) throws -> (folders: [FolderRecord], messages: [MessageRecord])
    /// Applies a batch atomically and durably (per the backend's durability setting).
    func commit(_ batch: CommitBatch) throws
    /// The stored Logon-object properties of one mailbox (MS-OXCSTOR 2.2.2).
    func loadStoreProperties(of mailbox: MailboxID) throws -> PropertyBag
    /// The per-user information of public folders one mailbox keeps (MS-OXCSTOR 3.1.4.3).
    func loadPerUserInformation(of mailbox: MailboxID) throws -> [PerUserRecord]
}

extension MailboxStoreBackend {
    /// Backends without store-level properties have none.
    public func loadStoreProperties(of mailbox: MailboxID) throws -> PropertyBag { [:] }
    /// Backends without a per-user table have none.
    public func loadPerUserInformation(of mailbox: MailboxID) throws -> [PerUserRecord] { [] }
}

/// The final state of everything one transaction changed.
public struct CommitBatch: Sendable {
    public var mailboxes: [MailboxRecord] = []
    public var folderUpserts: [(MailboxID, FolderRecord)] = []
    public var folderDeletes: [(MailboxID, UInt64)] = []
    public var messageUpserts: [(MailboxID, MessageRecord)] = []
    /// Messages that did not exist before this transaction (no old rows to replace).
    public var messageInserts: [(MailboxID, MessageRecord)] = []
    public var messageDeletes: [(MailboxID, UInt64)] = []
    /// The final Logon-object property bag of each mailbox whose store properties changed.
    public var storeProperties: [(MailboxID, PropertyBag)] = []
    /// Per-user information written or removed (MS-OXCSTOR 3.1.4.3), keyed by folder LongTermID.
    public var perUserUpserts: [(MailboxID, PerUserRecord)] = []
    public var perUserDeletes: [(MailboxID, LongTermID)] = []

    public init() {}

    public var isEmpty: Bool {
        mailboxes.isEmpty && folderUpserts.isEmpty && folderDeletes.isEmpty && messageUpserts.isEmpty && messageInserts.isEmpty
            && messageDeletes.isEmpty && storeProperties.isEmpty && perUserUpserts.isEmpty && perUserDeletes.isEmpty
    }
}

// MARK: - Value encoding shared by backends

/// Encodes property bags with MAPIWire's own value encoder (TaggedPropertyValue, MS-OXCDATA 2.11.4)
/// so every backend stores every MS-OXCDATA type, multi-valued included, byte-exactly.
public enum PropertyBagCoding {
    public static func encode(_ value: PropertyValue) -> [UInt8] {
        if let large = LargeValueCoding.encode(value) { return large }
        var buffer: [UInt8] = []
        value.encode(into: &buffer)
        return buffer
    }

    public static func decode(_ bytes: [UInt8], tag: PropertyTag) throws -> PropertyValue {
        if let large = try LargeValueCoding.decode(bytes, tag: tag) { return large }
        var reader = ByteReader(bytes)
        return try PropertyValue.decode(type: tag.type, from: &reader)
    }

    /// A whole bag: count (u32) then TaggedPropertyValues in tag order.
    public static func encode(_ bag: PropertyBag) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.appendUInt32(UInt32(bag.count))
        for (tag, value) in bag.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            TaggedPropertyValue(tag: tag, value: value).encode(into: &buffer)
        }
        return buffer
    }

    public static func decodeBag(_ bytes: [UInt8]) throws -> PropertyBag {
        var reader = ByteReader(bytes)
        let count = try reader.readUInt32("PropertyCount")
        var bag = PropertyBag()
        for _ in 0..<count {
            let tagged = try TaggedPropertyValue.decode(from: &reader)
            bag[tagged.tag] = tagged.value
        }
        return bag
    }
}
