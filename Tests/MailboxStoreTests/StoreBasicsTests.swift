import Foundation
import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

@Suite struct ProvisioningTests {
    @Test func specialFoldersInLogonOrderWithContainerClasses() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "alice@example.com", legacyExchangeDN: "/o=Herald/cn=alice")
        #expect(mailbox.replicaID == 1)
        let ids = try store.logonFolderIDs(mailbox.id)
        #expect(ids.count == 13)
        // Allocated in RopLogon order: replica 1, counters increasing.
        #expect(ids.allSatisfy { $0.replicaID == 1 })
        #expect(ids == ids.sorted())
        let root = try store.folder(mailbox.id, ids[0])
        #expect(root.parentID == .zero)
        let ipm = ids[3]
        for index in [4, 5, 6, 7] { #expect(try store.folder(mailbox.id, ids[index]).parentID == ipm) }
        for index in [1, 2, 3, 8, 9, 10, 11, 12] { #expect(try store.folder(mailbox.id, ids[index]).parentID == ids[0]) }
        let expected: [(SpecialFolder, String)] = [
            (.calendar, "IPF.Appointment"), (.contacts, "IPF.Contact"), (.drafts, "IPF.Note"),
            (.journal, "IPF.Journal"), (.notes, "IPF.StickyNote"), (.tasks, "IPF.Task"), (.inbox, "IPF.Note"),
        ]
        for (special, containerClass) in expected {
            let fid = try store.specialFolderID(mailbox.id, special)
            #expect(try store.folder(mailbox.id, fid).parentID == ipm)
            #expect(try store.folderProperties(mailbox.id, fid, [Tags.containerClass]) == [.value(.string(containerClass))])
        }
        #expect(store.mailbox(legacyExchangeDN: "/O=HERALD/cn=alice")?.id == mailbox.id)
    }

    @Test func mailboxesSurviveReopenWithTheSameIDs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        var expectedIDs: [FolderID] = []
        var mid = MessageID.zero
        var sub = FolderID.zero
        var guid = GUID.zero
        var softDeleted = MessageID.zero
        let firstSink = CollectingSink()
        do {
            let store = try MailboxStore(backend: try SQLiteBackend(path: path), sink: firstSink)
            let mailbox = try store.createMailbox(userName: "bob@example.com", legacyExchangeDN: "/o=Herald/cn=bob")
            guid = mailbox.replGuid
            expectedIDs = try store.logonFolderIDs(mailbox.id)
            let inbox = try store.specialFolderID(mailbox.id, .inbox)
            sub = try store.createFolder(mailbox.id, parent: inbox, name: "Projects").id
            var message = try store.createMessage(mailbox.id, folder: sub)
            message.setProperties([
                TaggedPropertyValue(tag: Tags.subject, value: .string("hello")),
                TaggedPropertyValue(tag: PropertyTag(id: 0x8001, type: .multipleString), value: .multipleString(["a", "b"])),
                TaggedPropertyValue(tag: PropertyTag(id: 0x8002, type: .multipleBinary), value: .multipleBinary([[1, 2], []])),
                TaggedPropertyValue(tag: PropertyTag(id: 0x8003, type: .floatingTime), value: .floatingTime(1.5)),
                TaggedPropertyValue(tag: PropertyTag(id: 0x8004, type: .guid), value: .guid(GUID("00020329-0000-0000-C000-000000000046")!)),
            ])
            try message.modifyRecipients([.init(rowID: 5, recipientType: 1, properties: [Tags.displayName: .string("Carol")])])
            mid = try store.saveMessage(&message)
            softDeleted = try store.addMessage(mailbox.id, sub, subject: "soft")
            try store.deleteMessages(mailbox.id, folder: sub, messages: [softDeleted])
        }
        let secondSink = CollectingSink()
        let store = try MailboxStore(backend: try SQLiteBackend(path: path), sink: secondSink)
        let mailbox = try #require(store.mailbox(userName: "BOB@example.com"))
        #expect(mailbox.replGuid == guid)
        #expect(try store.logonFolderIDs(mailbox.id) == expectedIDs)
        let message = try store.openMessage(mailbox.id, folder: sub, message: mid)
        #expect(message.properties[Tags.subject] == .string("hello"))
        #expect(message.properties[PropertyTag(id: 0x8001, type: .multipleString)] == .multipleString(["a", "b"]))
        #expect(message.properties[PropertyTag(id: 0x8002, type: .multipleBinary)] == .multipleBinary([[1, 2], []]))
        #expect(message.properties[PropertyTag(id: 0x8003, type: .floatingTime)] == .floatingTime(1.5))
        #expect(message.recipients.map(\.rowID) == [0])
        #expect(try store.folderProperties(mailbox.id, sub, [Tags.contentCount]) == [.value(.integer32(1))])
        #expect(try store.openMessage(mailbox.id, folder: sub, message: softDeleted, openSoftDeleted: true).properties[Tags.subject] == .string("soft"))
        #expect(try store.properties(of: message, [Tags.displayTo]) == [.value(.string("Carol"))])
        // New ids never reuse old ones after a restart.
        let next = try store.createFolder(mailbox.id, parent: sub, name: "Later").id
        #expect(next.globalCounter > mid.globalCounter)
        // Event sequence numbers keep increasing across the restart.
        let before = try #require(firstSink.events.last?.sequence)
        let after = try #require(secondSink.events.first?.sequence)
        #expect(after > before)
    }
}

