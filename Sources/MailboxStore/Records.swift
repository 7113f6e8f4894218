import MAPIWire
import NotificationEngine

/// Stored properties of one object, by tag. Computed properties are never in here.
public typealias PropertyBag = [PropertyTag: PropertyValue]

/// A user's private mailbox (MS-OXCSTOR 3.2.1).
public struct MailboxRecord: Hashable, Sendable {
    public var id: MailboxID
    /// Login / SMTP address, unique.
    public var userName: String
    /// legacyExchangeDN (the ESSDN of RopLogon).
    public var legacyExchangeDN: String
    public var mailboxGuid: GUID
    public var replGuid: GUID
    /// Always 1: one replica per private mailbox (rop-reference §3.7).
    public var replicaID: UInt16
    /// Global counters up to this value may have been handed out; allocation resumes above it
    /// after a restart, so no FID, MID or change number is ever reused (MS-OXCFXICS 3.1.5.3).
    public var counterReserved: UInt64
    /// Incremented on every load; the upper bits of every event sequence number, so sequences
    /// never repeat across restarts.
    public var eventEpoch: UInt64
}

/// One folder. `id` is the 48-bit global counter; the FID is (replica 1, id).
public struct FolderRecord: Hashable, Sendable {
    public var id: UInt64
    /// 0 for the mailbox root.
    public var parentID: UInt64
    /// Index in RopLogon's FolderIds (0…12) or in ``SpecialFolder`` for the other default folders.
    public var special: SpecialFolder?
    public var isSearchFolder: Bool
    public var creationTime: UInt64
    public var lastModificationTime: UInt64
    public var changeNumber: UInt64
    public var hierarchyChangeNumber: UInt32
    public var properties: PropertyBag
    /// Encoded ``SearchCriteria`` of a search folder.
    public var searchCriteria: SearchCriteria?
}

/// One saved message.
public struct MessageRecord: Hashable, Sendable {
    public var id: UInt64
    public var folderID: UInt64
    public var isAssociated: Bool
    public var creationTime: UInt64
    public var lastModificationTime: UInt64
    public var changeNumber: UInt64
    public var properties: PropertyBag
    public var recipients: [RecipientRecord]
    /// Soft-deleted: out of normal tables, counts and searches; listed by SoftDeletes tables and
    /// opened only with OpenSoftDeleted (MS-OXCFOLD 2.2.1.1.1, 2.2.1.14).
    public var isSoftDeleted = false

    public var flags: MessageFlags {
        if case let .integer32(raw)? = properties[Tags.messageFlags] { return MessageFlags(rawValue: UInt32(bitPattern: raw)) }
        return []
    }

    public var isRead: Bool { flags.contains(.read) }
}

/// A recipient of a message (rop-reference §3.10, §7.5): its RowId, RecipientType and properties
/// (fixed-part ones such as PidTagDisplayName and PidTagEmailAddress included).
public struct RecipientRecord: Hashable, Sendable {
    public var rowID: UInt32
    /// 1 To, 2 Cc, 3 Bcc (possibly ORed with resend bits).
    public var recipientType: UInt8
    public var properties: PropertyBag

    public init(rowID: UInt32, recipientType: UInt8, properties: PropertyBag) {
        self.rowID = rowID
        self.recipientType = recipientType
        self.properties = properties
    }

    /// The recipient's SMTP address, from PidTagSmtpAddress or an SMTP PidTagEmailAddress.
    public var smtpAddress: String? {
        if case let .string(address)? = properties[Tags.smtpAddress] { return address }
        if case let .string(type)? = properties[Tags.addressType], type.uppercased() == "SMTP",
           case let .string(address)? = properties[Tags.emailAddress] { return address }
        if case let .string(address)? = properties[Tags.emailAddress], address.contains("@") { return address }
        return nil
    }
}

/// A search folder's criteria (MS-OXCFOLD 2.2.1.4).
public struct SearchCriteria: Hashable, Sendable {
    public var restriction: Restriction
    public var scope: [UInt64]
    public var recursive: Bool
    public init(restriction: Restriction, scope: [UInt64], recursive: Bool) {
        self.restriction = restriction
        self.scope = scope
        self.recursive = recursive
    }
}
