import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Raw-bytes scenarios for the property ROPs (MS-OXCPRPT 3.2.5) on Logon, Folder and Message objects.
@Suite struct PropertyROPTests {
    /// RopGetPropertiesSpecific: LogonId 0, in, PropertySizeLimit 0, WantUnicode, tags.
    static func getSpecific(_ index: UInt8, unicode: Bool = true, _ tags: [PropertyTag]) -> [UInt8] {
        var bytes = hex("07 00") + [index] + hex("0000") + (unicode ? hex("0100") : hex("0000"))
        bytes += UInt16(tags.count).leBytes
        for tag in tags { tag.encode(into: &bytes) }
        return bytes
    }

    /// RopSetProperties (0x0A) or RopSetPropertiesNoReplicate (0x79).
    static func set(_ index: UInt8, _ values: [TaggedPropertyValue], ropID: UInt8 = 0x0A) -> [UInt8] {
        var body = UInt16(values.count).leBytes
        for value in values { value.encode(into: &body) }
        return [ropID, 0x00, index] + UInt16(body.count).leBytes + body
    }

    /// RopDeleteProperties (0x0B) or RopDeletePropertiesNoReplicate (0x7A).
    static func delete(_ index: UInt8, _ tags: [PropertyTag], ropID: UInt8 = 0x0B) -> [UInt8] {
        var bytes = [ropID, 0x00, index] + UInt16(tags.count).leBytes
        for tag in tags { tag.encode(into: &bytes) }
        return bytes
    }

    static func utf16(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        PropertyValue.string(text).encode(into: &bytes)
        return bytes
    }

    struct Session {
        let fixture: EMSMDBFixture
        let session: EMSMDBSession
        let logon: UInt32
        let inbox: FolderID
        /// Handles: [Logon, Inbox folder].
        let inboxHandle: UInt32
    }

    func open() throws -> Session {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        let inbox = try fixture.folderID("alice", .inbox)
        let opened = try fixture.run(session, hex("02 00 00 01") + inbox.wire + hex("00"), handles: [logon, 0xFFFF_FFFF])
        return Session(fixture: fixture, session: session, logon: logon, inbox: inbox, inboxHandle: opened.handles[1])
    }

    // MARK: Logon object (MS-OXCSTOR 2.2.2)

