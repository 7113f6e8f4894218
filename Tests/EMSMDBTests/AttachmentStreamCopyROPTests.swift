@testable import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Attachments, message streams, copy ROPs and the ecNotEnoughMemory size rule, driven through the
/// processor with raw bytes. Message objects are put in the handle table directly (RopCreateMessage
/// is the messages area's ROP), then every step is a ROP.
@Suite("Attachment, stream and copy ROPs on message objects")
struct AttachmentStreamCopyROPTests {
    static let unused = RopBuffer.unusedHandle

    /// A new (unsaved) message of alice's Inbox as a Message object; returns its handle.
    func messageHandle(_ fixture: EMSMDBFixture, _ session: EMSMDBSession, logon: UInt32, subject: String? = nil) throws -> UInt32 {
        var pending = try fixture.store.createMessage(fixture.mailbox("alice").id, folder: try fixture.folderID("alice", .inbox))
        if let subject { pending.setProperties([TaggedPropertyValue(tag: PropertyTag(0x0037_001F), value: .string(subject))]) }
        return session.withLock { state in
            let logonObject = state.handles[logon] as! LogonObject
            return state.handles.insert(MessageObject(logon: logonObject, message: pending))!
        }
    }

    func message(_ session: EMSMDBSession, _ handle: UInt32) -> MessageObject {
        session.withLock { state in state.handles[handle] as! MessageObject }
    }

