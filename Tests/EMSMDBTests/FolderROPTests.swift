import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

extension EMSMDBFixture {
    /// RopCreateFolder request bytes (Unicode names), MS-OXCROPS 2.2.4.2.1.
    static func createFolderRequest(_ name: String, input: UInt8 = 1, output: UInt8 = 2, type: UInt8 = 1, openExisting: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        RopCreateFolderRequest(
            logonID: 0, inputHandleIndex: input, outputHandleIndex: output, folderType: type, useUnicodeStrings: true,
            openExisting: openExisting, reserved: 0, displayName: .unicode(name), comment: .unicode("")
        ).encode(into: &bytes)
        return bytes
    }

    /// RopOpenFolder request bytes, MS-OXCROPS 2.2.4.1.1.
    static func openFolderRequest(_ id: FolderID, input: UInt8 = 0, output: UInt8 = 1) -> [UInt8] {
        hex("02 00") + [input, output] + id.wire + [0x00]
    }

    /// Logs on and opens `folders`; returns the handle table [logon, folder…].
    func openFolders(_ session: EMSMDBSession, _ folders: [FolderID]) throws -> [UInt32] {
        let logon = try logon(session)
        var handles: [UInt32] = [logon]
        for id in folders {
            let output = try run(session, Self.openFolderRequest(id), handles: [logon, RopBuffer.unusedHandle])
            guard output.ropsList.count == 8, output.ropsList[2] == 0 else { throw FixtureError.unexpected(hexString(output.ropsList)) }
            handles.append(output.handles[1])
        }
        return handles
    }

    /// Creates and saves a message through the store.
    @discardableResult
    func addMessage(_ user: String, _ folder: FolderID, subject: String, read: Bool) throws -> MessageID {
        var message = try store.createMessage(mailbox(user).id, folder: folder)
        _ = message.setProperties([
            TaggedPropertyValue(tag: Tags.subject, value: .string(subject)),
            TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(read ? 0x09 : 0x08)),
        ])
        return try store.saveMessage(&message)
    }

    /// Every RopNotify of one poll.
    func notifications(_ session: EMSMDBSession) throws -> [RopNotify] {
        try poll(session).responses().compactMap { if case let .notify(notify) = $0 { notify } else { nil } }
    }
}

/// Folder ROPs over raw bytes (MS-OXCFOLD), success and failure paths.
@Suite struct FolderROPTests {
    @Test func createFolderIsSeenByAWholeStoreSubscriptionOfAnotherSession() throws {
        let fixture = try EMSMDBFixture()
        let writer = fixture.connect("alice")
        let reader = fixture.connect("alice")
        let ipm = try fixture.folderID("alice", .ipmSubtree)
        let handles = try fixture.openFolders(writer, [ipm])
        let readerLogon = try fixture.logon(reader)
        let subscription = try fixture.subscribeWholeStore(reader, logonHandle: readerLogon, types: [.objectCreated])

        let output = try fixture.run(writer, EMSMDBFixture.createFolderRequest("Projects"), handles: handles + [RopBuffer.unusedHandle])
        let summary = try fixture.store.folder(fixture.mailbox("alice").id, try #require(output.ropsList.count == 15 ? ObjectID.decodeWire(Array(output.ropsList[6..<14])) : nil))
        #expect(summary.displayName == "Projects" && summary.parentID == ipm)
        // RopId 0x1C, OutputHandleIndex 2, success, FolderId, IsExistingFolder 0 (MS-OXCROPS 2.2.4.2.2).
        #expect(hexString(output.ropsList) == hexString(hex("1C 02 00000000") + summary.id.wire + [0x00]))
        #expect(output.handles[2] != RopBuffer.unusedHandle)

        let notifications = try fixture.notifications(reader)
        #expect(notifications.count == 1)
        let data = try #require(notifications.first).notificationData
        #expect(notifications.first?.notificationHandle == subscription)
        #expect(data.flags.type == .objectCreated && data.folderID == summary.id && data.parentFolderID == ipm)
        // The writer's own session has no subscription: its response carried nothing else.
        #expect(try fixture.poll(writer).ropsList.isEmpty)
    }

    @Test func createFolderCollisionsAndOpenExisting() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let handles = try fixture.openFolders(session, [try fixture.folderID("alice", .inbox)]) + [RopBuffer.unusedHandle]
        let first = try fixture.run(session, EMSMDBFixture.createFolderRequest("Receipts"), handles: handles)
        let again = try fixture.run(session, EMSMDBFixture.createFolderRequest("Receipts"), handles: handles)
        #expect(hexString(again.ropsList) == "1C 02 04 06 04 80")  // ecDuplicateName 0x80040604
        #expect(again.handles[2] == RopBuffer.unusedHandle)
        let opened = try fixture.run(session, EMSMDBFixture.createFolderRequest("Receipts", openExisting: true), handles: handles)
        #expect(opened.ropsList == first.ropsList)  // same FolderId, IsExistingFolder 0 in a private mailbox
        let badType = try fixture.run(session, EMSMDBFixture.createFolderRequest("X", type: 3), handles: handles)
        #expect(hexString(badType.ropsList) == "1C 02 57 00 07 80")  // ecInvalidParameter
        let onLogon = try fixture.run(session, EMSMDBFixture.createFolderRequest("X", input: 0), handles: handles)
        #expect(hexString(onLogon.ropsList) == "1C 02 B9 04 00 00")  // a Logon is not a Folder: ecNullObject
    }