    @Test func logonPropertiesReadSetAndDelete() throws {
        let s = try open()
        let output = try s.fixture.run(s.session, Self.getSpecific(0, [Tags.mailboxOwnerName, Tags.subject]), handles: [s.logon])
        // FlaggedPropertyRow: the owner name, then NotFound for PidTagSubject.
        #expect(hexString(output.ropsList) == hexString(hex("07 00 00000000 01 00") + Self.utf16("alice") + hex("0A 0F010480")))

        let write = try s.fixture.run(s.session,
            Self.set(0, [TaggedPropertyValue(tag: Tags.outOfOfficeState, value: .boolean(true)),
                         TaggedPropertyValue(tag: Tags.mailboxOwnerName, value: .string("mallory"))])
            + Self.getSpecific(0, [Tags.outOfOfficeState, Tags.mailboxOwnerName])
            + Self.delete(0, [Tags.outOfOfficeState, Tags.storeRecordKey], ropID: 0x7A)
            + Self.getSpecific(0, [Tags.outOfOfficeState]),
            handles: [s.logon])
        // One PropertyProblem (Index 1, the owner name, AccessDenied); OOF stored; the delete reports
        // the computed record key; OOF is gone.
        #expect(hexString(write.ropsList) == hexString(
            hex("0A 00 00000000 0100 0100") + Tags.mailboxOwnerName.rawValue.le + hex("05000780")
            + hex("07 00 00000000 00 01") + Self.utf16("alice")
            + hex("7A 00 00000000 0100 0100") + Tags.storeRecordKey.rawValue.le + hex("05000780")
            + hex("07 00 00000000 01 0A 0F010480")))
    }

    // MARK: Folder object

    @Test func folderPropertiesInUnicodeAndEightBit() throws {
        let s = try open()
        let untypedName = PropertyTag(id: Tags.displayName.id, type: .unspecified)
        let output = try s.fixture.run(s.session,
            Self.getSpecific(1, [Tags.displayName, Tags.contentCount])
            + Self.getSpecific(1, unicode: false, [untypedName])
            + Self.getSpecific(1, unicode: true, [untypedName]),
            handles: [s.logon, s.inboxHandle])
        #expect(hexString(output.ropsList) == hexString(
            hex("07 01 00000000 00") + Self.utf16("Inbox") + hex("00000000")
            + hex("07 01 00000000 00 1E00") + Array("Inbox".utf8) + [0]     // PtypUnspecified column: TypedPropertyValue, 8-bit
            + hex("07 01 00000000 00 1F00") + Self.utf16("Inbox")))
    }

    @Test func folderWritesAreImmediateAndNotified() throws {
        let s = try open()
        let watcher = s.fixture.connect("alice")
        let watcherLogon = try s.fixture.logon(watcher)
        let subscription = try s.fixture.subscribeWholeStore(watcher, logonHandle: watcherLogon, types: [.objectModified])
        let output = try s.fixture.run(s.session,
            Self.set(1, [TaggedPropertyValue(tag: Tags.comment, value: .string("mail")),
                         TaggedPropertyValue(tag: Tags.contentCount, value: .integer32(9))], ropID: 0x79)
            + Self.delete(1, [Tags.comment]),
            handles: [s.logon, s.inboxHandle])
        #expect(hexString(output.ropsList) == hexString(
            hex("79 01 00000000 0100 0100") + Tags.contentCount.rawValue.le + hex("05000780") + hex("0B 01 00000000 0000")))
        // The store has the change at once: the other session hears ObjectModified on the Inbox.
        let events = try s.fixture.poll(watcher).responses().compactMap { if case let .notify(n) = $0 { n } else { nil } }
        #expect(events.contains { $0.notificationHandle == subscription && $0.notificationData.folderID == s.inbox && $0.notificationData.flags.rawValue == 0x0010 })
        #expect(try s.fixture.store.folderProperties(s.fixture.mailbox("alice").id, s.inbox, [Tags.comment]) == [.error(.notFound)])
    }

    // MARK: Message object

    @Test func messagePropertiesArePendingUntilSave() throws {
        let s = try open()
        let created = try s.fixture.run(s.session, MessageROPTests.create(in: 1, out: 2, folder: s.inbox), handles: [s.logon, s.inboxHandle, 0xFFFF_FFFF])
        let message = created.handles[2]
        let output = try s.fixture.run(s.session,
            Self.set(2, [TaggedPropertyValue(tag: Tags.subject, value: .string("Draft")),
                         TaggedPropertyValue(tag: Tags.mid, value: .integer64(5))])
            + Self.getSpecific(2, [Tags.subject, Tags.messageFlags, Tags.importance])
            + Self.delete(2, [Tags.importance])
            + Self.getSpecific(2, [Tags.importance]),
            handles: [s.logon, s.inboxHandle, message])
        #expect(hexString(output.ropsList) == hexString(
            hex("0A 02 00000000 0100 0100") + Tags.mid.rawValue.le + hex("05000780")
            + hex("07 02 00000000 00") + Self.utf16("Draft") + hex("09000000 01000000")
            + hex("0B 02 00000000 0000")
            + hex("07 02 00000000 01 0A 0F010480")))
        // Nothing reached the folder yet.
        #expect(try s.fixture.store.folderProperties(s.fixture.mailbox("alice").id, s.inbox, [Tags.contentCount]) == [.value(.integer32(0))])

        // GetPropertiesAll in 8-bit: PidTagSubject comes back as PtypString8; GetPropertiesList names it.
        let all = try s.fixture.run(s.session, hex("08 00 02 0000 0000") + hex("09 00 02"), handles: [s.logon, s.inboxHandle, message])
        let responses = try all.responses()
        guard case let .getPropertiesAll(everything) = responses[0], case let .success(values) = everything.outcome,
              case let .getPropertiesList(list) = responses[1], case let .success(tags) = list.outcome else {
            Issue.record("unexpected \(hexString(all.ropsList))"); return
        }
        #expect(values.propertyValues.contains(TaggedPropertyValue(tag: Tags.subject.with(type: .string8), value: .string8(Array("Draft".utf8)))))
        #expect(tags.propertyTags.contains(Tags.subject) && tags.propertyTags.contains(Tags.messageFlags))
        #expect(!tags.propertyTags.contains(Tags.importance))
    }

    @Test func largeValuesBecomeNotEnoughMemoryWhenTheyDoNotFit() throws {
        let s = try open()
        let created = try s.fixture.run(s.session, MessageROPTests.create(in: 1, out: 2, folder: s.inbox), handles: [s.logon, s.inboxHandle, 0xFFFF_FFFF])
        let message = created.handles[2]
        let body = String(repeating: "x", count: 6000)
        _ = try s.fixture.run(s.session, Self.set(2, [TaggedPropertyValue(tag: Tags.body, value: .string(body)),
                                                      TaggedPropertyValue(tag: Tags.subject, value: .string("S"))]),
                              handles: [s.logon, s.inboxHandle, message])
        // 12 KB of body in a 4 KB output buffer: the body cell is NotEnoughMemory, the subject stays.
        let output = try s.fixture.run(s.session, Self.getSpecific(2, [Tags.subject, Tags.body]), handles: [s.logon, s.inboxHandle, message], maxRopOut: 4096)
        #expect(hexString(output.ropsList) == hexString(hex("07 02 00000000 01 00") + Self.utf16("S") + hex("0A 0E000780")))
        // RopGetPropertiesAll turns the body into PtypErrorCode NotEnoughMemory.
        let all = try s.fixture.run(s.session, hex("08 00 02 0000 0100"), handles: [s.logon, s.inboxHandle, message], maxRopOut: 4096)
        guard case let .getPropertiesAll(response)? = try all.responses().first, case let .success(values) = response.outcome else {
            Issue.record("unexpected \(hexString(all.ropsList))"); return
        }
        #expect(values.propertyValues.contains(TaggedPropertyValue(tag: Tags.body.with(type: .errorCode), value: .errorCode(.notEnoughMemory))))
        // With room, the whole body comes back.
        let roomy = try s.fixture.run(s.session, Self.getSpecific(2, [Tags.body]), handles: [s.logon, s.inboxHandle, message])
        #expect(roomy.ropsList.count == 6 + 1 + 2 * 6001)
    }

    @Test func aRowThatDoesNotFitGoesToTheNextBuffer() throws {
        let s = try open()
        // RopGetStoreState fits; RopGetPropertiesSpecific asking for 40 owner names does not fit the
        // 184 bytes left, even with every cell turned into a 5-byte NotEnoughMemory error (207
        // bytes): RopBufferTooSmall carries it to the next buffer (MS-OXCROPS 3.2.4.3).
        let tags = Array(repeating: Tags.mailboxOwnerName, count: 40)
        let request = Self.getSpecific(0, tags)
        let output = try s.fixture.run(s.session, hex("7B 00 00") + request, handles: [s.logon], maxRopOut: 200)
        #expect(hexString(output.ropsList) == hexString(hex("7B 00 00000000 00000000") + hex("FF 0080") + request))
    }

    // MARK: Hostile input

    @Test func wrongObjectsAndBadIndexesArePerSpec() throws {
        let s = try open()
        let subscription = try s.fixture.subscribeWholeStore(s.session, logonHandle: s.logon, types: [.newMail])
        let output = try s.fixture.run(s.session,
            Self.getSpecific(1, [Tags.subject])                       // a subscription has no properties: ecNotSupported
            + Self.set(1, [TaggedPropertyValue(tag: Tags.subject, value: .string("x"))])
            + Self.getSpecific(9, [Tags.subject])                     // beyond the table: ecNullObject
            + hex("09 00 02"),                                        // 0xFFFFFFFF slot: ecNullObject
            handles: [s.logon, subscription, 0xFFFF_FFFF])
        #expect(hexString(output.ropsList) == hexString(
            hex("07 01 02010480") + hex("0A 01 02010480") + hex("07 09 B9040000") + hex("09 02 B9040000")))
        // A truncated value and a PropertyTagCount beyond the bytes fail the call (ecRpcFormat) and
        // touch nothing.
        var truncated: [UInt8] = []
        RopBuffer(ropsList: hex("0A 00 01 0800 0100 1F003700 41"), handleTable: [s.logon, s.inboxHandle]).encode(into: &truncated)
        #expect(throws: EMSMDBCallError.self) { try s.fixture.server.executeRops(session: s.session, ropBuffer: truncated, maxRopOut: 0x8000) }
        var oversized: [UInt8] = []
        RopBuffer(ropsList: hex("07 00 01 0000 0100 FFFF 1F003700"), handleTable: [s.logon, s.inboxHandle]).encode(into: &oversized)
        #expect(throws: EMSMDBCallError.self) { try s.fixture.server.executeRops(session: s.session, ropBuffer: oversized, maxRopOut: 0x8000) }
    }

    @Test func customFolderPropertiesRoundTrip() throws {
        let s = try open()
        let output = try s.fixture.run(s.session,
            Self.set(1, [TaggedPropertyValue(tag: PropertyTag(0x6700_0003), value: .integer32(1))]) + Self.getSpecific(1, [PropertyTag(0x6700_0003)]),
            handles: [s.logon, s.inboxHandle])
        #expect(hexString(output.ropsList) == hexString(hex("0A 01 00000000 0000") + hex("07 01 00000000 00 01000000")))
    }
}
