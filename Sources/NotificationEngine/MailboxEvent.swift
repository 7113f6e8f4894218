import MAPIWire

/// Identifies a mailbox within one Herald deployment (assigned by the mailbox store).
public struct MailboxID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: MailboxID, rhs: MailboxID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "mailbox#\(rawValue)" }
}

/// Identifies one open Table object (a contents or hierarchy table a client opened) across the
/// store, which computes its row deltas, and the engine, which owns its notification state.
public struct TableID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "table#\(rawValue)" }
}

/// The folder or message an event is about.
public struct ObjectRef: Hashable, Sendable {
    /// The folder itself, or the folder the message is in (for a message seen through a search
    /// folder: the search folder).
    public var folderID: FolderID
    /// Set for messages, nil for folders (the NotificationFlags M bit).
    public var messageID: MessageID?
    /// The event happened in a search folder (the S bit; messages only).
    public var inSearchFolder: Bool

    public static func folder(_ folderID: FolderID) -> ObjectRef {
        ObjectRef(folderID: folderID, messageID: nil, inSearchFolder: false)
    }

    public static func message(_ messageID: MessageID, in folderID: FolderID, inSearchFolder: Bool = false) -> ObjectRef {
        ObjectRef(folderID: folderID, messageID: messageID, inSearchFolder: inSearchFolder)
    }

    public var isMessage: Bool { messageID != nil }
}

/// The one canonical event type of Herald (MS-OXCNOTIF 2.2.1.1).
///
/// The mailbox store publishes these after each commit, in commit order, numbered by a per-mailbox
/// ``sequence``; the notification engine matches them to subscriptions and encodes each into
/// NotificationData exactly once.
public struct MailboxEvent: Hashable, Sendable {
    public var mailbox: MailboxID
    /// Per-mailbox, strictly increasing in commit order (gaps allowed, never reused).
    public var sequence: UInt64
    public var kind: Kind

    public init(mailbox: MailboxID, sequence: UInt64, kind: Kind) {
        self.mailbox = mailbox
        self.sequence = sequence
        self.kind = kind
    }

    public enum Kind: Hashable, Sendable {
        /// NewMail (0x0002): a message was delivered into `folderID`.
        case newMail(folderID: FolderID, messageID: MessageID, messageFlags: UInt32, messageClass: String)
        /// ObjectCreated (0x0004); `parentFolderID` is the new folder's parent (folders) or, for a
        /// message in a search folder, the message's real folder.
        case objectCreated(ObjectRef, parentFolderID: FolderID, tags: [PropertyTag])
        /// ObjectDeleted (0x0008).
        case objectDeleted(ObjectRef, parentFolderID: FolderID)
        /// ObjectModified (0x0010). Counts are set (T/U bits) when a folder's counts changed.
        case objectModified(ObjectRef, tags: [PropertyTag], totalMessageCount: UInt32?, unreadMessageCount: UInt32?)
        /// ObjectMoved (0x0020): `object` is the new location, `old` the previous one.
        case objectMoved(ObjectRef, parentFolderID: FolderID, old: ObjectRef, oldParentFolderID: FolderID)
        /// ObjectCopied (0x0040): `object` is the copy, `old` the source.
        case objectCopied(ObjectRef, parentFolderID: FolderID, old: ObjectRef, oldParentFolderID: FolderID)
        /// SearchCompleted (0x0080): the initial population of a search folder finished.
        case searchCompleted(folderID: FolderID)
        /// TableModified (0x0100) for one open table, already in that table's terms (anchor in its sort
        /// order, row in its current columns). Delivered only to that table's owner.
        case tableModified(TableID, NotificationData)
    }

    /// The event type bit (for matching against NotificationTypes masks).
    public var type: NotificationTypes {
        switch kind {
        case .newMail: .newMail
        case .objectCreated: .objectCreated
        case .objectDeleted: .objectDeleted
        case .objectModified: .objectModified
        case .objectMoved: .objectMoved
        case .objectCopied: .objectCopied
        case .searchCompleted: .searchCompleted
        case .tableModified: .tableModified
        }
    }
}
