import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Raw-bytes scenarios for the message ROPs (MS-OXCMSG 3.2.5, MS-OXOMSG submit), success and failure
/// paths, and the notifications they cause in another session.
@Suite struct MessageROPTests {
    // MARK: Raw request builders (MS-OXCROPS 2.2.6, 2.2.7.1)

    /// RopCreateMessage: LogonId 0, in, out, CodePageId 0x0FFF, FolderId, AssociatedFlag.
    static func create(in input: UInt8 = 0, out: UInt8 = 1, folder: FolderID, associated: Bool = false) -> [UInt8] {
        hex("06 00") + [input, out] + hex("FF 0F") + folder.wire + [associated ? 1 : 0]
    }

    /// RopOpenMessage: LogonId 0, in, out, CodePageId 0x0FFF, FolderId, OpenModeFlags, MessageId.
    static func open(in input: UInt8 = 0, out: UInt8 = 1, folder: FolderID, message: MessageID, mode: UInt8 = 0x01) -> [UInt8] {
        hex("03 00") + [input, out] + hex("FF 0F") + folder.wire + [mode] + message.wire
    }

    /// RopSetProperties with one PtypString property.
    static func setString(_ index: UInt8, _ tag: PropertyTag, _ text: String) -> [UInt8] {
        var value: [UInt8] = []
        tag.encode(into: &value)
        PropertyValue.string(text).encode(into: &value)
        let size = UInt16(2 + value.count)
        return hex("0A 00") + [index, UInt8(size & 0xFF), UInt8(size >> 8)] + hex("01 00") + value
    }

    /// RopSaveChangesMessage: ResponseHandleIndex, InputHandleIndex, SaveFlags.
    static func save(response: UInt8 = 0, _ input: UInt8, flags: UInt8 = 0x0A) -> [UInt8] {
        hex("0C 00") + [response, input, flags]
    }

    /// RopModifyRecipients with no extra columns and one row per (RowId, type, EX DN, display name):
    /// RecipientFlags X500DN | D | U (0x0211), AddressPrefixUsed 0, DisplayType 0.
    static func modifyRecipients(_ index: UInt8, _ rows: [(UInt32, UInt8, String, String)]) -> [UInt8] {
        var bytes = hex("0E 00") + [index] + hex("00 00") + [UInt8(rows.count), 0]
        for (rowID, type, dn, name) in rows {
            var row = hex("11 02 00 00") + Array(dn.utf8) + [0]
            PropertyValue.string(name).encode(into: &row)
            row += hex("00 00 00")  // RecipientColumnCount 0, StandardPropertyRow flag
            bytes += rowID.le + [type, UInt8(row.count & 0xFF), UInt8(row.count >> 8)] + row
        }
        return bytes
    }

    static func mid(fromCreate response: [UInt8]) throws -> MessageID {
        try #require(response.count >= 15 && response[0] == 0x06 && response[6] == 0x01)
        var reader = ByteReader(Array(response[7..<15]))
        return ObjectID(wireValue: try reader.readUInt64("MessageId"))
    }

    struct Alice {
        let fixture: EMSMDBFixture
        let session: EMSMDBSession
        let logon: UInt32
        let inbox: FolderID
    }

    func alice(_ fixture: EMSMDBFixture? = nil) throws -> Alice {
        let fixture = try fixture ?? EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        return Alice(fixture: fixture, session: session, logon: logon, inbox: try fixture.folderID("alice", .inbox))
    }

    /// Creates, names and saves a message in `folder`; returns its MID and the Message handle.
    func createSaved(_ a: Alice, folder: FolderID, subject: String) throws -> (MessageID, UInt32) {
        let output = try a.fixture.run(a.session, Self.create(folder: folder) + Self.setString(1, Tags.subject, subject) + Self.save(1),
                                       handles: [a.logon, 0xFFFF_FFFF])
        let mid = try Self.mid(fromCreate: output.ropsList)
        return (mid, output.handles[1])
    }

    // MARK: Create, save, open

    @Test func createSaveAndReopenAnswerPerSpec() throws {
        let a = try alice()
        let created = try a.fixture.run(a.session, Self.create(folder: a.inbox), handles: [a.logon, 0xFFFF_FFFF])
        let mid = try Self.mid(fromCreate: created.ropsList)
        // RopCreateMessage success: OutputHandleIndex 1, HasMessageId 1, MessageId (MS-OXCROPS 2.2.6.2.2).
        #expect(hexString(created.ropsList) == hexString(hex("06 01 00000000 01") + mid.wire))
        let message = created.handles[1]
        #expect(message != 0xFFFF_FFFF)
        // Invisible until saved (MS-OXCMSG 3.2.5.2).
        #expect(try a.fixture.store.folderProperties(a.fixture.mailbox("alice").id, a.inbox, [Tags.contentCount]) == [.value(.integer32(0))])

        let saved = try a.fixture.run(a.session, Self.setString(1, Tags.subject, "Hi") + Self.save(response: 0, 1),
                                      handles: [a.logon, message])
        // RopSetProperties: no problems; RopSaveChangesMessage: ResponseHandleIndex 0, InputHandleIndex 1, MessageId.
        #expect(hexString(saved.ropsList) == hexString(hex("0A 01 00000000 0000") + hex("0C 00 00000000 01") + mid.wire))

        let reopened = try a.fixture.run(a.session, Self.open(folder: a.inbox, message: mid), handles: [a.logon, 0xFFFF_FFFF])
        // HasNamedProperties 0, SubjectPrefix absent, NormalizedSubject "Hi" (UTF-16), no recipients.
        #expect(hexString(reopened.ropsList) == hexString(hex("03 01 00000000 00 00 04 4800 6900 0000 0000 0000 00")))
        #expect(reopened.handles[1] != 0xFFFF_FFFF && reopened.handles[1] != message)
    }