@Suite struct MessageLifecycleTests {
    @Test func newMessageIsInvisibleUntilFirstSaveThenOneRowAdded() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid, Tags.subject, Tags.messageFlags])
        _ = sink.take()
        var message = try store.createMessage(mailbox, folder: inbox)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("Hi"))])
        #expect(try store.tableRowCount(table) == 0)
        #expect(try store.folderProperties(mailbox, inbox, [Tags.contentCount]) == [.value(.integer32(0))])
        #expect(sink.take().isEmpty)
        // Created messages are read and unsent (MS-OXCMSG 3.2.5.2: 0x09).
        #expect(try store.properties(of: message, [Tags.messageFlags]) == [.value(.integer32(0x09))])

        let mid = try store.saveMessage(&message)
        let events = sink.take()
        #expect(events.map(\.kind) .count == 3)
        // ObjectCreated carries the saved properties' tags (sent only under the Exchange 2010 TagCount policy).
        #expect(events[0].kind == .objectCreated(.message(mid, in: inbox), parentFolderID: inbox,
                                                 tags: [Tags.importance, Tags.messageClass, Tags.sensitivity, Tags.subject, Tags.messageFlags, Tags.trustSender, Tags.localCommitTime]))
        #expect(events[1].kind == .objectModified(.folder(inbox), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: 1, unreadMessageCount: 0))
        let (tableID, data) = try #require(events[2].kind.tableData)
        #expect(tableID == table)
        #expect(data.tableEventType == .tableRowAdded)
        #expect(data.tableRowMessageID == mid)
        #expect(data.insertAfterTableRowID == .zero && data.insertAfterTableRowFolderID == .zero)
        var expectedRow: [UInt8] = []
        // The client never set the read state: the first save adds mfEverRead (0x409, MS-OXCMSG 3.2.5.2).
        PropertyRow(values: [.integer64(Int64(bitPattern: mid.wireValue)), .string("Hi"), .integer32(0x409)])
            .encode(columns: [Tags.mid, Tags.subject, Tags.messageFlags], into: &expectedRow)
        #expect(data.tableRowData == expectedRow)
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted())

        // A second save is a modification: ObjectModified + TableRowModified, no count change.
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("Hi again"))])
        try store.saveMessage(&message)
        let second = sink.take()
        #expect(second.count == 2)
        #expect(second[1].kind.tableData?.1.tableEventType == .tableRowModified)
    }

    @Test func concurrentHandlesConflictUnlessForced() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let mid = try store.addMessage(mailbox, inbox, subject: "one")
        var first = try store.openMessage(mailbox, folder: inbox, message: mid)
        var second = try store.openMessage(mailbox, folder: inbox, message: mid)
        first.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("first"))])
        second.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("second"))])
        try store.saveMessage(&first)
        #expect(throws: StoreError.objectChanged) { try store.saveMessage(&second) }
        try store.saveMessage(&second, force: true)
        #expect(try store.openMessage(mailbox, folder: inbox, message: mid).properties[Tags.subject] == .string("second"))
    }

    @Test func readFlagsUpdateCountsAndNotify() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let mid = try store.addMessage(mailbox, inbox, subject: "s", read: false)
        #expect(try store.folderProperties(mailbox, inbox, [Tags.contentCount, Tags.contentUnreadCount]) == [.value(.integer32(1)), .value(.integer32(1))])
        _ = sink.take()
        try store.setReadFlags(mailbox, folder: inbox, messages: [mid], flags: 0x00)
        let events = sink.take()
        #expect(events.contains { $0.kind == .objectModified(.folder(inbox), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: 1, unreadMessageCount: 0) })
        let flags = try store.properties(of: try store.openMessage(mailbox, folder: inbox, message: mid), [Tags.messageFlags])
        #expect(flags == [.value(.integer32(Int32(MessageFlags([.read, .everRead, .unsent]).rawValue)))])
        // Setting the same state again changes nothing and publishes nothing.
        try store.setReadFlags(mailbox, folder: inbox, messages: [mid], flags: 0x01)
        #expect(sink.take().isEmpty)
        // rfClearReadFlag.
        try store.setReadFlags(mailbox, folder: inbox, messages: [mid], flags: 0x04 | 0x01)
        #expect(try store.folderProperties(mailbox, inbox, [Tags.contentUnreadCount]) == [.value(.integer32(1))])
    }

    @Test func moveAndCopyGiveNewIDsAndOldIDsInEvents() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let deleted = try store.specialFolderID(mailbox, .deletedItems)
        let mid = try store.addMessage(mailbox, inbox, subject: "s")
        _ = sink.take()
        let (partial, ids) = try store.moveCopyMessages(mailbox, from: inbox, messages: [mid, MessageID(replicaID: 1, globalCounter: 99999)], to: deleted, copy: false)
        #expect(partial)
        let newID = try #require(ids[0])
        #expect(newID != mid)
        let events = sink.take()
        #expect(events[0].kind == .objectMoved(.message(newID, in: deleted), parentFolderID: deleted, old: .message(mid, in: inbox), oldParentFolderID: inbox))
        #expect(throws: StoreError.notFound) { try store.openMessage(mailbox, folder: inbox, message: mid) }
        let (_, copies) = try store.moveCopyMessages(mailbox, from: deleted, messages: [newID], to: inbox, copy: true)
        #expect(try store.folderProperties(mailbox, inbox, [Tags.contentCount]) == [.value(.integer32(1))])
        #expect(try store.folderProperties(mailbox, deleted, [Tags.contentCount]) == [.value(.integer32(1))])
        #expect(copies[0] != newID)
    }
}

