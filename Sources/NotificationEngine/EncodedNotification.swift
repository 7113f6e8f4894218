import MAPIWire

/// The NotificationData bytes of one event (MS-OXCNOTIF 2.2.1.4.1.2), encoded once and shared by
/// every queue entry that delivers it; entries add only the 6-byte RopNotify header.
public final class EncodedNotification: Sendable {
    public let bytes: [UInt8]
    /// The event type bit, kept for coalescing decisions without re-decoding.
    public let type: NotificationTypes

    public init(bytes: [UInt8], type: NotificationTypes) {
        self.bytes = bytes
        self.type = type
    }

    public convenience init(_ data: NotificationData) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.encodedSize)
        data.encode(into: &bytes)
        self.init(bytes: bytes, type: data.flags.type)
    }

    /// Wire size of a RopNotify carrying this payload.
    @inline(__always)
    public var ropNotifySize: Int { RopNotify.headerSize + bytes.count }

    static let contentsTableChanged = EncodedNotification(.tableEvent(.tableChanged, contents: true))
    static let hierarchyTableChanged = EncodedNotification(.tableEvent(.tableChanged, contents: false))
    static let searchContentsTableChanged = EncodedNotification(.tableEvent(.tableChanged, contents: true, searchFolder: true))

    static func tableChanged(_ flavor: TableFlavor) -> EncodedNotification {
        switch flavor {
        case .hierarchy: hierarchyTableChanged
        case .contents: contentsTableChanged
        case .searchContents: searchContentsTableChanged
        }
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
