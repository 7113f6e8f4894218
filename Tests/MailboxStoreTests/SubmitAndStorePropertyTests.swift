import Foundation
import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

/// RopSubmitMessage's store side (MS-OXOMSG; MS-OXCMSG 2.2.1.6, 3.2.5.2) and Logon-object
/// properties (MS-OXCSTOR 2.2.2).
@Suite struct SubmitResolutionTests {
    struct World {
        let store: MailboxStore
        let sink: CollectingSink
        let alice: MailboxID
        let bob: MailboxID
        let carol: MailboxID
    }

    func world() throws -> World {
        let (store, sink) = try makeStore()
        let alice = try store.createMailbox(userName: "alice@example.com", legacyExchangeDN: "/o=Herald/cn=Recipients/cn=alice").id
        let bob = try store.createMailbox(userName: "bob@example.com", legacyExchangeDN: "/o=Herald/cn=Recipients/cn=bob").id
        let carol = try store.createMailbox(userName: "carol@example.com", legacyExchangeDN: "/o=Herald/cn=Recipients/cn=carol").id
        return World(store: store, sink: sink, alice: alice, bob: bob, carol: carol)
    }

    /// Submits a message from Alice's Outbox with the given recipients; returns the result.
    func submit(_ world: World, _ recipients: [PendingMessage.RecipientChange], extra: [TaggedPropertyValue] = [], save: Bool = true) throws -> (SubmitResult, PendingMessage) {
        let outbox = try world.store.specialFolderID(world.alice, .outbox)
        var message = try world.store.createMessage(world.alice, folder: outbox)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("Status"))] + extra)
        try message.modifyRecipients(recipients)
        if save { try world.store.saveMessage(&message) }
        _ = world.sink.take()
        let result = try world.store.submitMessage(&message)
        return (result, message)
    }

    func inboxCount(_ world: World, _ mailbox: MailboxID) throws -> [PropertyCell] {
        try world.store.folderProperties(mailbox, try world.store.specialFolderID(mailbox, .inbox), [Tags.contentCount, Tags.contentUnreadCount])
    }

    @Test func recipientsResolveByEssdnEntryIdAndDisplayName() throws {
        let world = try world()
        let bobEntryID = MailboxState.addressBookEntryID(x500DN: "/O=HERALD/cn=Recipients/cn=bob")
        let (result, _) = try submit(world, [
            // EX address: the ESSDN, compared case-insensitively.
            .init(rowID: 0, recipientType: 1, properties: [Tags.addressType: .string("EX"), Tags.emailAddress: .string("/o=herald/cn=recipients/cn=CAROL")]),
            // Only an Address Book EntryID (MS-OXCDATA 2.2.5.2).
            .init(rowID: 1, recipientType: 2, properties: [Tags.displayName: .string("Bob"), Tags.recipientEntryID: .binary(bobEntryID)]),
            // A bare display name equal to a user's local part, and the sender herself.
            .init(rowID: 2, recipientType: 3, properties: [Tags.displayName: .string("alice")]),
        ])
        #expect(Set(result.deliveries.map(\.mailbox)) == [world.alice, world.bob, world.carol])
        for mailbox in [world.alice, world.bob, world.carol] {
            #expect(try inboxCount(world, mailbox) == [.value(.integer32(1)), .value(.integer32(1))])
        }
    }

    @Test func oneOffEntryIdsAndSmtpAddressesResolveButRemoteOnesAreReported() throws {
        let world = try world()
        // One-Off EntryID (MS-OXCDATA 2.2.5.1), Unicode strings (flag 0x8000): "Bob", "SMTP", address.
        var oneOff: [UInt8] = [0, 0, 0, 0, 0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02, 0x00, 0x00, 0x00, 0x80]
        for text in ["Bob", "SMTP", "BOB@example.com"] { oneOff += text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0] }
        #expect(MailboxStore.parseRecipientEntryID(oneOff) == .oneOff(addressType: "SMTP", address: "BOB@example.com"))
        let (result, _) = try submit(world, [
            .init(rowID: 0, recipientType: 1, properties: [Tags.displayName: .string("Bob"), Tags.recipientEntryID: .binary(oneOff)]),
            .init(rowID: 1, recipientType: 1, properties: [Tags.smtpAddress: .string("carol@EXAMPLE.com")]),
            // An outside address whose display name happens to be a local user: not delivered locally.
            .init(rowID: 2, recipientType: 1, properties: [Tags.displayName: .string("alice"), Tags.smtpAddress: .string("alice@elsewhere.example")]),
        ])
        #expect(Set(result.deliveries.map(\.mailbox)) == [world.bob, world.carol])
        // The outside recipient is not dropped silently: the sender (alice) gets one unread
        // non-delivery report instead of a copy.
        #expect(result.nonDeliveryReport?.mailbox == world.alice)
        #expect(try inboxCount(world, world.alice) == [.value(.integer32(1)), .value(.integer32(1))])
    }

    @Test func hostileEntryIdsResolveToNobody() throws {
        for bytes: [UInt8] in [[], [0, 0, 0, 0], Array(repeating: 0xFF, count: 40),
                               [0, 0, 0, 0, 0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82, 1, 0, 0, 0],
                               [0, 0, 0, 0, 0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02, 0, 0, 0, 0x80, 0x41]] {
            #expect(MailboxStore.parseRecipientEntryID(bytes) == nil)
        }
    }

    @Test func recipientNamedTwiceGetsOneCopyWithToAndCcMe() throws {
        let world = try world()
        let (result, _) = try submit(world, [
            .init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("bob@example.com")]),
            .init(rowID: 1, recipientType: 2, properties: [Tags.addressType: .string("EX"), Tags.emailAddress: .string("/o=Herald/cn=Recipients/cn=bob")]),
        ])
        #expect(result.deliveries.count == 1)
        let delivery = try #require(result.deliveries.first)
        let copy = try world.store.openMessage(world.bob, folder: delivery.folderID, message: delivery.messageID)
        let cells = try world.store.properties(of: copy, [Tags.messageToMe, Tags.messageCcMe, Tags.messageRecipientMe, Tags.receivedByEmailAddress,
                                                         Tags.senderEmailAddress, Tags.sentRepresentingName, Tags.messageFlags])
        #expect(cells == [.value(.boolean(true)), .value(.boolean(true)), .value(.boolean(true)),
                          .value(.string("/o=Herald/cn=Recipients/cn=bob")), .value(.string("/o=Herald/cn=Recipients/cn=alice")),
                          .value(.string("alice@example.com")), .value(.integer32(0))])
    }

    @Test func deliveryEventsCarryUnreadFlagsAndRealTags() throws {
        let world = try world()
        let (result, _) = try submit(world, [.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("bob@example.com")])])
        let delivery = try #require(result.deliveries.first)
        let bobEvents = world.sink.events.filter { $0.mailbox == world.bob }.map(\.kind)
        // ObjectCreated precedes NewMail; the Inbox counts follow (T/U); NewMail's flags are unread.
        let created = try #require(bobEvents.firstIndex { if case .objectCreated = $0 { true } else { false } })
        let newMail = try #require(bobEvents.firstIndex { if case .newMail = $0 { true } else { false } })
        #expect(created < newMail)
        #expect(bobEvents[newMail] == .newMail(folderID: delivery.folderID, messageID: delivery.messageID, messageFlags: 0, messageClass: "IPM.Note"))
        if case let .objectCreated(_, _, tags) = bobEvents[created] {
            #expect(tags.contains(Tags.messageDeliveryTime) && tags.contains(Tags.subject))
        }
        #expect(bobEvents.contains(.objectModified(.folder(delivery.folderID), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: 1, unreadMessageCount: 1)))
    }

    @Test func sentMailEntryIdMovesTheSenderCopyAndDeleteAfterSubmitWins() throws {
        let world = try world()
        let sent = try world.store.specialFolderID(world.alice, .sentItems)
        let sentEntryID = try world.store.folderProperties(world.alice, sent, [Tags.entryID])
        guard case let .value(.binary(entryID)) = sentEntryID[0] else { Issue.record("no EntryID"); return }
        let (moved, message) = try submit(world, [.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("bob@example.com")])],
                                          extra: [TaggedPropertyValue(tag: Tags.sentMailEntryID, value: .binary(entryID))])
        #expect(moved.senderCopy == .moved(folderID: sent, messageID: message.id))

        let (deleted, _) = try submit(world, [.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("bob@example.com")])],
                                      extra: [TaggedPropertyValue(tag: Tags.sentMailSvrEID, value: .serverID(MailboxStore.serverID(folder: sent))),
                                              TaggedPropertyValue(tag: Tags.deleteAfterSubmit, value: .boolean(true))])
        #expect(deleted.senderCopy == .deleted)
        #expect(try world.store.folderProperties(world.alice, sent, [Tags.contentCount]) == [.value(.integer32(1))])
        // A foreign or malformed EntryID names no folder: the copy stays in the Outbox.
        let (kept, keptMessage) = try submit(world, [.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("bob@example.com")])],
                                             extra: [TaggedPropertyValue(tag: Tags.sentMailEntryID, value: .binary(Array(entryID.reversed())))])
        #expect(kept.senderCopy == .kept(keptMessage.id))
    }

    @Test func unsavedMessageIsSavedBySubmitAndEmptyRecipientListsFail() throws {
        let world = try world()
        let (result, message) = try submit(world, [.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("carol@example.com")])], save: false)
        #expect(result.deliveries.map(\.mailbox) == [world.carol])
        #expect(!message.isNew)

        let outbox = try world.store.specialFolderID(world.alice, .outbox)
        var empty = try world.store.createMessage(world.alice, folder: outbox)
        try world.store.saveMessage(&empty)
        _ = world.sink.take()
        #expect(throws: StoreError.noRecipients) { try world.store.submitMessage(&empty) }
        #expect(StoreError.noRecipients.errorCode == .noRecipients)  // 0x80040607
        #expect(world.sink.take().isEmpty)
        // mfSubmitted set by the client before the first save: Submitted 0x80040608, nothing delivered.
        var flagged = try world.store.createMessage(world.alice, folder: outbox)
        flagged.setProperties([TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(0x0C))])
        try flagged.modifyRecipients([.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("carol@example.com")])])
        try world.store.saveMessage(&flagged)
        _ = world.sink.take()
        #expect(throws: StoreError.alreadySubmitted) { try world.store.submitMessage(&flagged) }
        #expect(StoreError.alreadySubmitted.errorCode == .submitted)  // 0x80040608
        #expect(world.sink.take().isEmpty)
        #expect(try inboxCount(world, world.carol) == [.value(.integer32(1)), .value(.integer32(1))])
        var readOnly = try world.store.openMessage(world.alice, folder: outbox, message: empty.id, readOnly: true)
        #expect(throws: StoreError.invalidState("opened read-only")) { try world.store.submitMessage(&readOnly) }
    }
}