@Suite struct DeliveryTests {
    func submit(sentMail: Bool, deleteAfter: Bool) throws -> (MailboxStore, CollectingSink, MailboxID, MailboxID, SubmitResult, PendingMessage) {
        let (store, sink) = try makeStore()
        let alice = try store.createMailbox(userName: "alice@example.com", legacyExchangeDN: "/cn=alice").id
        let bob = try store.createMailbox(userName: "bob@example.com", legacyExchangeDN: "/cn=bob").id
        let outbox = try store.specialFolderID(alice, .outbox)
        let sent = try store.specialFolderID(alice, .sentItems)
        var message = try store.createMessage(alice, folder: outbox)
        var values = [TaggedPropertyValue(tag: Tags.subject, value: .string("Lunch?"))]
        if sentMail { values.append(TaggedPropertyValue(tag: Tags.sentMailSvrEID, value: .serverID(MailboxStore.serverID(folder: sent)))) }
        if deleteAfter { values.append(TaggedPropertyValue(tag: Tags.deleteAfterSubmit, value: .boolean(true))) }
        message.setProperties(values)
        try message.modifyRecipients([
            .init(rowID: 0, recipientType: 1, properties: [Tags.displayName: .string("Bob"), Tags.emailAddress: .string("BOB@example.com"), Tags.addressType: .string("SMTP")]),
            .init(rowID: 1, recipientType: 2, properties: [Tags.displayName: .string("Remote"), Tags.smtpAddress: .string("someone@elsewhere.example")]),
        ])
        try store.saveMessage(&message)
        _ = sink.take()
        let result = try store.submitMessage(&message)
        return (store, sink, alice, bob, result, message)
    }