    @Test func createAndOpenFailuresLeaveNoHandle() throws {
        let a = try alice()
        let unknown = ObjectID(replicaID: 1, globalCounter: 0xABCDEF)
        let output = try a.fixture.run(a.session,
            Self.create(folder: unknown)                                  // no such folder: ecNotFound
            + Self.create(in: 5, folder: a.inbox)                         // input index beyond the table: ecNullObject
            + Self.open(folder: a.inbox, message: unknown)                // no such message: ecNotFound
            + Self.open(in: 1, folder: a.inbox, message: unknown)         // 0xFFFFFFFF input slot: ecNullObject
            + Self.create(out: 7, folder: a.inbox),                       // output index beyond the table: ecNullObject
            handles: [a.logon, 0xFFFF_FFFF])
        #expect(hexString(output.ropsList) == hexString(
            hex("06 01 0F010480") + hex("06 01 B9040000") + hex("03 01 0F010480") + hex("03 01 B9040000") + hex("06 07 B9040000")))
        #expect(output.handles == [a.logon, 0xFFFF_FFFF])
        #expect(a.session.handleCount == 1)
    }

    @Test func messageRopsOnTheWrongObjectTypeAreNullObject() throws {
        let a = try alice()
        // RopSaveChangesMessage, RopRemoveAllRecipients, RopSubmitMessage on the Logon handle; RopSetReadFlags on it too.
        let output = try a.fixture.run(a.session,
            Self.save(0) + hex("0D 00 00 00000000") + hex("32 00 00 00") + hex("66 00 00 00 00 0000"),
            handles: [a.logon])
        #expect(hexString(output.ropsList) == "0C 00 B9 04 00 00 0D 00 B9 04 00 00 32 00 B9 04 00 00 66 00 B9 04 00 00 00")
    }

    @Test func readOnlyOpenRefusesWritesButNotReadFlags() throws {
        let a = try alice()
        let (mid, _) = try createSaved(a, folder: a.inbox, subject: "Keep")
        let opened = try a.fixture.run(a.session, Self.open(folder: a.inbox, message: mid, mode: 0x00), handles: [a.logon, 0xFFFF_FFFF])
        let handle = opened.handles[1]
        let output = try a.fixture.run(a.session,
            Self.setString(1, Tags.subject, "Changed")                    // ecAccessDenied
            + hex("0B 00 01 0100") + Tags.subject.rawValue.le             // RopDeleteProperties: ecAccessDenied
            + Self.modifyRecipients(1, [(0, 1, "/o=x/cn=y", "Y")])        // ecAccessDenied
            + hex("0D 00 01 00000000")                                    // RopRemoveAllRecipients: ecAccessDenied
            + Self.save(1)                                                // ecError 0x80004005 (MS-OXCMSG 3.2.5.3)
            + hex("32 00 01 00")                                          // RopSubmitMessage: ecAccessDenied
            + hex("11 00 00 01 04"),                                      // RopSetMessageReadFlag rfClearReadFlag: allowed
            handles: [a.logon, handle])
        #expect(hexString(output.ropsList) == hexString(
            hex("0A 01 05000780") + hex("0B 01 05000780") + hex("0E 01 05000780") + hex("0D 01 05000780")
            + hex("0C 00 05400080") + hex("32 01 05000780") + hex("11 00 00000000 00")))
        let mailbox = a.fixture.mailbox("alice").id
        let check = try a.fixture.store.openMessage(mailbox, folder: a.inbox, message: mid)
        #expect(try a.fixture.store.properties(of: check, [Tags.subject, Tags.messageFlags]) == [.value(.string("Keep")), .value(.integer32(0x408))])
    }

    @Test func concurrentHandlesGetObjectModifiedUnlessForceSave() throws {
        let a = try alice()
        let (mid, _) = try createSaved(a, folder: a.inbox, subject: "v1")
        let first = try a.fixture.run(a.session, Self.open(folder: a.inbox, message: mid), handles: [a.logon, 0xFFFF_FFFF]).handles[1]
        let second = try a.fixture.run(a.session, Self.open(folder: a.inbox, message: mid), handles: [a.logon, 0xFFFF_FFFF]).handles[1]
        let output = try a.fixture.run(a.session,
            Self.setString(1, Tags.subject, "first") + Self.save(1)
            + Self.setString(2, Tags.subject, "second") + Self.save(2)    // ecObjectModified 0x80040109
            + Self.save(2, flags: 0x0C),                                  // ForceSave: overwrite
            handles: [a.logon, first, second])
        #expect(hexString(output.ropsList) == hexString(
            hex("0A 01 00000000 0000") + hex("0C 00 00000000 01") + mid.wire
            + hex("0A 02 00000000 0000") + hex("0C 00 09010480")
            + hex("0C 00 00000000 02") + mid.wire))
        let check = try a.fixture.store.openMessage(a.fixture.mailbox("alice").id, folder: a.inbox, message: mid)
        #expect(try a.fixture.store.properties(of: check, [Tags.subject]) == [.value(.string("second"))])
    }

    @Test func releasedMessageHandlesAreInvalidAndUnsavedMessagesVanish() throws {
        let a = try alice()
        let created = try a.fixture.run(a.session, Self.create(folder: a.inbox) + Self.setString(1, Tags.subject, "never saved"),
                                        handles: [a.logon, 0xFFFF_FFFF])
        let message = created.handles[1]
        // RopRelease (no response), then RopSaveChangesMessage on the released handle: ecInvalidObject
        // (MS-OXCROPS 3.2.5.4).
        let output = try a.fixture.run(a.session, hex("01 00 01") + Self.save(1), handles: [a.logon, message])
        #expect(hexString(output.ropsList) == "0C 00 08 01 04 80")
        #expect(a.session.handleCount == 1)
        #expect(try a.fixture.store.folderProperties(a.fixture.mailbox("alice").id, a.inbox, [Tags.contentCount]) == [.value(.integer32(0))])
    }

    @Test func pendingChangesAreVisibleOnlyThroughTheirHandle() throws {
        let fixture = try EMSMDBFixture()
        let a = try alice(fixture)
        let (mid, handle) = try createSaved(a, folder: a.inbox, subject: "saved")
        let other = fixture.connect("alice")
        let otherLogon = try fixture.logon(other)
        // Pending subject and read flag on the new handle of session 1 (RopSetMessageReadFlag on a
        // saved message commits at once; the subject does not).
        _ = try fixture.run(a.session, Self.setString(1, Tags.subject, "pending"), handles: [a.logon, handle])
        let seen = try fixture.run(other, Self.open(folder: a.inbox, message: mid), handles: [otherLogon, 0xFFFF_FFFF])
        #expect(hexString(seen.ropsList) == hexString(hex("03 01 00000000 00 00 04") + PropertyROPTests.utf16("saved") + hex("0000 0000 00")))
        let mine = try fixture.run(a.session, PropertyROPTests.getSpecific(1, [Tags.subject]), handles: [a.logon, handle])
        #expect(hexString(mine.ropsList) == hexString(hex("07 01 00000000 00") + PropertyROPTests.utf16("pending")))
    }

    @Test func readFlagOnANewMessageIsPendingUntilSave() throws {
        let a = try alice()
        let created = try a.fixture.run(a.session, Self.create(folder: a.inbox), handles: [a.logon, 0xFFFF_FFFF])
        // rfClearReadFlag on the unsaved message, then save: it arrives unread (0x08), no mfEverRead.
        let output = try a.fixture.run(a.session, hex("11 00 00 01 04") + Self.save(1) + PropertyROPTests.getSpecific(1, [Tags.messageFlags]),
                                       handles: [a.logon, created.handles[1]])
        let mid = try Self.mid(fromCreate: created.ropsList)
        #expect(hexString(output.ropsList) == hexString(hex("11 00 00000000 00") + hex("0C 00 00000000 01") + mid.wire + hex("07 01 00000000 00 08000000")))
        #expect(try a.fixture.store.folderProperties(a.fixture.mailbox("alice").id, a.inbox, [Tags.contentUnreadCount]) == [.value(.integer32(1))])
    }

    @Test func softDeletedMessagesOpenOnlyWithOpenSoftDeleted() throws {
        let a = try alice()
        let (mid, _) = try createSaved(a, folder: a.inbox, subject: "gone")
        // RopOpenFolder (Inbox) + RopDeleteMessages (soft; MS-OXCFOLD 3.2.5.11).
        let deleted = try a.fixture.run(a.session, hex("02 00 00 01") + a.inbox.wire + hex("00") + hex("1E 00 01 00 00 0100") + mid.wire,
                                        handles: [a.logon, 0xFFFF_FFFF])
        #expect(Array(deleted.ropsList.suffix(7)) == hex("1E 01 00000000 00"))
        let output = try a.fixture.run(a.session,
            Self.open(folder: a.inbox, message: mid)                          // ecNotFound
            + Self.open(out: 2, folder: a.inbox, message: mid, mode: 0x04),   // OpenSoftDeleted | ReadOnly
            handles: [a.logon, 0xFFFF_FFFF, 0xFFFF_FFFF])
        #expect(hexString(output.ropsList) == hexString(hex("03 01 0F010480") + hex("03 02 00000000 00 00 04") + PropertyROPTests.utf16("gone") + hex("0000 0000 00")))
        #expect(output.handles[1] == 0xFFFF_FFFF && output.handles[2] != 0xFFFF_FFFF)
    }

    @Test func aMessageHandleIsRefusedUnderAnotherLogonID() throws {
        let a = try alice()
        let (_, handle) = try createSaved(a, folder: a.inbox, subject: "mine")
        // LogonId 1 names no logon, and the Message object belongs to LogonId 0 (MS-OXCROPS 3.2.5.4).
        let output = try a.fixture.run(a.session, hex("0C 01 00 01 0A"), handles: [a.logon, handle])
        #expect(hexString(output.ropsList) == "0C 00 05 00 07 80")  // ecAccessDenied, nothing saved
    }

    // MARK: Recipients

    @Test func modifyReadAndRemoveRecipients() throws {
        let a = try alice()
        let created = try a.fixture.run(a.session, Self.create(folder: a.inbox), handles: [a.logon, 0xFFFF_FFFF])
        let message = created.handles[1]
        // No recipients yet: RopReadRecipients → ecNotFound (MS-OXCMSG 3.2.5.6).
        let empty = try a.fixture.run(a.session, hex("0F 00 01 00000000 0000"), handles: [a.logon, message])
        #expect(hexString(empty.ropsList) == "0F 01 0F 01 04 80")

        let bobDN = EMSMDBFixture.legacyDN("bob")
        let modify = try a.fixture.run(a.session,
            Self.modifyRecipients(1, [(0, 1, bobDN, "Bob"), (1, 2, "/o=x/cn=carol", "Carol"), (2, 3, "/o=x/cn=dave", "Dave")]),
            handles: [a.logon, message])
        #expect(hexString(modify.ropsList) == "0E 01 00 00 00 00")
        // Delete RowId 1 (RecipientRowSize 0).
        let delete = try a.fixture.run(a.session, hex("0E 00 01 0000 0100 01000000 02 0000"), handles: [a.logon, message])
        #expect(hexString(delete.ropsList) == "0E 01 00 00 00 00")

        let read = try a.fixture.run(a.session, hex("0F 00 01 00000000 0000"), handles: [a.logon, message])
        // Two rows left (RowIds 0 and 2), columns = the last RopModifyRecipients' (none): each row is
        // RowId, RecipientType, CodePageId 1252, Reserved, RecipientRowSize, X500 row with the full DN,
        // Unicode display name (RecipientFlags X500DN | D | U, as sent).
        var expected = hex("0F 01 00000000 02")
        for (rowID, type, dn, name) in [(UInt32(0), UInt8(1), bobDN, "Bob"), (2, 3, "/o=x/cn=dave", "Dave")] {
            var row = hex("11 02 00 00") + Array(dn.utf8) + [0]
            PropertyValue.string(name).encode(into: &row)
            row += hex("0000 00")
            expected += rowID.le + [type] + hex("E404 0000") + [UInt8(row.count & 0xFF), UInt8(row.count >> 8)] + row
        }
        #expect(hexString(read.ropsList) == hexString(expected))
        // Starting at RowId 2; an unknown RowId is ecNotFound.
        let fromTwo = try a.fixture.run(a.session, hex("0F 00 01 02000000 0000") + hex("0F 00 01 09000000 0000"), handles: [a.logon, message])
        #expect(fromTwo.ropsList.prefix(7) == hex("0F 01 00000000 01")[...])
        #expect(Array(fromTwo.ropsList.suffix(6)) == hex("0F 01 0F010480"))

        let removed = try a.fixture.run(a.session, hex("0D 00 01 00000000") + hex("0F 00 01 00000000 0000"), handles: [a.logon, message])
        #expect(hexString(removed.ropsList) == "0D 01 00 00 00 00 0F 01 0F 01 04 80")
    }

    @Test func openMessageListsRecipientsThatFitAndReadRecipientsPagesTheRest() throws {
        let a = try alice()
        let created = try a.fixture.run(a.session, Self.create(folder: a.inbox), handles: [a.logon, 0xFFFF_FFFF])
        let mid = try Self.mid(fromCreate: created.ropsList)
        let rows = (0..<40).map { (UInt32($0), UInt8(1), "/o=Herald/ou=Exchange Administrative Group/cn=Recipients/cn=user\($0)", "User number \($0)") }
        _ = try a.fixture.run(a.session, Self.modifyRecipients(1, rows) + Self.save(1), handles: [a.logon, created.handles[1]])
        // A small output limit: RopOpenMessage keeps RecipientCount 40 but carries fewer rows.
        let opened = try a.fixture.run(a.session, Self.open(folder: a.inbox, message: mid), handles: [a.logon, 0xFFFF_FFFF], maxRopOut: 2000)
        guard case let .openMessage(response)? = try opened.responses().first, case let .success(success) = response.outcome else {
            Issue.record("open failed: \(hexString(opened.ropsList))"); return
        }
        #expect(success.recipientCount == 40)
        #expect(success.recipientRows.count > 0 && success.recipientRows.count < 40)
        #expect(opened.ropsList.count <= 2000 - 2 - 8)
        // RopReadRecipients from the first missing row continues over the same columns.
        let next = UInt32(success.recipientRows.count)
        let read = try a.fixture.run(a.session, hex("0F 00 01") + next.le + hex("0000"), handles: [a.logon, opened.handles[1]])
        #expect(read.ropsList[6] == UInt8(40 - Int(next)))
    }

    // MARK: Read flags

    @Test func readFlagChangesSendFolderCountsToAnotherSession() throws {
        let fixture = try EMSMDBFixture()
        let a = try alice(fixture)
        let (first, _) = try createSaved(a, folder: a.inbox, subject: "one")
        let (second, _) = try createSaved(a, folder: a.inbox, subject: "two")
        let watcher = fixture.connect("alice")
        let watcherLogon = try fixture.logon(watcher)
        let subscription = try fixture.subscribeWholeStore(watcher, logonHandle: watcherLogon, types: [.objectModified])

        // Mark both unread through the folder: RopOpenFolder (Inbox), RopSetReadFlags rfClearReadFlag.
        let output = try fixture.run(a.session,
            hex("02 00 00 01") + a.inbox.wire + hex("00")
            + hex("66 00 01 00 04 0200") + first.wire + second.wire
            + hex("66 00 01 00 04 0100") + ObjectID(replicaID: 1, globalCounter: 0xFFFFFF).wire,   // unknown MID: PartialCompletion
            handles: [a.logon, 0xFFFF_FFFF])
        #expect(Array(output.ropsList.suffix(14)) == hex("66 01 00000000 00") + hex("66 01 00000000 01"))

        let poll = try fixture.poll(watcher)
        let notifications = try poll.responses().compactMap { if case let .notify(n) = $0 { n } else { nil } }
        #expect(notifications.allSatisfy { $0.notificationHandle == subscription })
        // The folder's ObjectModified carries T and U (0x3010) with the latest counts: 2 total, 2 unread.
        let folderEvents = notifications.filter { $0.notificationData.flags.rawValue & 0x8000 == 0 }
        let latest = try #require(folderEvents.last?.notificationData)
        #expect(latest.flags.rawValue == 0x3010)
        #expect(latest.folderID == a.inbox && latest.totalMessageCount == 2 && latest.unreadMessageCount == 2)
        #expect(notifications.contains { $0.notificationData.flags.rawValue == 0x8010 && $0.notificationData.messageID == first })

        // RopSetMessageReadFlag on an opened message marks it read again: U drops to 1.
        let opened = try fixture.run(a.session, Self.open(folder: a.inbox, message: first), handles: [a.logon, 0xFFFF_FFFF])
        let mark = try fixture.run(a.session, hex("11 00 00 01 00"), handles: [a.logon, opened.handles[1]])
        #expect(hexString(mark.ropsList) == "11 00 00 00 00 00 00")
        let after = try fixture.poll(watcher).responses().compactMap { if case let .notify(n) = $0 { n.notificationData } else { nil } }
        #expect(after.contains { $0.flags.rawValue == 0x3010 && $0.folderID == a.inbox && $0.totalMessageCount == 2 && $0.unreadMessageCount == 1 })
    }

    // MARK: Saves seen by another session

    @Test func messageSavesRaiseObjectCreatedThenObjectModified() throws {
        let fixture = try EMSMDBFixture()
        let a = try alice(fixture)
        let watcher = fixture.connect("alice")
        let watcherLogon = try fixture.logon(watcher)
        let subscription = try fixture.subscribeWholeStore(watcher, logonHandle: watcherLogon, types: [.objectCreated, .objectModified])
        let (mid, handle) = try createSaved(a, folder: a.inbox, subject: "new")

        let created = try fixture.poll(watcher)
        // RopNotify: handle, LogonId 0, ObjectCreated for a message (0x8004): FolderId, MessageId,
        // TagCount 0 (Exchange 2013+ default), then the Inbox's ObjectModified T|U (0x3010, 1 total, 0 unread).
        let expectedCreated = hex("2A") + subscription.le + hex("00") + hex("0480") + a.inbox.wire + mid.wire + hex("0000")
        #expect(Array(created.ropsList.prefix(expectedCreated.count)) == expectedCreated)
        let countChange = hex("2A") + subscription.le + hex("00") + hex("1030") + a.inbox.wire + hex("0000") + UInt32(1).le + UInt32(0).le
        #expect(created.ropsList.count >= expectedCreated.count + countChange.count)
        #expect(Array(created.ropsList[expectedCreated.count..<(expectedCreated.count + countChange.count)]) == countChange)

        _ = try fixture.run(a.session, Self.setString(1, Tags.subject, "edited") + Self.save(1), handles: [a.logon, handle])
        let modified = try fixture.poll(watcher)
        let expectedModified = hex("2A") + subscription.le + hex("00") + hex("1080") + a.inbox.wire + mid.wire + hex("0000")
        #expect(hexString(modified.ropsList) == hexString(expectedModified))
    }

    @Test func exchange2010PolicySendsTheRealTags() throws {
        var engine = EngineConfiguration()
        engine.tagCountPolicy = .realTags
        let fixture = try EMSMDBFixture(engineConfiguration: engine)
        let a = try alice(fixture)
        let watcher = fixture.connect("alice")
        let watcherLogon = try fixture.logon(watcher)
        _ = try fixture.subscribeWholeStore(watcher, logonHandle: watcherLogon, types: [.objectModified])
        let (_, handle) = try createSaved(a, folder: a.inbox, subject: "new")
        _ = try fixture.poll(watcher)
        _ = try fixture.run(a.session, Self.setString(1, Tags.subject, "edited") + Self.save(1), handles: [a.logon, handle])
        let data = try fixture.poll(watcher).responses().compactMap { if case let .notify(n) = $0 { n.notificationData } else { nil } }
        let message = try #require(data.first { $0.flags.rawValue == 0x8010 })
        // PidTagSubject and PidTagLocalCommitTime changed.
        #expect(message.tags == [Tags.subject, Tags.localCommitTime])
    }

    // MARK: Submit

    @Test func submitDeliversToTheRecipientAndNewMailReachesTheirSession() throws {
        let fixture = try EMSMDBFixture()
        let a = try alice(fixture)
        let bob = fixture.connect("bob")
        let bobLogon = try fixture.logon(bob)
        let subscription = try fixture.subscribeWholeStore(bob, logonHandle: bobLogon, types: [.newMail])
        let outbox = try fixture.folderID("alice", .outbox)
        let sent = try fixture.folderID("alice", .sentItems)
        let bobInbox = try fixture.folderID("bob", .inbox)

        // Create in the Outbox, subject, PidTagSentMailSvrEID = Sent Items, one EX recipient (Bob), submit.
        var sentMail = hex("0A 00 01")
        var value: [UInt8] = []
        Tags.sentMailSvrEID.encode(into: &value)
        PropertyValue.serverID(MailboxStore.serverID(folder: sent)).encode(into: &value)
        sentMail += UInt16(2 + value.count).leBytes + hex("0100") + value
        let output = try fixture.run(a.session,
            Self.create(folder: outbox) + Self.setString(1, Tags.subject, "Lunch?") + sentMail
            + Self.modifyRecipients(1, [(0, 1, EMSMDBFixture.legacyDN("bob"), "Bob")])
            + hex("32 00 01 00"),
            handles: [a.logon, 0xFFFF_FFFF])
        #expect(Array(output.ropsList.suffix(6)) == hex("32 01 00000000"))

        // Bob's Inbox holds one unread message; Alice's copy moved to Sent Items.
        let bobMailbox = fixture.mailbox("bob").id
        #expect(try fixture.store.folderProperties(bobMailbox, bobInbox, [Tags.contentCount, Tags.contentUnreadCount])
                == [.value(.integer32(1)), .value(.integer32(1))])
        let aliceMailbox = fixture.mailbox("alice").id
        #expect(try fixture.store.folderProperties(aliceMailbox, outbox, [Tags.contentCount]) == [.value(.integer32(0))])
        #expect(try fixture.store.folderProperties(aliceMailbox, sent, [Tags.contentCount]) == [.value(.integer32(1))])

        // Bob's poll: RopNotify NewMail (0x8002): Inbox FID, new MID, MessageFlags 0 (unread),
        // UnicodeFlag 1, "IPM.Note" (MS-OXCNOTIF 2.2.1.4.1.2).
        let poll = try fixture.poll(bob)
        let newMail = try #require(try poll.responses().compactMap { if case let .notify(n) = $0 { n } else { nil } }.first)
        #expect(newMail.notificationHandle == subscription)
        let mid = newMail.notificationData.messageID
        var classBytes: [UInt8] = []
        PropertyValue.string("IPM.Note").encode(into: &classBytes)
        #expect(hexString(poll.ropsList.prefix(6 + 2 + 16 + 4 + 1 + classBytes.count))
                == hexString(hex("2A") + subscription.le + hex("00") + hex("0280") + bobInbox.wire + mid.wire + hex("00000000 01") + classBytes))
        // The delivered message opens in Bob's session with its subject and Bob as a recipient.
        let opened = try fixture.run(bob, Self.open(folder: bobInbox, message: mid), handles: [bobLogon, 0xFFFF_FFFF])
        guard case let .openMessage(response)? = try opened.responses().first, case let .success(success) = response.outcome else {
            Issue.record("open failed"); return
        }
        #expect(success.normalizedSubject == .unicode("Lunch?") && success.recipientCount == 1)
    }

    /// Submits a message from Alice's Outbox to herself with `extra` raw ROPs before the submit;
    /// returns Alice's NewMail notifications.
    func submitToSelf(_ fixture: EMSMDBFixture, extra: (UInt8) -> [UInt8] = { _ in [] }) throws -> (Alice, [NotificationData]) {
        let a = try alice(fixture)
        let watcher = fixture.connect("alice")
        let watcherLogon = try fixture.logon(watcher)
        _ = try fixture.subscribeWholeStore(watcher, logonHandle: watcherLogon, types: [.newMail])
        let outbox = try fixture.folderID("alice", .outbox)
        let output = try fixture.run(a.session,
            Self.create(folder: outbox) + Self.setString(1, Tags.subject, "Note to self") + extra(1)
            + Self.modifyRecipients(1, [(0, 1, EMSMDBFixture.legacyDN("alice"), "Alice")]) + hex("32 00 01 00"),
            handles: [a.logon, 0xFFFF_FFFF])
        #expect(Array(output.ropsList.suffix(6)) == hex("32 01 00000000"))
        let data = try fixture.poll(watcher).responses().compactMap { if case let .notify(n) = $0 { n.notificationData } else { nil } }
        return (a, data)
    }

    @Test func newMailFlagsFollowThePolicy() throws {
        // To oneself: the delivered copy has mfFromMe (0x20). Exchange 2016+ (default) sends it …
        let (_, real) = try submitToSelf(try EMSMDBFixture())
        #expect(real.count == 1 && real.first?.flags.rawValue == 0x8002 && real.first?.messageFlags == 0x20)
        // … Exchange 2013 sends 0 (MS-OXCNOTIF 2.2.1.4.1.2 <10>).
        var engine = EngineConfiguration()
        engine.newMailFlagsPolicy = .zero
        let (_, zero) = try submitToSelf(try EMSMDBFixture(engineConfiguration: engine))
        #expect(zero.count == 1 && zero.first?.messageFlags == 0)
    }

    @Test func deleteAfterSubmitRemovesTheSenderCopy() throws {
        let fixture = try EMSMDBFixture()
        let deleteAfter: (UInt8) -> [UInt8] = { index in
            var value: [UInt8] = []
            TaggedPropertyValue(tag: Tags.deleteAfterSubmit, value: .boolean(true)).encode(into: &value)
            return hex("0A 00") + [index] + UInt16(2 + value.count).leBytes + hex("0100") + value
        }
        let (a, newMail) = try submitToSelf(fixture, extra: deleteAfter)
        #expect(newMail.count == 1)
        let mailbox = fixture.mailbox("alice").id
        // The delivered copy is in the Inbox (unread); neither the Outbox nor Sent Items keeps one.
        #expect(try fixture.store.folderProperties(mailbox, a.inbox, [Tags.contentCount, Tags.contentUnreadCount])
                == [.value(.integer32(1)), .value(.integer32(1))])
        for folder in [SpecialFolder.outbox, .sentItems] {
            #expect(try fixture.store.folderProperties(mailbox, try fixture.folderID("alice", folder), [Tags.contentCount]) == [.value(.integer32(0))])
        }
    }

    /// MS-OXOMSG RopSubmitMessage failures, with the MS-OXCDATA 2.4 codes: no recipients →
    /// NoRecipients 0x80040607; mfSubmitted already set → Submitted 0x80040608; FAI →
    /// ecNotSupported. Nothing is delivered.
    @Test func submitFailuresPerSpec() throws {
        let a = try alice()
        let outbox = try a.fixture.folderID("alice", .outbox)
        var submittedFlags: [UInt8] = []
        TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(0x0C)).encode(into: &submittedFlags)  // mfSubmitted | mfUnsent
        let output = try a.fixture.run(a.session,
            Self.create(folder: outbox) + hex("32 00 01 00")                          // no recipients
            + Self.create(out: 2, folder: outbox, associated: true)
            + Self.modifyRecipients(2, [(0, 1, EMSMDBFixture.legacyDN("bob"), "Bob")])
            + hex("32 00 02 00")                                                     // FAI
            + Self.create(out: 2, folder: outbox)
            + hex("0A 00 02") + UInt16(2 + submittedFlags.count).leBytes + hex("0100") + submittedFlags
            + Self.modifyRecipients(2, [(0, 1, EMSMDBFixture.legacyDN("bob"), "Bob")])
            + hex("32 00 02 00"),                                                    // already submitted
            handles: [a.logon, 0xFFFF_FFFF, 0xFFFF_FFFF])
        let submits = try output.responses().compactMap { if case let .submitMessage(r) = $0 { r } else { nil } }
        #expect(submits.map(\.returnValue) == [.noRecipients, .notSupported, .submitted])
        #expect(hexString(output.ropsList).contains("32 01 07 06 04 80"))
        #expect(hexString(output.ropsList).hasSuffix("32 02 08 06 04 80"))
        #expect(try a.fixture.store.folderProperties(a.fixture.mailbox("bob").id, try a.fixture.folderID("bob", .inbox), [Tags.contentCount])
                == [.value(.integer32(0))])
    }

    /// A recipient without a Herald mailbox cannot be reached (no remote transport): the local
    /// recipient still gets the message, and the sender gets one non-delivery report
    /// (REPORT.IPM.Note.NDR, unread, NewMail) naming the unreachable recipient — nothing is lost
    /// silently. With only unreachable recipients the submit still succeeds and the report is sent.
    @Test func unreachableRecipientsGetANonDeliveryReport() throws {
        let fixture = try EMSMDBFixture()
        let a = try alice(fixture)
        let watcher = fixture.connect("alice")
        _ = try fixture.subscribeWholeStore(watcher, logonHandle: try fixture.logon(watcher), types: [.newMail])
        let outbox = try fixture.folderID("alice", .outbox)
        let carol = "/o=Elsewhere/ou=Exchange Administrative Group/cn=Recipients/cn=carol"
        let output = try fixture.run(a.session,
            Self.create(folder: outbox) + Self.setString(1, Tags.subject, "Plans")
            + Self.modifyRecipients(1, [(0, 1, EMSMDBFixture.legacyDN("bob"), "Bob"), (1, 2, carol, "Carol")]) + hex("32 00 01 00"),
            handles: [a.logon, 0xFFFF_FFFF])
        #expect(Array(output.ropsList.suffix(6)) == hex("32 01 00000000"))
        let bobInbox = try fixture.folderID("bob", .inbox)
        #expect(try fixture.store.folderProperties(fixture.mailbox("bob").id, bobInbox, [Tags.contentCount]) == [.value(.integer32(1))])
        // alice's Inbox: the report, unread.
        let aliceInbox = try fixture.folderID("alice", .inbox)
        #expect(try fixture.store.folderProperties(fixture.mailbox("alice").id, aliceInbox, [Tags.contentCount, Tags.contentUnreadCount])
                == [.value(.integer32(1)), .value(.integer32(1))])
        let newMail = try fixture.poll(watcher).responses().compactMap { if case let .notify(n) = $0 { n.notificationData } else { nil } }
        #expect(newMail.count == 1)
        #expect(newMail.first?.messageClass == "REPORT.IPM.Note.NDR")
        let reportID = try #require(newMail.first?.messageID)
        let opened = try fixture.run(a.session, Self.open(folder: aliceInbox, message: reportID), handles: [a.logon, 0xFFFF_FFFF])
        #expect(opened.ropsList.prefix(6) == hex("03 01 00 00 00 00")[...])
        let report = opened.handles[1]
        var get: [UInt8] = []
        RopGetPropertiesSpecificRequest(logonID: 0, inputHandleIndex: 0, propertySizeLimit: 0, wantUnicode: 1,
                                        propertyTags: [Tags.subject, Tags.body]).encode(into: &get)
        let properties = try fixture.run(a.session, get, handles: [report])
        var reader = ByteReader(properties.ropsList)
        let response = try RopGetPropertiesSpecificResponse.decode(from: &reader, columns: [Tags.subject, Tags.body])
        guard case let .success(row) = response.outcome else {
            Issue.record("unexpected \(hexString(properties.ropsList))"); return
        }
        #expect(row.cells.first == .value(.string("Undeliverable: Plans")))
        if case let .value(.string(body)) = row.cells.last {
            #expect(body.contains("Carol <\(carol)>"))
            #expect(!body.contains("Bob"))
        } else {
            Issue.record("no body")
        }

        // Only an unreachable recipient: submitted, nothing delivered, a second report.
        let lonely = try fixture.run(a.session,
            Self.create(folder: outbox) + Self.modifyRecipients(1, [(0, 1, carol, "Carol")]) + hex("32 00 01 00"),
            handles: [a.logon, 0xFFFF_FFFF])
        #expect(Array(lonely.ropsList.suffix(6)) == hex("32 01 00000000"))
        #expect(try fixture.store.folderProperties(fixture.mailbox("alice").id, aliceInbox, [Tags.contentCount]) == [.value(.integer32(2))])
        #expect(try fixture.store.folderProperties(fixture.mailbox("bob").id, bobInbox, [Tags.contentCount]) == [.value(.integer32(1))])
    }

    // MARK: Hostile input

    @Test func truncatedAndOversizedRecipientRequestsFailTheCallAndChangeNothing() throws {
        let a = try alice()
        let created = try a.fixture.run(a.session, Self.create(folder: a.inbox), handles: [a.logon, 0xFFFF_FFFF])
        let message = created.handles[1]
        let good = Self.modifyRecipients(1, [(0, 1, "/o=x/cn=y", "Y")])
        for ropsList in [Array(good.dropLast(3)),                                 // truncated row
                         hex("0E 00 01 0000 FF7F"),                               // RowCount 0x7FFF, no rows
                         hex("0E 00 01 FFFF") + Array(repeating: 0, count: 16)] { // ColumnCount 0xFFFF
            var input: [UInt8] = []
            RopBuffer(ropsList: ropsList, handleTable: [a.logon, message]).encode(into: &input)
            #expect(throws: EMSMDBCallError.self) { try a.fixture.server.executeRops(session: a.session, ropBuffer: input, maxRopOut: 0x8000) }
        }
        let read = try a.fixture.run(a.session, hex("0F 00 01 00000000 0000"), handles: [a.logon, message])
        #expect(hexString(read.ropsList) == "0F 01 0F 01 04 80")
    }
}

extension UInt16 {
    var leBytes: [UInt8] { [UInt8(self & 0xFF), UInt8(self >> 8)] }
}
