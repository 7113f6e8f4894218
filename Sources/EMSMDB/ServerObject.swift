import MAPIWire
import MailboxStore
import NotificationEngine

/// A Server object (MS-OXCROPS 1.3.1): what a handle in a session's handle table names.
///
/// Kinds are classes conforming to this protocol, so each area adds its own (tables, attachments,
/// streams…) in its own file without touching a shared switch. Handlers fetch them with
/// ``ROPContext/object(at:as:wrongType:)``. Objects live in their session's ``HandleTable`` and are
/// only touched while that session processes a request (under its lock), so they need not be
/// `Sendable`.
public protocol ServerObject: AnyObject {
    /// The logon (RopLogon LogonId) the object was opened under; a ROP naming the object with another
    /// LogonId is refused (MS-OXCROPS 3.2.5.4).
    var logonID: UInt8 { get }

    /// Frees what the object holds outside the handle table — engine subscriptions, open store
    /// tables, uncommitted message state. Called once, when the handle is released by RopRelease, by
    /// a RopLogon replacing its logon, or by disconnect. Must not throw or call back into the session.
    func release(in context: ServerObjectReleaseContext)
}

extension ServerObject {
    public func release(in context: ServerObjectReleaseContext) {}
}

/// What ``ServerObject/release(in:)`` may use.
public struct ServerObjectReleaseContext {
    public let server: EMSMDBServer
    public let session: SessionIndex
    /// The handle the object had.
    public let handle: UInt32

    public var store: MailboxStore { server.store }
    public var hub: NotificationHub { server.hub }
}

/// A Logon object (MS-OXCSTOR 2.2.1.1): the user's private mailbox, opened by RopLogon.
public final class LogonObject: ServerObject {
    public let logonID: UInt8
    public let mailbox: MailboxRecord
    /// LogonFlags as the request sent them.
    public let logonFlags: UInt8
    public let openFlags: UInt32
    /// A RopWritePerUserInformation stream not finished yet (MS-OXCSTOR 3.1.5.2: one folder at a
    /// time per logon); stored when HasFinished arrives.
    public var perUserWrite: PerUserRecord?

    public init(logonID: UInt8, mailbox: MailboxRecord, logonFlags: UInt8, openFlags: UInt32) {
        self.logonID = logonID
        self.mailbox = mailbox
        self.logonFlags = logonFlags
        self.openFlags = openFlags
    }

    public var mailboxID: MailboxID { mailbox.id }
}

/// A Folder object (MS-OXCFOLD): an opened folder of a logon's mailbox.
public final class FolderObject: ServerObject {
    public let logon: LogonObject
    public let folderID: FolderID
    public let isSearchFolder: Bool

    public init(logon: LogonObject, folderID: FolderID, isSearchFolder: Bool) {
        self.logon = logon
        self.folderID = folderID
        self.isSearchFolder = isSearchFolder
    }

    public var logonID: UInt8 { logon.logonID }
    public var mailboxID: MailboxID { logon.mailboxID }
}

/// A Message object (MS-OXCMSG): a message opened or created, with its own uncommitted state (the
/// store's `PendingMessage`) until RopSaveChangesMessage. Created by the messages area.
public final class MessageObject: ServerObject {
    public let logon: LogonObject
    public var message: PendingMessage
    /// RopReadRecipients' columns: those RopOpenMessage announced or the last RopModifyRecipients sent.
    public var recipientColumns: [PropertyTag] = []
    /// For an embedded message (RopOpenEmbeddedMessage): the attachment it was opened from, which
    /// RopSaveChangesMessage saves it into. Weak: the attachment's handle may be released first.
    public weak var embeddingAttachment: AttachmentObject?

    public init(logon: LogonObject, message: PendingMessage) {
        self.logon = logon
        self.message = message
    }

    public var logonID: UInt8 { logon.logonID }
    public var mailboxID: MailboxID { logon.mailboxID }
}

/// A notification subscription (MS-OXCNOTIF 3.1.1 NotificationSubscriptionObject) made by
/// RopRegisterNotification; its handle is the NotificationHandle of the RopNotify it causes.
public final class SubscriptionObject: ServerObject {
    public let logonID: UInt8

    public init(logonID: UInt8) {
        self.logonID = logonID
    }

    /// Unsubscribes; the engine drops the subscription's queued notifications too.
    public func release(in context: ServerObjectReleaseContext) {
        _ = context.hub.release(session: context.session, handle: context.handle)
    }
}