    @Test func deliversUnreadToRecipientInboxWithNewMail() throws {
        let (store, sink, _, bob, result, _) = try submit(sentMail: true, deleteAfter: false)
        let bobInbox = try store.specialFolderID(bob, .inbox)
        #expect(result.deliveries.count == 1)
        let delivery = try #require(result.deliveries.first)
        #expect(delivery.mailbox == bob && delivery.folderID == bobInbox)
        let delivered = try store.openMessage(bob, folder: bobInbox, message: delivery.messageID)
        let cells = try store.properties(of: delivered, [Tags.messageFlags, Tags.subject, Tags.sentMailSvrEID])
        #expect(cells[0] == .value(.integer32(0)))
        #expect(cells[1] == .value(.string("Lunch?")))
        #expect(cells[2] == .error(.notFound))
        if case .time? = delivered.properties[Tags.messageDeliveryTime] {} else { Issue.record("no delivery time") }
        #expect(try store.folderProperties(bob, bobInbox, [Tags.contentCount, Tags.contentUnreadCount]) == [.value(.integer32(1)), .value(.integer32(1))])
        let bobEvents = sink.events.filter { $0.mailbox == bob }
        #expect(bobEvents.contains { $0.kind == .newMail(folderID: bobInbox, messageID: delivery.messageID, messageFlags: 0, messageClass: "IPM.Note") })
        #expect(bobEvents.contains { $0.kind == .objectModified(.folder(bobInbox), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: 1, unreadMessageCount: 1) })
    }

    @Test func senderCopyMovesToSentItems() throws {
        let (store, sink, alice, _, result, message) = try submit(sentMail: true, deleteAfter: false)
        let sent = try store.specialFolderID(alice, .sentItems)
        let outbox = try store.specialFolderID(alice, .outbox)
        guard case let .moved(folder, mid) = result.senderCopy else { Issue.record("not moved"); return }
        #expect(folder == sent)
        #expect(message.id == mid)
        let flags = try store.properties(of: try store.openMessage(alice, folder: sent, message: mid), [Tags.messageFlags])
        #expect(flags == [.value(.integer32(0x401))])
        #expect(try store.folderProperties(alice, outbox, [Tags.contentCount]) == [.value(.integer32(0))])
        #expect(sink.events.contains { if case .objectMoved = $0.kind { $0.mailbox == alice } else { false } })
    }

    @Test func deleteAfterSubmitDeletesTheSenderCopy() throws {
        let (store, _, alice, _, result, _) = try submit(sentMail: true, deleteAfter: true)
        #expect(result.senderCopy == .deleted)
        for folder in [SpecialFolder.outbox, .sentItems] {
            #expect(try store.folderProperties(alice, try store.specialFolderID(alice, folder), [Tags.contentCount]) == [.value(.integer32(0))])
        }
    }

    @Test func withoutEitherPropertyTheMessageStays() throws {
        let (store, _, alice, _, result, message) = try submit(sentMail: false, deleteAfter: false)
        #expect(result.senderCopy == .kept(message.id))
        let outbox = try store.specialFolderID(alice, .outbox)
        #expect(try store.folderProperties(alice, outbox, [Tags.contentCount]) == [.value(.integer32(1))])
    }
}

@Suite struct FolderOperationTests {
    @Test func badInputIsTypedAndLeavesTheStoreUnchanged() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let root = try store.specialFolderID(mailbox, .root)
        let ipm = try store.specialFolderID(mailbox, .ipmSubtree)
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let a = try store.createFolder(mailbox, parent: inbox, name: "A").id
        let b = try store.createFolder(mailbox, parent: a, name: "B").id
        let mid = try store.addMessage(mailbox, b, subject: "x")
        _ = sink.take()
        let snapshot = try store.tableRowIDs(try store.openTable(mailbox, folder: root, kind: .hierarchy(fullDepth: true)))
        let countBefore = try store.folderProperties(mailbox, b, [Tags.contentCount])