@Suite struct MessageFlagRuleTests {
    @Test func firstSaveAddsEverReadUnlessTheClientSetTheReadState() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let drafts = try store.specialFolderID(mailbox, .drafts)

        var plain = try store.createMessage(mailbox, folder: drafts)
        #expect(try store.properties(of: plain, [Tags.messageFlags, Tags.trustSender, Tags.importance, Tags.messageClass])
                == [.value(.integer32(0x09)), .value(.integer32(1)), .value(.integer32(1)), .value(.string("IPM.Note"))])
        try store.saveMessage(&plain)
        #expect(try store.properties(of: plain, [Tags.messageFlags]) == [.value(.integer32(0x409))])

        var explicit = try store.createMessage(mailbox, folder: drafts)
        explicit.setProperties([TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(0x09))])
        try store.saveMessage(&explicit)
        #expect(try store.properties(of: explicit, [Tags.messageFlags]) == [.value(.integer32(0x09))])

        var unread = try store.createMessage(mailbox, folder: drafts)
        unread.applyReadFlags(0x04)
        try store.saveMessage(&unread)
        #expect(try store.properties(of: unread, [Tags.messageFlags]) == [.value(.integer32(0x08))])
        #expect(try store.folderProperties(mailbox, drafts, [Tags.contentUnreadCount]) == [.value(.integer32(1))])
    }

    @Test func objectModifiedTagsAreTheChangedOnes() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        var message = try store.createMessage(mailbox, folder: inbox)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("one")), TaggedPropertyValue(tag: Tags.body, value: .string("b"))])
        try store.saveMessage(&message)
        _ = sink.take()
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("two")), TaggedPropertyValue(tag: Tags.importance, value: .integer32(1))])
        message.deleteProperties([Tags.body])
        try store.saveMessage(&message)
        let modified = sink.take().first { if case .objectModified(let ref, _, _, _) = $0.kind { ref.isMessage } else { false } }
        // Subject changed, body removed, LocalCommitTime restamped; Importance was set to its old value.
        #expect(modified?.kind == .objectModified(.message(message.id, in: inbox), tags: [Tags.subject, Tags.body, Tags.localCommitTime],
                                                  totalMessageCount: nil, unreadMessageCount: nil))
    }
}

