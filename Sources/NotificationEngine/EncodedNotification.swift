import MAPIWire

/// The NotificationData bytes of one event (MS-OXCNOTIF 2.2.1.4.1.2), encoded once and shared by
/// every queue entry that delivers it; entries add only the 6-byte RopNotify header.
///
/// It also carries when the event's commit was published, so packing can measure commit-to-delivery
/// latency without a per-entry time stamp (entries stay 24 bytes; the time costs 8 bytes per event).
public final class EncodedNotification: Sendable {
    public let bytes: [UInt8]
    /// The event type bit, kept for coalescing decisions without re-decoding.
    public let type: NotificationTypes
    /// When the commit behind this notification was published (``NotificationCore/publish(_:now:)``).
    /// A TableChanged that replaced pending entries carries the oldest replaced time: the moment the
    /// client's view became stale.
    public let publishedAt: EngineTime

    public init(bytes: [UInt8], type: NotificationTypes, publishedAt: EngineTime) {
        self.bytes = bytes
        self.type = type
        self.publishedAt = publishedAt
    }

    public convenience init(_ data: NotificationData, publishedAt: EngineTime) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.encodedSize)
        data.encode(into: &bytes)
        self.init(bytes: bytes, type: data.flags.type, publishedAt: publishedAt)
    }

    /// The same bytes (shared, not copied) published at another time.
    func republished(at time: EngineTime) -> EncodedNotification {
        time == publishedAt ? self : EncodedNotification(bytes: bytes, type: type, publishedAt: time)
    }

    /// Wire size of a RopNotify carrying this payload.
    @inline(__always)
    public var ropNotifySize: Int { RopNotify.headerSize + bytes.count }

    // The three TableChanged encodings, made once; a TableChanged entry shares their bytes.
    private static let contentsTableChanged = EncodedNotification(.tableEvent(.tableChanged, contents: true), publishedAt: .zero)
    private static let hierarchyTableChanged = EncodedNotification(.tableEvent(.tableChanged, contents: false), publishedAt: .zero)
    private static let searchContentsTableChanged = EncodedNotification(
        .tableEvent(.tableChanged, contents: true, searchFolder: true), publishedAt: .zero)

    /// A TableChanged of a table of this flavor: the static bytes (no copy, no encoding) with its
    /// own publication time (one small allocation per TableChanged entry).
    static func tableChanged(_ flavor: TableFlavor, publishedAt: EngineTime) -> EncodedNotification {
        let shared = switch flavor {
        case .hierarchy: hierarchyTableChanged
        case .contents: contentsTableChanged
        case .searchContents: searchContentsTableChanged
        }
        return shared.republished(at: publishedAt)
    }
}

extension MailboxEvent {
    /// The NotificationData of this event under the given policies (protocol-reference §2.5, §2.6).
    ///
    /// `unicode` is the UnicodeFlag of NewMail's MessageClass; it is FALSE for sessions in cached
    /// mode. Nothing else depends on the receiving session, so an event has at most two encodings.
    public func notificationData(tagCountPolicy: TagCountPolicy, newMailFlagsPolicy: NewMailFlagsPolicy, unicode: Bool) -> NotificationData {
        func tags(_ tags: [PropertyTag]) -> [PropertyTag] { tagCountPolicy == .realTags ? tags : [] }
        switch kind {
        case let .newMail(folderID, messageID, messageFlags, messageClass):
            return .newMail(
                folderID: folderID, messageID: messageID,
                messageFlags: newMailFlagsPolicy == .real ? messageFlags : 0,
                messageClass: messageClass, unicode: unicode)
        case let .objectCreated(object, parentFolderID, eventTags):
            if let messageID = object.messageID {
                return .messageEvent(.objectCreated, folderID: object.folderID, messageID: messageID,
                                     inSearchFolder: object.inSearchFolder, parentFolderID: parentFolderID, tags: tags(eventTags))
            }
            return .folderEvent(.objectCreated, folderID: object.folderID, parentFolderID: parentFolderID, tags: tags(eventTags))
        case let .objectDeleted(object, parentFolderID):
            if let messageID = object.messageID {
                return .messageEvent(.objectDeleted, folderID: object.folderID, messageID: messageID,
                                     inSearchFolder: object.inSearchFolder, parentFolderID: parentFolderID)
            }
            return .folderEvent(.objectDeleted, folderID: object.folderID, parentFolderID: parentFolderID)
        case let .objectModified(object, eventTags, total, unread):
            if let messageID = object.messageID {
                return .messageEvent(.objectModified, folderID: object.folderID, messageID: messageID,
                                     inSearchFolder: object.inSearchFolder, tags: tags(eventTags))
            }
            return .folderEvent(.objectModified, folderID: object.folderID, tags: tags(eventTags),
                                totalMessageCount: total, unreadMessageCount: unread)
        case let .objectMoved(object, parentFolderID, old, oldParentFolderID):
            return Self.movedOrCopied(.objectMoved, object, parentFolderID, old, oldParentFolderID)
        case let .objectCopied(object, parentFolderID, old, oldParentFolderID):
            return Self.movedOrCopied(.objectCopied, object, parentFolderID, old, oldParentFolderID)
        case let .searchCompleted(folderID):
            return .searchCompleted(folderID: folderID)
        case let .tableModified(_, data):
            return data
        }
    }

    private static func movedOrCopied(
        _ type: NotificationTypes, _ object: ObjectRef, _ parentFolderID: FolderID, _ old: ObjectRef, _ oldParentFolderID: FolderID
    ) -> NotificationData {
        if let messageID = object.messageID {
            return .messageMovedOrCopied(type, folderID: object.folderID, messageID: messageID, oldFolderID: old.folderID,
                                         oldMessageID: old.messageID ?? .zero, inSearchFolder: object.inSearchFolder,
                                         parentFolderID: parentFolderID)
        }
        return .folderMovedOrCopied(type, folderID: object.folderID, parentFolderID: parentFolderID,
                                    oldFolderID: old.folderID, oldParentFolderID: oldParentFolderID)
    }
}