    @Test("Create attachment, stream 200 KB of data into it, save: the message carries it and saves it; table and reopen")
    func attachmentWithStreamedData() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        let messageHandle = try messageHandle(fixture, session, logon: logon)
        // RopCreateAttachment (slot 1 → 2), RopOpenStream PidTagAttachDataBinary Create (2 → 3).
        var output = try fixture.run(session, hex("23 00 01 02 2B 00 02 03 02 01 01 37 02"), handles: [logon, messageHandle, Self.unused, Self.unused])
        #expect(hexString(output.ropsList) == "23 02 00 00 00 00 00 00 00 00 2B 03 00 00 00 00 00 00 00 00")
        var handles = output.handles
        let chunk = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 % 253) }
        for _ in 0..<4 {
            var write: [UInt8] = [0xA3, 0, 3]  // RopWriteStreamExtended
            write.appendUInt16(UInt16(chunk.count))
            write += chunk
            output = try fixture.run(session, write, handles: handles)
            #expect(hexString(output.ropsList) == "A3 03 00 00 00 00 50 C3 00 00")
        }
        // Commit, release the stream, save the attachment, open the attachment table (1 → 3).
        output = try fixture.run(session, hex("5D 00 03 01 00 03 25 00 01 02 0A 21 00 01 03 00"), handles: handles)
        #expect(hexString(output.ropsList) == "5D 03 00 00 00 00 25 01 00 00 00 00 21 03 00 00 00 00")
        handles = output.handles
        let object = message(session, messageHandle)
        let attachment = try #require(object.message.attachments.attachment(0))
        #expect(attachment.properties[PropertyTag(0x3701_0102)] == .binary(Array(repeating: chunk, count: 4).flatMap { $0 }))
        #expect(session.withLock { state in (state.handles[handles[3]] as? AttachmentTableObject)?.attachments.count } == 1)
        // Save the message (the messages area's RopSaveChangesMessage does this) and read it back.
        try fixture.store.saveMessage(&object.message)
        let saved = try fixture.store.attachments(fixture.mailbox("alice").id, message: object.message.id)
        #expect(saved.attachment(0)?.properties[PropertyTag(0x3701_0102)] == attachment.properties[PropertyTag(0x3701_0102)])
        // Open it again read-only and read the first 4 bytes through a stream.
        output = try fixture.run(session, hex("22 00 01 02 00 00 00 00 00 2B 00 02 03 02 01 01 37 00 2C 00 03 04 00"), handles: handles)
        #expect(hexString(output.ropsList) == "22 02 00 00 00 00 2B 03 00 00 00 00 40 0D 03 00 2C 03 00 00 00 00 04 00 00 01 02 03")
    }

    @Test("Attachment failures: unknown number, delete twice, read-only message, embedded message without Create")
    func attachmentFailures() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        let messageHandle = try messageHandle(fixture, session, logon: logon)
        // Open #7 → ecNotFound; delete #0 → ecNotFound; create (0), embedded ReadOnly → ecNotFound; Create → success.
        let output = try fixture.run(session, hex("""
            22 00 01 02 01 07 00 00 00
            24 00 01 00 00 00 00
            23 00 01 02
            46 00 02 03 FF 0F 00
            46 00 02 03 FF 0F 02
            """), handles: [logon, messageHandle, Self.unused, Self.unused])
        let responses = try output.responses()
        #expect(hexString(output.ropsList.prefix(32)) == "22 02 0F 01 04 80 24 01 0F 01 04 80 23 02 00 00 00 00 00 00 00 00 46 03 0F 01 04 80 46 03 00 00")
        guard case let .openEmbeddedMessage(embedded)? = responses.last, case let .success(success) = embedded.outcome else {
            Issue.record("no embedded message: \(hexString(output.ropsList))")
            return
        }
        #expect(success.message.recipientCount == 0 && success.message.normalizedSubject == .absent)
        let embeddedObject = message(session, output.handles[3])
        #expect(embeddedObject.message.isEmbedded)
        // RopSaveChangesMessage on the embedded message, then RopSaveChangesAttachment: the message carries it.
        embeddedObject.message.setProperties([TaggedPropertyValue(tag: PropertyTag(0x0037_001F), value: .string("inner"))])
        _ = try fixture.run(session, hex("0C 00 03 03 0A 25 00 01 02 0A"), handles: output.handles)
        #expect(message(session, messageHandle).message.attachments.attachment(0)?.embeddedMessage?.properties[PropertyTag(0x0037_001F)] == .string("inner"))
    }

    @Test("Message body through a stream: UTF-16 bytes become PtypString; huge SetStreamSize refused")
    func messageBodyStream() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        let messageHandle = try messageHandle(fixture, session, logon: logon)
        let output = try fixture.run(session, hex("""
            2B 00 01 02 1F 00 00 10 02
            2D 00 02 06 00 48 00 69 00 00 00
            2F 00 02 00 00 00 00 01 00 00 00
            5D 00 02
            """), handles: [logon, messageHandle, Self.unused])
        #expect(hexString(output.ropsList) == "2B 02 00 00 00 00 00 00 00 00 2D 02 00 00 00 00 06 00 2F 02 70 00 03 80 5D 02 00 00 00 00")
        #expect(message(session, messageHandle).message.properties[PropertyTag(0x1000_001F)] == .string("Hi"))
    }

    @Test("RopCopyProperties / RopCopyTo between messages; missing source property is a problem; no destination → ecDstNullObject")
    func copyROPs() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        let source = try messageHandle(fixture, session, logon: logon, subject: "Hello")
        let destination = try messageHandle(fixture, session, logon: logon)
        // Copy PidTagSubject and PidTagBody (absent): one problem, index 1, NotFound.
        var output = try fixture.run(session, hex("67 00 01 02 00 00 02 00 1F 00 37 00 1F 00 00 10"), handles: [logon, source, destination])
        #expect(hexString(output.ropsList) == "67 01 00 00 00 00 01 00 01 00 1F 00 00 10 0F 01 04 80")
        #expect(message(session, destination).message.properties[PropertyTag(0x0037_001F)] == .string("Hello"))
        // CopyTo excluding PidTagSubject copies nothing of it; Move flag on CopyProperties removes it from the source.
        let third = try messageHandle(fixture, session, logon: logon)
        output = try fixture.run(session, hex("39 00 01 03 00 00 00 01 00 1F 00 37 00 67 00 01 03 00 01 01 00 1F 00 37 00"), handles: [logon, source, destination, third])
        #expect(hexString(output.ropsList) == "39 01 00 00 00 00 00 00 67 01 00 00 00 00 00 00")
        #expect(message(session, third).message.properties[PropertyTag(0x0037_001F)] == .string("Hello"))
        #expect(message(session, source).message.properties[PropertyTag(0x0037_001F)] == nil)
        // Destination slot empty → ecDstNullObject with DestHandleIndex (MS-OXCROPS 2.2.8.11.3).
        output = try fixture.run(session, hex("67 00 01 02 00 00 00 00 39 00 01 00 00 00 00 00 00"), handles: [logon, source, Self.unused])
        #expect(hexString(output.ropsList) == "67 01 03 05 00 00 02 00 00 00 39 01 02 01 04 80")
    }

    @Test("PropertySizeLimit: large values become ecNotEnoughMemory; the row fits its budget; nil when nothing can")
    func sizeRule() {
        let tags = [PropertyTag(0x0037_001F), PropertyTag(0x1000_001F), PropertyTag(0x0E07_0003)]
        let body = String(repeating: "x", count: 10_000)
        let cells: [PropertyCell] = [.value(.string("Hi")), .value(.string(body)), .value(.integer32(1))]
        #expect(PropertySizeLimit.fitRow(cells, columns: tags, budget: 0x8000) == [.value(.string("Hi")), .error(.notEnoughMemory), .value(.integer32(1))])
        // With a big inline limit the body stays if the budget allows, and goes if not.
        #expect(PropertySizeLimit.fitRow(cells, columns: tags, budget: 0x8000, inlineLimit: 1 << 20) == cells)
        #expect(PropertySizeLimit.fitRow(cells, columns: tags, budget: 1000, inlineLimit: 1 << 20) == [.value(.string("Hi")), .error(.notEnoughMemory), .value(.integer32(1))])
        #expect(PropertySizeLimit.fitRow(cells, columns: tags, budget: 10) == nil)
        // Binary beyond a ROP count is never inline.
        #expect(PropertySizeLimit.fitRow([.value(.binary([UInt8](repeating: 0, count: 70_000)))], columns: [PropertyTag(0x1013_0102)], budget: 1 << 20, inlineLimit: 1 << 20) == [.error(.notEnoughMemory)])
        // GetPropertiesAll form: the tag's type becomes PtypErrorCode.
        let all = PropertySizeLimit.fitTaggedValues([TaggedPropertyValue(tag: PropertyTag(0x1000_001F), value: .string(body))], budget: 0x8000)
        #expect(all == [TaggedPropertyValue(tag: PropertyTag(0x1000_000A), value: .errorCode(.notEnoughMemory))])
    }
}

