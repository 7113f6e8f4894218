import MAPIWire
import MailboxStore
import NotificationEngine

/// A Table object (MS-OXCTABL): a contents or hierarchy table opened by RopGetContentsTable /
/// RopGetHierarchyTable. Its rows, columns, sort, restriction, cursor and bookmarks live in the
/// store (``tableID``); its TableModified subscription lives in the engine under the same id, with
/// this object's handle as NotificationHandle (MS-OXCNOTIF 3.1.4.3).
public final class TableObject: ServerObject {
    public let logon: LogonObject
    public let tableID: TableID
    public let folderID: FolderID
    public let isContents: Bool
    public let isSearchFolder: Bool
    /// Opened with NoNotifications (TableFlags 0x10): never subscribed.
    public let noNotifications: Bool

    public init(logon: LogonObject, tableID: TableID, folderID: FolderID, isContents: Bool, isSearchFolder: Bool, noNotifications: Bool) {
        self.logon = logon
        self.tableID = tableID
        self.folderID = folderID
        self.isContents = isContents
        self.isSearchFolder = isSearchFolder
        self.noNotifications = noNotifications
    }

    public var logonID: UInt8 { logon.logonID }
    public var mailboxID: MailboxID { logon.mailboxID }

    /// RopRelease (or the logon / session ending): the store forgets the table and its bookmarks,
    /// the engine its subscription and whatever it still had queued for this handle.
    public func release(in context: ServerObjectReleaseContext) {
        context.hub.unregisterTable(tableID)
        context.store.closeTable(tableID)
    }
}