@Suite struct StorePropertyTests {
    @Test func computedLogonPropertiesAreReadOnly() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "alice@example.com", legacyExchangeDN: "/o=Herald/cn=alice").id
        let record = try #require(store.mailbox(mailbox))
        let cells = try store.storeProperties(mailbox, [Tags.mailboxOwnerName, Tags.storeRecordKey, Tags.validFolderMask, Tags.ipmSentMailEntryID, Tags.subject])
        #expect(cells[0] == .value(.string("alice@example.com")))
        #expect(cells[1] == .value(.binary(record.mailboxGuid.array)))
        #expect(cells[2] == .value(.integer32(0xFF)))
        let sent = try store.specialFolderID(mailbox, .sentItems)
        #expect(cells[3] == (try store.folderProperties(mailbox, sent, [Tags.entryID]))[0])
        #expect(cells[4] == .error(.notFound))
        let entryID = try store.storeProperties(mailbox, [Tags.mailboxOwnerEntryID])
        #expect(entryID == [.value(.binary(MailboxState.addressBookEntryID(x500DN: "/o=Herald/cn=alice")))])

        _ = sink.take()
        let problems = try store.setStoreProperties(mailbox, [
            TaggedPropertyValue(tag: Tags.mailboxOwnerName, value: .string("mallory")),
            TaggedPropertyValue(tag: Tags.outOfOfficeState, value: .boolean(true)),
        ])
        #expect(problems == [PropertyProblem(index: 0, tag: Tags.mailboxOwnerName, error: .accessDenied)])
        #expect(try store.storeProperties(mailbox, [Tags.mailboxOwnerName, Tags.outOfOfficeState])
                == [.value(.string("alice@example.com")), .value(.boolean(true))])
        #expect(try store.deleteStoreProperties(mailbox, [Tags.storeRecordKey, Tags.outOfOfficeState])
                == [PropertyProblem(index: 0, tag: Tags.storeRecordKey, error: .accessDenied)])
        #expect(try store.storeProperties(mailbox, [Tags.outOfOfficeState]) == [.error(.notFound)])
        #expect(sink.take().isEmpty)
        #expect(throws: StoreError.notFound) { try store.storeProperties(MailboxID(99), [Tags.subject]) }
    }

    @Test func storedLogonPropertiesSurviveReopenAndRollBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-storeprops-\(UInt64.random(in: 0...UInt64.max)).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let custom = PropertyTag(0x6700_001F)
        do {
            let store = try MailboxStore(backend: try SQLiteBackend(path: path))
            let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
            try store.setStoreProperties(mailbox, [TaggedPropertyValue(tag: custom, value: .string("kept"))])
        }
        let reopened = try MailboxStore(backend: try SQLiteBackend(path: path))
        let mailbox = try #require(reopened.mailbox(userName: "a@x")).id
        #expect(try reopened.storeProperties(mailbox, [custom]) == [.value(.string("kept"))])
        let all = try reopened.storePropertiesAll(mailbox)
        #expect(all.contains(TaggedPropertyValue(tag: custom, value: .string("kept"))))
        #expect(Set(all.map(\.tag.id)).count == all.count)

        // A refused commit leaves the in-memory bag unchanged.
        let flaky = FlakyBackend(try SQLiteBackend())
        let store = try MailboxStore(backend: flaky)
        let id = try store.createMailbox(userName: "b@x", legacyExchangeDN: "/cn=b").id
        flaky.failNextCommit()
        #expect(throws: StoreError.self) { try store.setStoreProperties(id, [TaggedPropertyValue(tag: custom, value: .string("lost"))]) }
        #expect(try store.storeProperties(id, [custom]) == [.error(.notFound)])
    }
}