    @Test func createSearchFolderIsASearchFolder() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let handles = try fixture.openFolders(session, [try fixture.folderID("alice", .finder)]) + [RopBuffer.unusedHandle]
        let output = try fixture.run(session, EMSMDBFixture.createFolderRequest("Unread", type: 2), handles: handles)
        let id = try #require(ObjectID.decodeWire(Array(output.ropsList[6..<14])))
        #expect(try fixture.store.folder(fixture.mailbox("alice").id, id).isSearchFolder)
    }

    /// RopGetStoreState (MS-OXCSTOR 2.2.1.5.2): STORE_HAS_SEARCHES (0x01000000) once a search folder
    /// has active criteria; a search folder without criteria does not count; deleting it clears it.
    @Test func storeStateReportsActiveSearches() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        var logon = try fixture.logon(session)
        let mailbox = fixture.mailbox("alice").id
        let finder = try fixture.folderID("alice", .finder)
        let getStoreState = hex("7B 00 00")
        #expect(hexString(try fixture.run(session, getStoreState, handles: [logon]).ropsList) == "7B 00 00 00 00 00 00 00 00 00")
        let (search, _) = try fixture.store.createFolder(mailbox, parent: finder, name: "Unread", searchFolder: true)
        #expect(hexString(try fixture.run(session, getStoreState, handles: [logon]).ropsList) == "7B 00 00 00 00 00 00 00 00 00")
        // RopSetSearchCriteria (0x30) through the processor: Subject exists, over the Inbox, recursive.
        // openFolders logs on again (LogonId 0), which replaces the first Logon object.
        let opened = try fixture.openFolders(session, [search])
        logon = opened[0]
        let folderHandle = opened[1]
        var set: [UInt8] = []
        RopSetSearchCriteriaRequest(logonID: 0, inputHandleIndex: 0, restrictionData: hex("08 1F 00 37 00"),
                                    folderIDs: [try fixture.folderID("alice", .inbox)], searchFlags: 0x04).encode(into: &set)
        #expect(hexString(try fixture.run(session, set, handles: [folderHandle]).ropsList) == "30 00 00 00 00 00")
        let active = hexString(try fixture.run(session, getStoreState, handles: [logon]).ropsList)
        #expect(active == "7B 00 00 00 00 00 00 00 00 01")
        // Another user's mailbox is not affected.
        let bob = fixture.connect("bob")
        #expect(hexString(try fixture.run(bob, getStoreState, handles: [try fixture.logon(bob)]).ropsList) == "7B 00 00 00 00 00 00 00 00 00")
        // The search folder gone: 0 again.
        _ = try fixture.store.deleteFolder(mailbox, parent: finder, folder: search, deleteMessages: true, deleteSubfolders: true)
        let deleted = hexString(try fixture.run(session, getStoreState, handles: [logon]).ropsList)
        #expect(deleted == "7B 00 00 00 00 00 00 00 00 00")
    }

    @Test func deleteFolderSuccessPartialAndRefusals() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let mailbox = fixture.mailbox("alice").id
        let ipm = try fixture.folderID("alice", .ipmSubtree)
        let (full, _) = try fixture.store.createFolder(mailbox, parent: ipm, name: "Full")
        try fixture.addMessage("alice", full, subject: "kept", read: true)
        let (empty, _) = try fixture.store.createFolder(mailbox, parent: ipm, name: "Empty")
        let handles = try fixture.openFolders(session, [ipm])

        // No DEL_MESSAGES: kept, PartialCompletion 1 (MS-OXCFOLD 3.2.5.3).
        let partial = try fixture.run(session, hex("1D 00 01 00") + full.wire, handles: handles)
        #expect(hexString(partial.ropsList) == "1D 01 00 00 00 00 01")
        let deleted = try fixture.run(session, hex("1D 00 01 05") + full.wire + hex("1D 00 01 00") + empty.wire, handles: handles)
        #expect(hexString(deleted.ropsList) == "1D 01 00 00 00 00 00 1D 01 00 00 00 00 00")
        #expect(throws: StoreError.self) { try fixture.store.folder(mailbox, full) }
        // A special folder: ecAccessDenied; a folder that is not a child: ecNotFound.
        let inbox = try fixture.folderID("alice", .inbox)
        let refused = try fixture.run(session, hex("1D 00 01 05") + inbox.wire + hex("1D 00 01 05") + empty.wire, handles: handles)
        #expect(hexString(refused.ropsList) == "1D 01 05 00 07 80 00 1D 01 0F 01 04 80 00")
    }

    @Test func moveAndCopyFolder() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let mailbox = fixture.mailbox("alice").id
        let ipm = try fixture.folderID("alice", .ipmSubtree)
        let inbox = try fixture.folderID("alice", .inbox)
        let (projects, _) = try fixture.store.createFolder(mailbox, parent: ipm, name: "Projects")
        let (child, _) = try fixture.store.createFolder(mailbox, parent: projects, name: "Child")
        let handles = try fixture.openFolders(session, [ipm, inbox, child])  // [logon, ipm, inbox, child]

        // RopMoveFolder 0x35: SourceHandleIndex 1, DestHandleIndex 2, WantAsynchronous 0, UseUnicode 1, FolderId, NewFolderName.
        var move = hex("35 00 01 02 00 01") + projects.wire
        RopString.unicode("Archive").encode(into: &move)
        let moved = try fixture.run(session, move, handles: handles)
        #expect(hexString(moved.ropsList) == "35 01 00 00 00 00 00")
        #expect(try fixture.store.folder(mailbox, projects).parentID == inbox)
        #expect(try fixture.store.folder(mailbox, projects).displayName == "Archive")

        // Into its own subtree: ecFolderCycle 0x8004060B; destination slot empty: ecDstNullObject with DestHandleIndex.
        var cycle = hex("35 00 02 03 00 01") + projects.wire
        RopString.unicode("Loop").encode(into: &cycle)
        var nullDestination = hex("35 00 02 05 00 01") + projects.wire
        RopString.unicode("Loop").encode(into: &nullDestination)
        let refused = try fixture.run(session, cycle + nullDestination, handles: handles)
        #expect(hexString(refused.ropsList) == "35 02 0B 06 04 80 00 35 02 03 05 00 00 05 00 00 00 00")

        // RopCopyFolder 0x36: WantAsynchronous 0, WantRecursive 1, UseUnicode 1: new ids, original kept.
        var copy = hex("36 00 02 01 00 01 01") + projects.wire
        RopString.unicode("Archive copy").encode(into: &copy)
        let copied = try fixture.run(session, copy, handles: handles)
        #expect(hexString(copied.ropsList) == "36 02 00 00 00 00 00")
        #expect(try fixture.store.folder(mailbox, projects).parentID == inbox)
    }

    @Test func emptyFolderAndHardDelete() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let mailbox = fixture.mailbox("alice").id
        let ipm = try fixture.folderID("alice", .ipmSubtree)
        let (scratch, _) = try fixture.store.createFolder(mailbox, parent: ipm, name: "Scratch")
        let (sub, _) = try fixture.store.createFolder(mailbox, parent: scratch, name: "Sub")
        try fixture.addMessage("alice", scratch, subject: "a", read: false)
        try fixture.addMessage("alice", sub, subject: "b", read: false)
        let handles = try fixture.openFolders(session, [scratch, ipm])

        // RopEmptyFolder 0x58 (WantAsynchronous 0, WantDeleteAssociated 0), then RopHardDeleteMessagesAndSubfolders 0x92.
        let output = try fixture.run(session, hex("58 00 01 00 00 92 00 01 00 01"), handles: handles)
        #expect(hexString(output.ropsList) == "58 01 00 00 00 00 00 92 01 00 00 00 00 00")
        #expect(throws: StoreError.self) { try fixture.store.folder(mailbox, sub) }
        // The mailbox root cannot be emptied; a Logon is not a folder.
        let root = try fixture.folderID("alice", .root)
        let rootHandles = try fixture.openFolders(session, [root])
        let refused = try fixture.run(session, hex("58 00 01 00 00 58 00 00 00 00"), handles: rootHandles)
        #expect(hexString(refused.ropsList) == "58 01 02 01 04 80 00 58 00 B9 04 00 00 00")
    }

    @Test func deleteMessagesSoftHardAndPartial() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let inbox = try fixture.folderID("alice", .inbox)
        let first = try fixture.addMessage("alice", inbox, subject: "one", read: true)
        let second = try fixture.addMessage("alice", inbox, subject: "two", read: true)
        let handles = try fixture.openFolders(session, [inbox])
        // RopDeleteMessages 0x1E: WantAsynchronous 0, NotifyNonRead 0, MessageIdCount 2 (one unknown) → PartialCompletion.
        let unknown = ObjectID(replicaID: 1, globalCounter: 0xFFFF_FF)
        let soft = try fixture.run(session, hex("1E 00 01 00 00 0200") + first.wire + unknown.wire, handles: handles)
        #expect(hexString(soft.ropsList) == "1E 01 00 00 00 00 01")
        // RopHardDeleteMessages 0x91.
        let hard = try fixture.run(session, hex("91 00 01 00 00 0100") + second.wire, handles: handles)
        #expect(hexString(hard.ropsList) == "91 01 00 00 00 00 00")
        let mailbox = fixture.mailbox("alice").id
        #expect(try fixture.store.folderProperties(mailbox, inbox, [Tags.contentCount]).first == .value(.integer32(0)))
    }

    @Test func moveCopyMessagesEventsCarryOldIds() throws {
        let fixture = try EMSMDBFixture()
        let writer = fixture.connect("alice")
        let reader = fixture.connect("alice")
        let inbox = try fixture.folderID("alice", .inbox)
        let deleted = try fixture.folderID("alice", .deletedItems)
        let message = try fixture.addMessage("alice", inbox, subject: "move me", read: true)
        let other = try fixture.addMessage("alice", inbox, subject: "copy me", read: true)
        let handles = try fixture.openFolders(writer, [inbox, deleted])
        let readerLogon = try fixture.logon(reader)
        let subscription = try fixture.subscribeWholeStore(reader, logonHandle: readerLogon, types: [.objectMoved, .objectCopied])

        // RopMoveCopyMessages 0x33: SourceHandleIndex 1, DestHandleIndex 2, count, MIDs, WantAsynchronous 0, WantCopy.
        let move = try fixture.run(writer, hex("33 00 01 02 0100") + message.wire + hex("00 00"), handles: handles)
        #expect(hexString(move.ropsList) == "33 01 00 00 00 00 00")
        let copy = try fixture.run(writer, hex("33 00 01 02 0100") + other.wire + hex("00 01"), handles: handles)
        #expect(hexString(copy.ropsList) == "33 01 00 00 00 00 00")
        let nullDestination = try fixture.run(writer, hex("33 00 01 07 0100") + other.wire + hex("00 01"), handles: handles)
        #expect(hexString(nullDestination.ropsList) == "33 01 03 05 00 00 07 00 00 00 00")

        let notifications = try fixture.notifications(reader)
        #expect(notifications.map(\.notificationData.flags.type) == [.objectMoved, .objectCopied])
        #expect(notifications.allSatisfy { $0.notificationHandle == subscription })
        let moved = notifications[0].notificationData
        #expect(moved.folderID == deleted && moved.oldFolderID == inbox && moved.oldMessageID == message)
        let copied = notifications[1].notificationData
        #expect(copied.folderID == deleted && copied.oldFolderID == inbox && copied.oldMessageID == other && copied.messageID != other)
    }
}

extension ObjectID {
    /// Decodes 8 wire bytes (test helper).
    static func decodeWire(_ bytes: [UInt8]) -> ObjectID? {
        var reader = ByteReader(bytes)
        return try? ObjectID.decode(from: &reader, "id")
    }
}
