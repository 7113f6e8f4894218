import Foundation
import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

/// A backend whose commits can be made to fail, to drive the rollback path.
final class FlakyBackend: MailboxStoreBackend, @unchecked Sendable {
    struct Injected: Error {}
    let inner: SQLiteBackend
    private let lock = NSLock()
    private var failNext = false
    init(_ inner: SQLiteBackend) { self.inner = inner }
    func failNextCommit() { lock.lock(); failNext = true; lock.unlock() }
    func loadMailboxes() throws -> [MailboxRecord] { try inner.loadMailboxes() }
    func loadContents(of mailbox: MailboxID) throws -> (folders: [FolderRecord], messages: [MessageRecord]) { try inner.loadContents(of: mailbox) }
    func loadPerUserInformation(of mailbox: MailboxID) throws -> [PerUserRecord] { try inner.loadPerUserInformation(of: mailbox) }
    func commit(_ batch: CommitBatch) throws {
        lock.lock()
        let fail = failNext
        failNext = false
        lock.unlock()
        if fail { throw Injected() }
        try inner.commit(batch)
    }
}

/// When the backend refuses a commit, the operation throws `.backend`, memory is restored exactly,
/// nothing is published, and the database agrees with memory.
@Suite struct RollbackTests {
    struct Snapshot: Equatable {
        var hierarchy: [ObjectID]
        var contents: [[ObjectID]]
        var counts: [[PropertyCell]]
        var subjects: [PropertyValue?]
    }

    func snapshot(_ store: MailboxStore, _ mailbox: MailboxID) throws -> Snapshot {
        let root = try store.specialFolderID(mailbox, .root)
        let hierarchyTable = try store.openTable(mailbox, folder: root, kind: .hierarchy(fullDepth: true))
        defer { store.closeTable(hierarchyTable) }
        let folders = try store.tableRowIDs(hierarchyTable)
        var contents: [[ObjectID]] = []
        var counts: [[PropertyCell]] = []
        var subjects: [PropertyValue?] = []
        for folder in folders {
            let table = try store.openTable(mailbox, folder: folder, kind: .contents(associated: false))
            let rows = try store.tableRowIDs(table)
            store.closeTable(table)
            contents.append(rows)
            counts.append(try store.folderProperties(mailbox, folder, [Tags.contentCount, Tags.contentUnreadCount, Tags.displayName, Tags.subfolders]))
            for mid in rows { subjects.append(try store.openMessage(mailbox, folder: folder, message: mid).properties[Tags.subject]) }
        }
        return Snapshot(hierarchy: folders, contents: contents, counts: counts, subjects: subjects)
    }

    @Test func failedCommitsChangeNothing() throws {
        let inner = try SQLiteBackend()
        let backend = FlakyBackend(inner)
        let sink = CollectingSink()
        let store = try MailboxStore(backend: backend, sink: sink)
        let alice = try store.createMailbox(userName: "alice@x", legacyExchangeDN: "/cn=alice").id
        let bob = try store.createMailbox(userName: "bob@x", legacyExchangeDN: "/cn=bob").id
        let inbox = try store.specialFolderID(alice, .inbox)
        let outbox = try store.specialFolderID(alice, .outbox)
        let a = try store.createFolder(alice, parent: inbox, name: "A").id
        let b = try store.createFolder(alice, parent: a, name: "B").id
        let m1 = try store.addMessage(alice, a, subject: "one", read: false)
        let m2 = try store.addMessage(alice, b, subject: "two")
        let openTable = try store.openTable(alice, folder: a, kind: .contents(associated: false))
        _ = sink.take()

        // Ordered so that each operation is still valid when retried after its injected failure.
        let operations: [(String, () throws -> Void)] = [
            ("save new", { try store.addMessage(alice, a, subject: "three") }),
            ("modify", {
                var message = try store.openMessage(alice, folder: a, message: m1)
                message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("changed"))])
                try store.saveMessage(&message)
            }),
            ("read flags", { try store.setReadFlags(alice, folder: a, messages: [m1], flags: 0) }),
            ("move message", { _ = try store.moveCopyMessages(alice, from: b, messages: [m2], to: inbox, copy: false) }),
            ("create folder", { _ = try store.createFolder(alice, parent: a, name: "C") }),
            ("move folder", { try store.moveFolder(alice, from: a, folder: b, to: inbox, newName: "B2") }),
            ("copy folder", { _ = try store.copyFolder(alice, from: inbox, folder: a, to: inbox, newName: "A2", recursive: true) }),
            ("rename", { try store.setFolderProperties(alice, a, [TaggedPropertyValue(tag: Tags.displayName, value: .string("Renamed"))]) }),
            ("submit", {
                var message = try store.createMessage(alice, folder: outbox)
                try message.modifyRecipients([.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("bob@x")])])
                _ = try store.submitMessage(&message)
            }),
            ("new mailbox", { try store.createMailbox(userName: "carol@x", legacyExchangeDN: "/cn=carol") }),
            ("soft delete", { try store.deleteMessages(alice, folder: a, messages: [m1]) }),
            ("empty", { try store.emptyFolder(alice, folder: a, includeAssociated: true, hard: true) }),
            ("delete subtree", { try store.deleteFolder(alice, parent: inbox, folder: a, deleteMessages: true, deleteSubfolders: true) }),
        ]
        for (name, operation) in operations {
            let before = try snapshot(store, alice)
            let bobBefore = try snapshot(store, bob)
            let rowsBefore = try store.tableRowIDs(openTable)
            backend.failNextCommit()
            #expect(throws: StoreError.self, "\(name)") { try operation() }
            #expect(sink.take().isEmpty, "\(name) published events")
            #expect(try snapshot(store, alice) == before, "\(name) changed memory")
            #expect(try snapshot(store, bob) == bobBefore, "\(name) changed bob")
            #expect(try store.tableRowIDs(openTable) == rowsBefore, "\(name) changed an open table")
            if name == "new mailbox" { #expect(store.mailbox(userName: "carol@x") == nil) }
            // The database agrees: a second store loading it sees the same.
            let reloaded = try MailboxStore(backend: inner)
            #expect(try snapshot(reloaded, alice) == before, "\(name): database differs")
            // And the operation still works afterwards.
            try operation()
            #expect(!sink.take().isEmpty || name == "new mailbox", "\(name) published nothing on success")
        }
    }
}
