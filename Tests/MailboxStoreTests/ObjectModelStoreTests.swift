import Foundation
import MAPIWire
@testable import MailboxStore
import NotificationEngine

import Testing

@Suite("Object model in the store: attachments, named properties, large values, receive folders")
struct ObjectModelStoreTests {
    static let keywords = PropertyName(guid: PropertyName.psPublicStrings, name: "Keywords")
    static let common = GUID("00062008-0000-0000-C000-000000000046")!

    func temporaryPath() throws -> (String, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-objmodel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory.appendingPathComponent("store.sqlite").path, directory)
    }

    // MARK: Named properties

    @Test func namedPropertiesAreHandedOutFrom0x8000AndSurviveReopen() throws {
        let (path, directory) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lid = PropertyName(guid: Self.common, lid: 0x8501)
        var mailboxID = MailboxID(0)
        do {
            let store = try MailboxStore(backend: try SQLiteBackend(path: path))
            mailboxID = try store.createMailbox(userName: "alice@x", legacyExchangeDN: "/cn=alice").id
            // Unknown without Create: 0x0000 (MS-OXCPRPT 2.2.12.2).
            #expect(try store.propertyIDs(mailboxID, names: [Self.keywords], create: false) == [0])
            #expect(try store.propertyIDs(mailboxID, names: [Self.keywords, lid], create: true) == [0x8000, 0x8001])
            // Stable, and a repeated name in one request maps once.
            #expect(try store.propertyIDs(mailboxID, names: [lid, Self.keywords, lid], create: true) == [0x8001, 0x8000, 0x8001])
        }
        let store = try MailboxStore(backend: try SQLiteBackend(path: path))
        #expect(try store.propertyIDs(mailboxID, names: [lid, Self.keywords], create: false) == [0x8001, 0x8000])
        #expect(try store.propertyNames(mailboxID, ids: [0x8000, 0x8001, 0x8002, 0x0037]) == [
            Self.keywords, lid, .noName, PropertyName(guid: PropertyName.psMAPI, lid: 0x37),
        ])
        // A new name after the restart continues the sequence.
        let other = PropertyName(guid: Self.common, name: "x-new")
        #expect(try store.propertyIDs(mailboxID, names: [other], create: true) == [0x8002])
        // No names: every registered ID (MS-OXCPRPT 2.2.12.2).
        #expect(try store.propertyIDs(mailboxID, names: [], create: false) == [0x8000, 0x8001, 0x8002])
    }

    @Test func psMAPINamesAndQueryFilters() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        // PS_MAPI: Kind 0 with a tagged LID maps to itself; any other PS_MAPI name and Kind 0xFF cannot be mapped.
        let ids = try store.propertyIDs(mailbox, names: [
            PropertyName(guid: PropertyName.psMAPI, lid: 0x0037), PropertyName(guid: PropertyName.psMAPI, name: "x"),
            PropertyName(guid: PropertyName.psMAPI, lid: 0x9000), .noName,
        ], create: true)
        #expect(ids == [0x0037, 0, 0, 0])
        let lid = PropertyName(guid: Self.common, lid: 0x8501)
        _ = try store.propertyIDs(mailbox, names: [Self.keywords, lid], create: true)
        #expect(try store.queryNamedProperties(mailbox, queryFlags: 0, propertySet: nil).map(\.id) == [0x8000, 0x8001])
        #expect(try store.queryNamedProperties(mailbox, queryFlags: 0x01, propertySet: nil).map(\.id) == [0x8001])
        #expect(try store.queryNamedProperties(mailbox, queryFlags: 0x02, propertySet: nil).map(\.id) == [0x8000])
        #expect(try store.queryNamedProperties(mailbox, queryFlags: 0xFC, propertySet: Self.common).map(\.id) == [0x8001])
        // The map is invisible as a folder property.
        let root = try store.specialFolderID(mailbox, .root)
        #expect(try store.folderPropertiesAll(mailbox, root).allSatisfy { $0.tag.id != 0xFFFF })
        #expect(try store.folderProperties(mailbox, root, [PropertyTag(0xFFFF_1102)]) == [.error(.notFound)])
        #expect(try store.setFolderProperties(mailbox, root, [TaggedPropertyValue(tag: PropertyTag(0xFFFF_1102), value: .multipleBinary([]))]).first?.error == .accessDenied)
    }

    // MARK: Attachments

    @Test func attachmentsSaveWithTheMessageAndSurviveReopen() throws {
        let (path, directory) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var mailbox = MailboxID(0)
        var mid = MessageID.zero
        var inbox = FolderID.zero
        do {
            let store = try MailboxStore(backend: try SQLiteBackend(path: path))
            mailbox = try store.createMailbox(userName: "alice@x", legacyExchangeDN: "/cn=alice").id
            inbox = try store.specialFolderID(mailbox, .inbox)
            var message = try store.createMessage(mailbox, folder: inbox)
            var first = try message.createAttachment(now: 1)
            var second = try message.createAttachment(now: 1)
            #expect(first.number == 0 && second.number == 1)
            first.setProperties([TaggedPropertyValue(tag: AttachmentTags.attachLongFilename, value: .string("a.txt"))], maximumSize: 1 << 20)
            try first.setStreamedProperty(AttachmentTags.attachDataBinary, .binary(big), maximumSize: store.configuration.maximumStreamSize)
            try message.saveAttachment(&first, now: 2)
            // Not saved: the second attachment does not exist.
            _ = second.setProperties([], maximumSize: 1)
            #expect(message.attachments.items.map(\.number) == [0])
            mid = try store.saveMessage(&message)
            #expect(try store.properties(of: message, [Tags.hasAttachments, Tags.messageFlags]) == [.value(.boolean(true)), .value(.integer32(0x419))])  // mfRead | mfUnsent | mfHasAttach | mfEverRead (first save, MS-OXCMSG 3.2.5.2)
        }
        let store = try MailboxStore(backend: try SQLiteBackend(path: path))
        let message = try store.openMessage(mailbox, folder: inbox, message: mid)
        let attachment = try message.openAttachment(0, readOnly: true)
        #expect(attachment.properties([AttachmentTags.attachDataBinary, AttachmentTags.attachLongFilename, AttachmentTags.attachNumber, Tags.objectType]) == [
            .value(.binary(big)), .value(.string("a.txt")), .value(.integer32(0)), .value(.integer32(7)),
        ])
        #expect(throws: StoreError.notFound) { try message.openAttachment(1, readOnly: true) }
        // The internal list never shows as a message property.
        #expect(try store.allProperties(of: message).allSatisfy { $0.tag.id != 0xFFFF })
        // Numbers are not reused after a delete; the next is 2 (1 was handed out).
        var editable = try store.openMessage(mailbox, folder: inbox, message: mid)
        try editable.deleteAttachment(0)
        #expect(throws: StoreError.notFound) { try editable.deleteAttachment(0) }
        #expect(try editable.createAttachment(now: 3).number == 2)
    }

    @Test func attachmentChangesRaiseObjectModifiedWithHasAttachments() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        var message = try store.createMessage(mailbox, folder: inbox)
        try store.saveMessage(&message)
        _ = sink.take()
        var attachment = try message.createAttachment(now: 5)
        try message.saveAttachment(&attachment, now: 6)
        try store.saveMessage(&message)
        let modified = sink.take().compactMap { event -> [PropertyTag]? in
            if case let .objectModified(ref, tags, _, _) = event.kind, ref.messageID == message.id { return tags }
            return nil
        }
        #expect(modified.count == 1)
        #expect(modified.first?.contains(Tags.hasAttachments) == true)
        #expect(modified.first?.contains { $0.id == 0xFFFF } == false)
    }

    @Test func submitDeliversAttachmentsAndEmbeddedMessages() throws {
        let (store, _) = try makeStore()
        let alice = try store.createMailbox(userName: "alice@x", legacyExchangeDN: "/cn=alice").id
        let bob = try store.createMailbox(userName: "bob@x", legacyExchangeDN: "/cn=bob").id
        let outbox = try store.specialFolderID(alice, .outbox)
        var message = try store.createMessage(alice, folder: outbox)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("with files"))])
        try message.modifyRecipients([.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("bob@x")])])
        var file = try message.createAttachment(now: 1)
        file.setProperties([TaggedPropertyValue(tag: AttachmentTags.attachDataBinary, value: .binary([1, 2, 3]))], maximumSize: 1 << 20)
        try message.saveAttachment(&file, now: 1)
        var wrapper = try message.createAttachment(now: 1)
        let embeddedID = try store.allocateEmbeddedMessageID(alice)
        wrapper.setEmbeddedMessage(EmbeddedMessageRecord(id: embeddedID.globalCounter, properties: [Tags.subject: .string("inner")]))
        try message.saveAttachment(&wrapper, now: 1)
        let result = try store.submitMessage(&message)
        let delivery = try #require(result.deliveries.first)
        #expect(delivery.mailbox == bob)
        let delivered = try store.attachments(bob, message: delivery.messageID)
        #expect(delivered.items.count == 2)
        #expect(delivered.attachment(0)?.properties[AttachmentTags.attachDataBinary] == .binary([1, 2, 3]))
        #expect(delivered.attachment(1)?.embeddedMessage?.properties[Tags.subject] == .string("inner"))
        #expect(delivered.attachment(1)?.value(AttachmentTags.attachMethod.id) == .integer32(AttachmentTags.methodEmbeddedMessage))
        // Copies carry them too.
        let bobInbox = try store.specialFolderID(bob, .inbox)
        let drafts = try store.createFolder(bob, parent: bobInbox, name: "Copies").id
        let copied = try store.moveCopyMessages(bob, from: bobInbox, messages: [delivery.messageID], to: drafts, copy: true)
        #expect(try store.attachments(bob, message: #require(copied.newIDs.first ?? nil)).items.count == 2)
    }

    @Test func hostileAttachmentUse() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let mid = try store.addMessage(mailbox, inbox, subject: "s")
        var readOnly = try store.openMessage(mailbox, folder: inbox, message: mid, readOnly: true)
        #expect(throws: StoreError.accessDenied) { try readOnly.createAttachment(now: 1) }
        var message = try store.openMessage(mailbox, folder: inbox, message: mid)
        var attachment = try message.createAttachment(now: 1)
        let problems = attachment.setProperties([
            TaggedPropertyValue(tag: AttachmentTags.attachNumber, value: .integer32(9)),
            TaggedPropertyValue(tag: AttachmentTags.attachSize, value: .integer32(9)),
            TaggedPropertyValue(tag: PropertyTag(0x3001_0003), value: .string("mistyped")),
        ], maximumSize: 1 << 20)
        #expect(problems.map(\.index) == [0, 1, 2])
        #expect(throws: StoreError.propertyTooBig(AttachmentTags.attachDataBinary)) {
            try attachment.setStreamedProperty(AttachmentTags.attachDataBinary, .binary([UInt8](repeating: 0, count: 100)), maximumSize: 50)
        }
        // A handle of an attachment deleted meanwhile cannot resurrect it.
        try message.saveAttachment(&attachment, now: 2)
        try message.deleteAttachment(attachment.number)
        #expect(throws: StoreError.objectDeleted) { try message.saveAttachment(&attachment, now: 3) }
    }

    // MARK: Large values

    @Test func largeBinaryValuesRoundTripThroughTheStoredEncoding() throws {
        for count in [0, 1, 65_534, 65_535, 65_536, 300_000] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 ^ 0x5A) }
            let tag = PropertyTag(0x1013_0102)
            let encoded = PropertyBagCoding.encode(.binary(bytes))
            #expect(try PropertyBagCoding.decode(encoded, tag: tag) == .binary(bytes), "\(count)")
        }
        // A 65,535-byte value in the previous encoding (u16 count 0xFFFF + bytes) still reads back.
        let old = [0xFF, 0xFF] + [UInt8](repeating: 7, count: 65_535)
        #expect(try PropertyBagCoding.decode(old, tag: PropertyTag(0x1013_0102)) == .binary([UInt8](repeating: 7, count: 65_535)))
    }

    @Test func streamedMessageAndFolderPropertiesHonourTheConfiguredLimit() throws {
        var configuration = MailboxStore.Configuration()
        configuration.maximumStreamSize = 100_000
        let store = try MailboxStore(backend: try SQLiteBackend(), configuration: configuration)
        let mailbox = try store.createMailbox(userName: "a@x", legacyExchangeDN: "/cn=a").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        var message = try store.createMessage(mailbox, folder: inbox)
        let html = PropertyTag(0x1013_0102)
        try message.setStreamedProperty(html, .binary([UInt8](repeating: 1, count: 90_000)), maximumSize: store.configuration.maximumStreamSize)
        #expect(throws: StoreError.propertyTooBig(html)) {
            try message.setStreamedProperty(html, .binary([UInt8](repeating: 1, count: 100_001)), maximumSize: store.configuration.maximumStreamSize)
        }
        #expect(throws: StoreError.accessDenied) { try message.setStreamedProperty(Tags.messageSize, .binary([]), maximumSize: 10) }
        let mid = try store.saveMessage(&message)
        let reopened = try store.openMessage(mailbox, folder: inbox, message: mid)
        #expect(try store.properties(of: reopened, [html]) == [.value(.binary([UInt8](repeating: 1, count: 90_000)))])
        try store.setFolderStreamedProperty(mailbox, inbox, PropertyTag(0x3004_001F), .string(String(repeating: "c", count: 40_000)))
        #expect(try store.folderStreamValue(mailbox, inbox, PropertyTag(0x3004_001F)) == .string(String(repeating: "c", count: 40_000)))
        #expect(throws: StoreError.propertyTooBig(PropertyTag(0x3004_001F))) {
            try store.setFolderStreamedProperty(mailbox, inbox, PropertyTag(0x3004_001F), .string(String(repeating: "c", count: 60_000)))
        }
        #expect(StreamableProperty.value([0x41, 0x00, 0x42, 0x00, 0x00, 0x00], as: .string) == .string("AB"))
        #expect(StreamableProperty.bytes(of: .string("AB")) == [0x41, 0x00, 0x42, 0x00])
    }

    // MARK: Receive folders

    @Test func receiveFolderTableDefaultsSetRemoveAndDelivery() throws {
        let (path, directory) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        var alice = MailboxID(0)
        var tasks = FolderID.zero
        do {
            let store = try MailboxStore(backend: try SQLiteBackend(path: path))
            alice = try store.createMailbox(userName: "alice@x", legacyExchangeDN: "/cn=alice").id
            let inbox = try store.specialFolderID(alice, .inbox)
            let root = try store.specialFolderID(alice, .root)
            #expect(try store.receiveFolderTable(alice).map(\.messageClass) == ["", "IPC", "IPM", "Report.IPM"])
            #expect(try store.receiveFolderTable(alice).first { $0.messageClass == "IPC" }?.folderID == root)
            tasks = try store.createFolder(alice, parent: inbox, name: "Tasks").id
            try store.setReceiveFolder(alice, messageClass: "IPM.Task", folder: tasks)
            #expect(try store.receiveFolder(alice, messageClass: "ipm.task.special") == (tasks, "IPM.Task"))
            #expect(try store.receiveFolder(alice, messageClass: "IPM.Note") == (inbox, "IPM"))
            #expect(throws: StoreError.accessDenied) { try store.setReceiveFolder(alice, messageClass: "IPM", folder: nil) }
            #expect(throws: StoreError.accessDenied) { try store.setReceiveFolder(alice, messageClass: "IPC.X", folder: inbox) }
            #expect(throws: StoreError.invalidParameter("message class")) { try store.setReceiveFolder(alice, messageClass: "IPM..x", folder: inbox) }
            #expect(throws: StoreError.notFound) { try store.setReceiveFolder(alice, messageClass: "X", folder: FolderID(replicaID: 1, globalCounter: 0xFFFFFF)) }
            try store.setReceiveFolder(alice, messageClass: "Not.There", folder: nil)
        }
        let store = try MailboxStore(backend: try SQLiteBackend(path: path))
        #expect(try store.receiveFolder(alice, messageClass: "IPM.Task") == (tasks, "IPM.Task"))
        // Delivery follows the table.
        var task = try store.createMessage(alice, folder: try store.specialFolderID(alice, .outbox))
        task.setProperties([TaggedPropertyValue(tag: Tags.messageClass, value: .string("IPM.Task"))])
        try task.modifyRecipients([.init(rowID: 0, recipientType: 1, properties: [Tags.smtpAddress: .string("alice@x")])])
        #expect(try store.submitMessage(&task).deliveries.first?.folderID == tasks)
        try store.setReceiveFolder(alice, messageClass: "IPM.Task", folder: nil)
        #expect(try store.receiveFolder(alice, messageClass: "IPM.Task").explicitMessageClass == "IPM")
    }
}
