import MAPIWire
import MailboxStore
import NotificationEngine

/// An Attachment object (MS-OXCMSG 1.3.2): an attachment of an open message, opened or created
/// through that message's handle. Its changes go to the message with RopSaveChangesAttachment and to
/// the store only when the message is saved. The message owns it (MS-OXCROPS 3.1.5.3).
public final class AttachmentObject: ServerObject {
    public let parent: MessageObject
    public var attachment: PendingAttachment

    public init(parent: MessageObject, attachment: PendingAttachment) {
        self.parent = parent
        self.attachment = attachment
    }

    public var logonID: UInt8 { parent.logonID }
    public var mailboxID: MailboxID { parent.mailboxID }
}

/// Property ROPs on an attachment (MS-OXCPRPT 3.2.5.1–3.2.5.5; MS-OXCMSG 2.2.2): reads see the
/// pending state, writes stay pending until RopSaveChangesAttachment and then the message's save.
extension AttachmentObject: PropertyObject {
    public func properties(_ tags: [PropertyTag], unicode: Bool, store: MailboxStore) throws -> [PropertyCell] {
        attachment.properties(tags, unicode: unicode)
    }

    public func allProperties(store: MailboxStore) throws -> [TaggedPropertyValue] {
        attachment.allProperties()
    }

    /// An attachment opened read-only takes no writes: ecAccessDenied, as on a read-only message.
    public func setProperties(_ values: [TaggedPropertyValue], store: MailboxStore) throws -> [StorePropertyProblem] {
        guard !attachment.isReadOnly else { throw ROPError.accessDenied }
        return attachment.setProperties(values, maximumSize: store.configuration.maximumPropertySize)
    }

    public func deleteProperties(_ tags: [PropertyTag], store: MailboxStore) throws -> [StorePropertyProblem] {
        guard !attachment.isReadOnly else { throw ROPError.accessDenied }
        return attachment.deleteProperties(tags)
    }
}

/// An attachment table (RopGetAttachmentTable, MS-OXCMSG 3.2.5.17): one row per saved attachment of
/// the message as the message object sees it, in PidTagAttachNumber order. It is a snapshot taken
/// when the rows are read; attachment tables send no notifications.
public final class AttachmentTableObject: ServerObject {
    public let parent: MessageObject
    public let unicode: Bool
    public var columns: [PropertyTag]?
    /// RopSortTable's order (empty: PidTagAttachNumber order).
    public var sortOrders: [StoreSortOrder] = []
    /// Index of the next row to read.
    public var cursor = 0

    public init(parent: MessageObject, unicode: Bool) {
        self.parent = parent
        self.unicode = unicode
    }

    public var logonID: UInt8 { parent.logonID }

    /// The rows' attachments, in order: by ``sortOrders`` (a missing value first when ascending), then
    /// by PidTagAttachNumber.
    public var attachments: [AttachmentRecord] {
        let items = parent.message.attachments.items
        guard !sortOrders.isEmpty else { return items }
        return items.sorted { left, right in
            for order in sortOrders {
                let comparison: Int
                switch (left.value(order.tag.id), right.value(order.tag.id)) {
                case (nil, nil): comparison = 0
                case (nil, _): comparison = -1
                case (_, nil): comparison = 1
                case let (a?, b?): comparison = PropertyOrdering.compare(a, b) ?? 0
                }
                if comparison != 0 { return order.descending ? comparison > 0 : comparison < 0 }
            }
            return left.number < right.number
        }
    }
}