@Suite("Attachment table rows (for the tables area's RopSetColumns / RopQueryRows)")
struct AttachmentTableROPTests {
    @Test("Rows in PidTagAttachNumber order over the set columns; cursor; ecNullObject before SetColumns")
    func rows() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        var pending = try fixture.store.createMessage(fixture.mailbox("alice").id, folder: try fixture.folderID("alice", .inbox))
        for name in ["a.txt", "b.txt"] {
            var attachment = try pending.createAttachment(now: 1)
            attachment.setProperties([TaggedPropertyValue(tag: AttachmentTags.attachLongFilename, value: .string(name))], maximumSize: 1 << 20)
            try pending.saveAttachment(&attachment, now: 1)
        }
        let tableHandle = session.withLock { state -> UInt32 in
            let message = MessageObject(logon: state.handles[logon] as! LogonObject, message: pending)
            _ = state.handles.insert(message)
            return state.handles.insert(AttachmentTableObject(parent: message, unicode: true))!
        }
        try session.withLock { state in
            var context = ROPContext(server: fixture.server, session: session, state: state, handles: [logon, tableHandle])
            context.responseBudget = 0x8000
            let query = RopQueryRowsRequest(logonID: 0, inputHandleIndex: 1, queryRowsFlags: 0, forwardRead: true, rowCount: 10)
            #expect(throws: ROPError.nullObject) { try AttachmentTableROPs.queryRows(query, &context) }
            let columns = [AttachmentTags.attachNumber, AttachmentTags.attachLongFilename]
            _ = try AttachmentTableROPs.setColumns(.init(logonID: 0, inputHandleIndex: 1, setColumnsFlags: 0, propertyTags: columns), &context)
            let first = try #require(try AttachmentTableROPs.queryRows(.init(logonID: 0, inputHandleIndex: 1, queryRowsFlags: 0, forwardRead: true, rowCount: 1), &context))
            var bytes: [UInt8] = []
            first.encode(into: &bytes)
            // RopQueryRows: Origin CURRENT, 1 row: AttachNumber 0, "a.txt".
            #expect(hexString(bytes) == "15 01 00 00 00 00 01 01 00 00 00 00 00 00 61 00 2E 00 74 00 78 00 74 00 00 00")
            let rest = try #require(try AttachmentTableROPs.queryRows(query, &context))
            #expect(rest.outcome.successValue?.origin == 0x02 && rest.outcome.successValue?.rows.count == 1)
            // Not an attachment table: nil, the tables area answers.
            var other = ROPContext(server: fixture.server, session: session, state: state, handles: [logon, logon])
            other.responseBudget = 0x8000
            #expect(try AttachmentTableROPs.queryRows(query, &other) == nil)
        }
    }
}