        #expect(throws: StoreError.folderCycle) { try store.moveFolder(mailbox, from: inbox, folder: a, to: b) }
        #expect(throws: StoreError.folderCycle) { try store.moveFolder(mailbox, from: inbox, folder: a, to: a) }
        #expect(throws: StoreError.folderCycle) { try store.copyFolder(mailbox, from: inbox, folder: a, to: b, recursive: true) }
        #expect(throws: StoreError.accessDenied) { try store.deleteFolder(mailbox, parent: ipm, folder: inbox, deleteMessages: true, deleteSubfolders: true) }
        #expect(throws: StoreError.accessDenied) { try store.moveFolder(mailbox, from: ipm, folder: inbox, to: a) }
        #expect(throws: StoreError.collidingNames) { try store.createFolder(mailbox, parent: inbox, name: "a") }
        #expect(throws: StoreError.notFound) { try store.folder(mailbox, FolderID(replicaID: 1, globalCounter: 0xFFFF_FFFF)) }
        #expect(throws: StoreError.notFound) { try store.folder(mailbox, FolderID(replicaID: 7, globalCounter: 1)) }
        #expect(throws: StoreError.wrongObjectKind) { try store.folder(mailbox, mid) }
        #expect(throws: StoreError.wrongObjectKind) { try store.openMessage(mailbox, folder: b, message: a) }
        #expect(throws: StoreError.notFound) { try store.openMessage(mailbox, folder: a, message: mid) }
        #expect(throws: StoreError.notFound) { try store.createFolder(MailboxID(42), parent: inbox, name: "Z") }
        #expect(throws: StoreError.notFound) { try store.deleteFolder(mailbox, parent: inbox, folder: b, deleteMessages: true, deleteSubfolders: true) }
        #expect(throws: StoreError.notSupported) { try store.emptyFolder(mailbox, folder: root, includeAssociated: true) }

        // Oversized and read-only properties are problems, not stored.
        var message = try store.openMessage(mailbox, folder: b, message: mid)
        let problems = message.setProperties([
            TaggedPropertyValue(tag: PropertyTag(id: 0x8010, type: .binary), value: .binary([UInt8](repeating: 1, count: 70_000))),
            TaggedPropertyValue(tag: Tags.body, value: .string(String(repeating: "x", count: 600_000))),
            TaggedPropertyValue(tag: Tags.mid, value: .integer64(5)),
            TaggedPropertyValue(tag: Tags.subject, value: .integer32(5)),
        ])
        #expect(problems.map(\.error) == [.propertyTooBig(PropertyTag(id: 0x8010, type: .binary)), .propertyTooBig(Tags.body), .accessDenied, .invalidParameter("type PtypString for 0x0037001F")])
        let folderProblems = try store.setFolderProperties(mailbox, inbox, [TaggedPropertyValue(tag: Tags.displayName, value: .string("Renamed"))])
        #expect(folderProblems.map(\.error) == [.accessDenied])

        #expect(sink.take().isEmpty)
        #expect(try store.tableRowIDs(try store.openTable(mailbox, folder: root, kind: .hierarchy(fullDepth: true))) == snapshot)
        #expect(try store.folderProperties(mailbox, b, [Tags.contentCount]) == countBefore)
    }

    @Test func deleteFolderReportsPartialCompletionWithoutFlags() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let a = try store.createFolder(mailbox, parent: inbox, name: "A").id
        _ = try store.createFolder(mailbox, parent: a, name: "B").id
        try store.addMessage(mailbox, a, subject: "m")
        #expect(try store.deleteFolder(mailbox, parent: inbox, folder: a, deleteMessages: false, deleteSubfolders: true))
        #expect(try store.deleteFolder(mailbox, parent: inbox, folder: a, deleteMessages: true, deleteSubfolders: false))
        #expect(try store.deleteFolder(mailbox, parent: inbox, folder: a, deleteMessages: true, deleteSubfolders: true) == false)
        #expect(throws: StoreError.notFound) { try store.folder(mailbox, a) }
        #expect(try store.folderProperties(mailbox, inbox, [Tags.subfolders]) == [.value(.boolean(false))])
    }

    @Test func createOpenExistingAndCopyFolder() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let (a, existed) = try store.createFolder(mailbox, parent: inbox, name: "A")
        #expect(!existed)
        #expect(sink.take().map(\.kind) == [
            .objectCreated(.folder(a), parentFolderID: inbox, tags: [Tags.displayName]),
            .objectModified(.folder(inbox), tags: [Tags.subfolders, Tags.folderChildCount, Tags.hierarchyChangeNumber], totalMessageCount: nil, unreadMessageCount: nil),
        ])
        #expect(try store.createFolder(mailbox, parent: inbox, name: "a", openExisting: true) == (a, true))
        let b = try store.createFolder(mailbox, parent: a, name: "B").id
        try store.addMessage(mailbox, b, subject: "m1")
        try store.addMessage(mailbox, a, subject: "m0")
        let copy = try store.copyFolder(mailbox, from: inbox, folder: a, to: inbox, newName: "A copy", recursive: true)
        let table = try store.openTable(mailbox, folder: copy, kind: .hierarchy(fullDepth: false))
        #expect(try store.tableRowCount(table) == 1)
        #expect(try store.folderProperties(mailbox, copy, [Tags.contentCount, Tags.displayName]) == [.value(.integer32(1)), .value(.string("A copy"))])
        try store.emptyFolder(mailbox, folder: copy, includeAssociated: false)
        #expect(try store.tableRowCount(table) == 0)
        #expect(try store.folderProperties(mailbox, copy, [Tags.contentCount]) == [.value(.integer32(0))])
    }
}

