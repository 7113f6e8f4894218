import MAPIWire
import MailboxStore
import NotificationEngine

/// An Attachment object (MS-OXCMSG 1.3.2): an attachment of an open message, opened or created
/// through that message's handle. Its changes go to the message with RopSaveChangesAttachment and to
/// the store only when the message is saved. The message owns it (MS-OXCROPS 3.1.5.3).
public final class AttachmentObject: ServerObject {
    public let parent: MessageObject
    public var attachment: PendingAttachment
    /// The embedded message opened from this attachment (RopOpenEmbeddedMessage), whose state
    /// RopSaveChangesAttachment takes along.
    public var embedded: MessageObject?

    public init(parent: MessageObject, attachment: PendingAttachment) {
        self.parent = parent
        self.attachment = attachment
    }

    public var logonID: UInt8 { parent.logonID }
    public var mailboxID: MailboxID { parent.mailboxID }
}

/// An attachment table (RopGetAttachmentTable, MS-OXCMSG 3.2.5.17): one row per saved attachment of
/// the message as the message object sees it, in PidTagAttachNumber order. It is a snapshot taken
/// when the rows are read; attachment tables send no notifications.
public final class AttachmentTableObject: ServerObject {
    public let parent: MessageObject
    public let unicode: Bool
    public var columns: [PropertyTag]?
    /// Index of the next row to read.
    public var cursor = 0

    public init(parent: MessageObject, unicode: Bool) {
        self.parent = parent
        self.unicode = unicode
    }

    public var logonID: UInt8 { parent.logonID }

    /// The rows' attachments, in order.
    public var attachments: [AttachmentRecord] { parent.message.attachments.items }
}
