import Foundation
import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

/// RopCopyTo between folders with WantSubObjects (MS-OXCPRPT 3.2.5.11): the store's
/// copyFolderContents copies messages / FAI messages / subfolder trees per the flags, atomically,
/// with the events of RopMoveCopyMessages and RopCopyFolder.
@Suite struct CopyFolderContentsTests {
    struct Tree {
        let mailbox: MailboxID
        let inbox: FolderID, source: FolderID, child: FolderID, destination: FolderID
        let messages: [MessageID], associated: MessageID
    }

    /// Inbox/Src (two messages, one FAI message, Child (one message, GC)), Inbox/Dst (empty).
    func tree(_ store: MailboxStore) throws -> Tree {
        let mailbox = try store.createMailbox(userName: "alice", legacyExchangeDN: "/o=H/cn=alice").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let source = try store.createFolder(mailbox, parent: inbox, name: "Src").id
        let child = try store.createFolder(mailbox, parent: source, name: "Child").id
        _ = try store.createFolder(mailbox, parent: child, name: "GC")
        let destination = try store.createFolder(mailbox, parent: inbox, name: "Dst").id
        let messages = [try store.addMessage(mailbox, source, subject: "one"), try store.addMessage(mailbox, source, subject: "two")]
        let associated = try store.addMessage(mailbox, source, subject: "fai", associated: true)
        try store.addMessage(mailbox, child, subject: "inner")
        return Tree(mailbox: mailbox, inbox: inbox, source: source, child: child, destination: destination, messages: messages, associated: associated)
    }

    func rowCount(_ store: MailboxStore, _ tree: Tree, _ folder: FolderID, _ kind: StoreTableKind) throws -> Int {
        let table = try store.openTable(tree.mailbox, folder: folder, kind: kind)
        defer { store.closeTable(table) }
        return try store.tableRowCount(table)
    }

    @Test func copiesMessagesAndSubtreesWithEvents() throws {
        let (store, sink) = try makeStore()
        let tree = try tree(store)
        _ = sink.take()
        try store.copyFolderContents(tree.mailbox, from: tree.source, to: tree.destination, messages: true, associated: false, subfolders: true)
        let copied = sink.take().compactMap { event -> (new: ObjectRef, old: ObjectRef)? in
            if case let .objectCopied(new, parent, old, oldParent) = event.kind, parent == tree.destination, oldParent == tree.source { return (new, old) }
            return nil
        }
        #expect(copied.map(\.old) == [.message(tree.messages[0], in: tree.source), .message(tree.messages[1], in: tree.source), .folder(tree.child)])
        // Normal messages copied, the FAI one not; the subfolder with its subtree and its message.
        #expect(try rowCount(store, tree, tree.destination, .contents(associated: false)) == 2)
        #expect(try rowCount(store, tree, tree.destination, .contents(associated: true)) == 0)
        #expect(try rowCount(store, tree, tree.destination, .hierarchy(fullDepth: true)) == 2)
        let childCopy = try #require(copied.last?.new.folderID)
        #expect(try store.folderProperties(tree.mailbox, childCopy, [Tags.displayName, Tags.contentCount]) == [.value(.string("Child")), .value(.integer32(1))])
        // The source is untouched.
        #expect(try rowCount(store, tree, tree.source, .contents(associated: false)) == 2)
        #expect(try rowCount(store, tree, tree.source, .hierarchy(fullDepth: true)) == 2)
    }

    @Test func refusalsCopyNothing() throws {
        let (store, _) = try makeStore()
        let tree = try tree(store)
        // FAI only: one FAI message arrives.
        try store.copyFolderContents(tree.mailbox, from: tree.source, to: tree.destination, messages: false, associated: true, subfolders: false)
        #expect(try rowCount(store, tree, tree.destination, .contents(associated: true)) == 1)
        try store.copyFolderContents(tree.mailbox, from: tree.source, to: tree.destination, messages: false, associated: false, subfolders: true)
        // "Child" exists in the destination now: the whole copy is refused, messages included.
        #expect(throws: StoreError.collidingNames) {
            try store.copyFolderContents(tree.mailbox, from: tree.source, to: tree.destination, messages: true, associated: true, subfolders: true)
        }
        #expect(try rowCount(store, tree, tree.destination, .contents(associated: false)) == 0)
        // Into the source's own subtree.
        #expect(throws: StoreError.folderCycle) {
            try store.copyFolderContents(tree.mailbox, from: tree.source, to: tree.child, messages: true, associated: true, subfolders: true)
        }
        #expect(try rowCount(store, tree, tree.child, .contents(associated: false)) == 1)
        // Messages into a search folder.
        let search = try store.createFolder(tree.mailbox, parent: tree.inbox, name: "S", searchFolder: true).id
        #expect(throws: StoreError.searchFolderDestination) {
            try store.copyFolderContents(tree.mailbox, from: tree.source, to: search, messages: true, associated: false, subfolders: false)
        }
    }

    @Test func moveTakesMessagesAndSubfoldersAlong() throws {
        let (store, sink) = try makeStore()
        let tree = try tree(store)
        _ = sink.take()
        try store.copyFolderContents(tree.mailbox, from: tree.source, to: tree.destination, messages: true, associated: true, subfolders: true, move: true)
        let moved = sink.take().compactMap { event -> ObjectRef? in
            if case let .objectMoved(_, parent, old, oldParent) = event.kind, parent == tree.destination, oldParent == tree.source { return old }
            return nil
        }
        // Messages get new MIDs (as RopMoveCopyMessages); the subfolder keeps its FID (as RopMoveFolder).
        #expect(moved == tree.messages.map { .message($0, in: tree.source) } + [.message(tree.associated, in: tree.source), .folder(tree.child)])
        #expect(try rowCount(store, tree, tree.source, .contents(associated: false)) == 0)
        #expect(try rowCount(store, tree, tree.source, .contents(associated: true)) == 0)
        #expect(try rowCount(store, tree, tree.source, .hierarchy(fullDepth: true)) == 0)
        #expect(try rowCount(store, tree, tree.destination, .contents(associated: false)) == 2)
        #expect(try rowCount(store, tree, tree.destination, .contents(associated: true)) == 1)
        let table = try store.openTable(tree.mailbox, folder: tree.destination, kind: .hierarchy(fullDepth: false))
        defer { store.closeTable(table) }
        #expect(try store.tableRowIDs(table) == [tree.child])
    }

    @Test func movingASpecialFolderIsRefusedAndChangesNothing() throws {
        let (store, _) = try makeStore()
        let tree = try tree(store)
        let root = try store.specialFolderID(tree.mailbox, .root)
        let subtree = try store.specialFolderID(tree.mailbox, .ipmSubtree)
        let outside = try store.createFolder(tree.mailbox, parent: root, name: "Outside").id
        let before = try rowCount(store, tree, subtree, .hierarchy(fullDepth: false))
        #expect(throws: StoreError.accessDenied) {
            try store.copyFolderContents(tree.mailbox, from: subtree, to: outside, messages: true, associated: true, subfolders: true, move: true)
        }
        #expect(try rowCount(store, tree, subtree, .hierarchy(fullDepth: false)) == before)
        #expect(try rowCount(store, tree, outside, .hierarchy(fullDepth: false)) == 0)
    }
}