@Suite struct ReceiveFolderTests {
    /// MS-OXCSTOR 3.2.5.2 examples (rop-reference §4.2).
    @Test func longestComponentPrefix() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "r@x", legacyExchangeDN: "/cn=r").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let root = try store.specialFolderID(mailbox, .root)
        #expect(try store.receiveFolder(mailbox, messageClass: "IPM.Note") == (inbox, "IPM"))
        #expect(try store.receiveFolder(mailbox, messageClass: "MY.Class") == (inbox, ""))
        #expect(try store.receiveFolder(mailbox, messageClass: "ipc.anything") == (root, "IPC"))
        #expect(try store.receiveFolder(mailbox, messageClass: "Report.IPM.Note.NDR") == (inbox, "Report.IPM"))
        #expect(try store.receiveFolder(mailbox, messageClass: "IPMX") == (inbox, ""))
    }
}

@Suite struct SoftDeleteTests {
    @Test func softDeletedMessagesLeaveNormalViewsAndCanBeHardDeleted() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "d@x", legacyExchangeDN: "/cn=d").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let keep = try store.addMessage(mailbox, inbox, subject: "keep")
        let gone = try store.addMessage(mailbox, inbox, subject: "gone", read: false)
        let normal = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        let deleted = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false), softDeletes: true)
        _ = sink.take()

        #expect(try store.deleteMessages(mailbox, folder: inbox, messages: [gone]) == false)
        let events = sink.take()
        #expect(events.contains { $0.kind == .objectDeleted(.message(gone, in: inbox), parentFolderID: inbox) })
        #expect(events.contains { $0.kind == .objectModified(.folder(inbox), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: 1, unreadMessageCount: 0) })
        #expect(events.compactMap(\.kind.tableData).filter { $0.0 == normal }.map(\.1.tableEventType) == [.tableRowDeleted])
        #expect(events.compactMap(\.kind.tableData).filter { $0.0 == deleted }.map(\.1.tableEventType) == [.tableRowAdded])
        #expect(try store.tableRowIDs(normal) == [keep])
        #expect(try store.tableRowIDs(deleted) == [gone])
        #expect(throws: StoreError.notFound) { try store.openMessage(mailbox, folder: inbox, message: gone) }
        #expect(try store.openMessage(mailbox, folder: inbox, message: gone, openSoftDeleted: true).properties[Tags.subject] == .string("gone"))
        // A second soft delete finds nothing; move/copy/read flags ignore it.
        #expect(try store.deleteMessages(mailbox, folder: inbox, messages: [gone]))
        #expect(try store.setReadFlags(mailbox, folder: inbox, messages: [gone], flags: 0))
        #expect(try store.deleteMessages(mailbox, folder: inbox, messages: [gone], hard: true) == false)
        #expect(try store.tableRowIDs(deleted).isEmpty)
        #expect(throws: StoreError.notFound) { try store.openMessage(mailbox, folder: inbox, message: gone, openSoftDeleted: true) }
        // Emptying softly, then hard. Every message leaving the folder is deleted for its
        // subscribers, as with RopDeleteMessages; purging an already soft-deleted one is not news.
        _ = sink.take()
        try store.emptyFolder(mailbox, folder: inbox, includeAssociated: false)
        #expect(try store.tableRowIDs(deleted) == [keep])
        let emptied = sink.take().map(\.kind)
        #expect(emptied.filter { $0 == .objectDeleted(.message(keep, in: inbox), parentFolderID: inbox) }.count == 1)
        #expect(!emptied.contains { if case .objectDeleted(let object, _) = $0 { object.messageID == gone } else { false } })
        try store.emptyFolder(mailbox, folder: inbox, includeAssociated: false, hard: true)
        #expect(try store.tableRowIDs(deleted).isEmpty)
        #expect(!sink.take().map(\.kind).contains { if case .objectDeleted(let object, _) = $0 { object.isMessage } else { false } })
    }

    @Test func hardEmptyingDeletesLiveMessagesForSubscribers() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "h@x", legacyExchangeDN: "/cn=h").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let first = try store.addMessage(mailbox, inbox, subject: "one")
        let second = try store.addMessage(mailbox, inbox, subject: "two")
        _ = sink.take()
        try store.emptyFolder(mailbox, folder: inbox, includeAssociated: false, hard: true)
        let kinds = sink.take().map(\.kind)
        for message in [first, second] {
            #expect(kinds.filter { $0 == .objectDeleted(.message(message, in: inbox), parentFolderID: inbox) }.count == 1)
        }
    }
}

@Suite struct EntryIDTests {
    /// MS-OXCDATA 2.2.4.1 / 2.2.4.2 layouts: 46-byte Folder EntryID, 70-byte Message EntryID.
    @Test func folderAndMessageEntryIDs() throws {
        let (store, _) = try makeStore()
        let record = try store.createMailbox(userName: "e@x", legacyExchangeDN: "/cn=e")
        let inbox = try store.specialFolderID(record.id, .inbox)
        let mid = try store.addMessage(record.id, inbox, subject: "x")
        guard case let .value(.binary(folderEntry)) = try store.folderProperties(record.id, inbox, [Tags.entryID])[0] else { Issue.record("no entry id"); return }
        var expected: [UInt8] = [0, 0, 0, 0] + record.mailboxGuid.array + [0x01, 0x00] + record.replGuid.array
        expected += [0, 0, 0, 0, 0, UInt8(inbox.globalCounter), 0, 0]
        #expect(folderEntry == expected)
        let message = try store.openMessage(record.id, folder: inbox, message: mid)
        let cells = try store.properties(of: message, [Tags.entryID, Tags.parentEntryID])
        guard case let .value(.binary(messageEntry)) = cells[0] else { Issue.record("no message entry id"); return }
        #expect(messageEntry.count == 70)
        #expect(Array(messageEntry[20..<22]) == [0x07, 0x00])
        #expect(Array(messageEntry[22..<44]) == Array(folderEntry[22..<44]))
        #expect(messageEntry[67] == UInt8(mid.globalCounter))
        #expect(cells[1] == .value(.binary(folderEntry)))
    }
}

@Suite struct ReadOnlyHandleTests {
    @Test func readOnlyHandlesCannotSave() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "ro@x", legacyExchangeDN: "/cn=ro").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let mid = try store.addMessage(mailbox, inbox, subject: "x")
        _ = sink.take()
        var message = try store.openMessage(mailbox, folder: inbox, message: mid, readOnly: true)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("y"))])
        #expect(throws: StoreError.invalidState("opened read-only")) { try store.saveMessage(&message) }
        #expect(StoreError.invalidState("opened read-only").errorCode == .generalFailure)
        #expect(sink.take().isEmpty)
        // mfRead / mfUnsent are read-only after the first save (MS-OXCMSG 2.2.1.6).
        var writable = try store.openMessage(mailbox, folder: inbox, message: mid)
        writable.setProperties([TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(0x100))])
        try store.saveMessage(&writable)
        #expect(try store.properties(of: writable, [Tags.messageFlags]) == [.value(.integer32(0x109))])
    }
}
