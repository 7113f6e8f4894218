@testable import EMSMDB
import Foundation
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Raw request bytes for the ROPs the object-model scenarios chain (MS-OXCROPS 2.2 layouts, LogonId 0,
/// CodePageId 0x0FFF, SaveFlags KeepOpenReadWrite).
enum RawROP {
    static let keepOpenReadWrite: UInt8 = 0x0A

    /// RopCreateMessage (MS-OXCROPS 2.2.6.2.1).
    static func createMessage(_ input: UInt8, _ output: UInt8, folder: FolderID) -> [UInt8] {
        [0x06, 0, input, output, 0xFF, 0x0F] + folder.wire + [0]
    }

    /// RopOpenMessage (2.2.6.1.1).
    static func openMessage(_ input: UInt8, _ output: UInt8, folder: FolderID, message: MessageID, mode: UInt8 = 0) -> [UInt8] {
        [0x03, 0, input, output, 0xFF, 0x0F] + folder.wire + [mode] + message.wire
    }

    /// RopSaveChangesMessage (2.2.6.3.1).
    static func saveMessage(response: UInt8, _ input: UInt8) -> [UInt8] { [0x0C, 0, response, input, keepOpenReadWrite] }

    /// RopCreateAttachment (2.2.6.13.1).
    static func createAttachment(_ input: UInt8, _ output: UInt8) -> [UInt8] { [0x23, 0, input, output] }

    /// RopOpenAttachment (2.2.6.12.1).
    static func openAttachment(_ input: UInt8, _ output: UInt8, number: UInt32, flags: UInt8 = 0) -> [UInt8] {
        [0x22, 0, input, output, flags] + number.le
    }

    /// RopSaveChangesAttachment (2.2.6.15.1).
    static func saveAttachment(response: UInt8, _ input: UInt8) -> [UInt8] { [0x25, 0, response, input, keepOpenReadWrite] }

    /// RopOpenEmbeddedMessage (2.2.6.16.1); mode 0 read-only, 1 read/write, 2 create.
    static func openEmbedded(_ input: UInt8, _ output: UInt8, mode: UInt8) -> [UInt8] { [0x46, 0, input, output, 0xFF, 0x0F, mode] }

    /// RopSetProperties (2.2.8.6.1).
    static func setProperties(_ input: UInt8, _ values: [TaggedPropertyValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        RopSetPropertiesRequest(logonID: 0, inputHandleIndex: input, propertyValues: values).encode(into: &bytes)
        return bytes
    }

    /// RopGetPropertiesSpecific (2.2.8.3.1), WantUnicode 1.
    static func getProperties(_ input: UInt8, _ tags: [PropertyTag]) -> [UInt8] {
        [0x07, 0, input, 0, 0, 1, 0] + tagList(tags)
    }

    /// RopDeleteProperties (2.2.8.8.1).
    static func deleteProperties(_ input: UInt8, _ tags: [PropertyTag]) -> [UInt8] { [0x0B, 0, input] + tagList(tags) }

    /// RopGetAttachmentTable (2.2.6.17.1), UseUnicode.
    static func getAttachmentTable(_ input: UInt8, _ output: UInt8) -> [UInt8] { [0x21, 0, input, output, 0x40] }

    /// RopSetColumns (2.2.5.1.1).
    static func setColumns(_ input: UInt8, _ tags: [PropertyTag]) -> [UInt8] { [0x12, 0, input, 0] + tagList(tags) }

    /// RopQueryRows (2.2.5.4.1), forwards, advancing.
    static func queryRows(_ input: UInt8, count: UInt16) -> [UInt8] { [0x15, 0, input, 0, 1, UInt8(count & 0xFF), UInt8(count >> 8)] }

    /// A PropertyTagCount (2 bytes) and the tags.
    static func tagList(_ tags: [PropertyTag]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(tags.count & 0xFF), UInt8(tags.count >> 8)]
        for tag in tags { tag.encode(into: &bytes) }
        return bytes
    }
}

/// One logged-on session and its requests, with the handle table grown to `slots` entries (the Logon
/// in slot 0, the rest unused) for every new buffer.
struct ObjectModelSession {
    let fixture: EMSMDBFixture
    let session: EMSMDBSession
    let logon: UInt32

    init(_ fixture: EMSMDBFixture, user: String = "alice") throws {
        self.fixture = fixture
        session = fixture.connect(user)
        logon = try fixture.logon(session)
    }

    /// Runs the requests in one buffer with a fresh handle table.
    func run(_ requests: [[UInt8]], slots: Int, maxRopOut: Int = 0x8000) throws -> RopOutput {
        try fixture.run(session, requests.flatMap { $0 }, handles: [logon] + Array(repeating: RopBuffer.unusedHandle, count: slots - 1), maxRopOut: maxRopOut)
    }

    /// Runs the requests against an existing handle table.
    func run(_ requests: [[UInt8]], handles: [UInt32], maxRopOut: Int = 0x8000) throws -> RopOutput {
        try fixture.run(session, requests.flatMap { $0 }, handles: handles, maxRopOut: maxRopOut)
    }

    func message(_ handle: UInt32) -> MessageObject {
        session.withLock { state in state.handles[handle] as! MessageObject }
    }
}

/// Expected-bytes helpers.
enum Expect {
    /// A response header: RopId, handle index, ReturnValue.
    static func header(_ ropID: UInt8, _ index: UInt8, _ code: ErrorCode = .success) -> [UInt8] { [ropID, index] + code.rawValue.le }

    /// A UTF-16LE string with its terminator.
    static func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0] }

    /// The output ends with `expected` (the responses before it are not the point of the check).
    static func tail(_ output: RopOutput, _ expected: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(hexString(output.ropsList.suffix(expected.count)) == hexString(expected), sourceLocation: sourceLocation)
    }

    /// RopCreateMessage success: HasMessageId 1 + MessageId.
    static func createdMessage(_ output: UInt8, _ id: MessageID) -> [UInt8] { header(0x06, output) + [1] + id.wire }
}

@Suite("Object-model integration: attachment properties, embedded saves, attachment tables (issue 7)")
struct ObjectModelIntegrationTests {
    static let subject = PropertyTag(0x0037_001F)
    static let attachLongFilename = AttachmentTags.attachLongFilename
    static let attachNumber = AttachmentTags.attachNumber
    static let attachSize = AttachmentTags.attachSize
    static let attachDataBinary = AttachmentTags.attachDataBinary

    static func string(_ tag: PropertyTag, _ text: String) -> TaggedPropertyValue { TaggedPropertyValue(tag: tag, value: .string(text)) }

    /// The first response of the output, decoded as `type` (later ones, such as
    /// RopGetPropertiesSpecific, need their request's columns to decode).
    static func first<Response: RopResponseCodec>(_ type: Response.Type, _ output: RopOutput) throws -> Response {
        var reader = ByteReader(output.ropsList)
        return try Response.decode(from: &reader)
    }

    /// The MID of the message a RopCreateMessage response (success) carries.
    static func createdMessageID(_ output: RopOutput) throws -> MessageID {
        guard case let .success(success) = try first(RopCreateMessageResponse.self, output).outcome, let id = success.messageID else {
            throw FixtureError.unexpected("no message: \(hexString(output.ropsList))")
        }
        return id
    }

    // MARK: 1. Property ROPs on attachments and embedded messages

    @Test("Property ROPs on an Attachment object: set (read-only tag is a problem), get, get-all/list, delete (MS-OXCPRPT 3.2.5.1–3.2.5.5)")
    func attachmentProperties() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        var output = try alice.run([
            RawROP.createMessage(0, 1, folder: inbox),
            RawROP.createAttachment(1, 2),
            RawROP.setProperties(2, [Self.string(Self.attachLongFilename, "a.txt"), TaggedPropertyValue(tag: Self.attachNumber, value: .integer32(9))]),
            RawROP.getProperties(2, [Self.attachLongFilename, Self.attachNumber, Self.attachDataBinary]),
        ], slots: 3)
        let mid = try Self.createdMessageID(output)
        // SetProperties: PidTagAttachNumber is the server's → one problem, index 1, ecAccessDenied.
        // GetPropertiesSpecific: flagged row (one error cell): "a.txt", AttachNumber 0, AttachDataBinary NotFound.
        #expect(hexString(output.ropsList) == hexString(
            Expect.createdMessage(1, mid) + Expect.header(0x23, 2) + [0, 0, 0, 0]
                + Expect.header(0x0A, 2) + [1, 0, 1, 0] + Self.attachNumber.rawValue.le + ErrorCode.accessDenied.rawValue.le
                + Expect.header(0x07, 2) + [1] + [0] + Expect.utf16("a.txt") + [0] + [0, 0, 0, 0] + [0x0A] + ErrorCode.notFound.rawValue.le))
        let handles = output.handles
        // GetPropertiesList names the filename; DeleteProperties removes it; GetPropertiesSpecific then misses it.
        output = try alice.run([
            [0x09, 0, 2],
            RawROP.deleteProperties(2, [Self.attachLongFilename]),
            RawROP.getProperties(2, [Self.attachLongFilename]),
        ], handles: handles)
        guard case let .success(tags) = try Self.first(RopGetPropertiesListResponse.self, output).outcome else {
            Issue.record("no list: \(hexString(output.ropsList))")
            return
        }
        #expect(tags.propertyTags.contains(Self.attachLongFilename) && tags.propertyTags.contains(Self.attachNumber))
        Expect.tail(output, Expect.header(0x0B, 2) + [0, 0] + Expect.header(0x07, 2) + [1, 0x0A] + ErrorCode.notFound.rawValue.le)
    }

    @Test("A value too large for the response is ecNotEnoughMemory in its cell on an attachment, as on a message (PropertySizeLimit)")
    func attachmentLargeValue() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        let data = [UInt8](repeating: 0x5A, count: 6_000)
        var output = try alice.run([
            RawROP.createMessage(0, 1, folder: inbox),
            RawROP.createAttachment(1, 2),
            RawROP.setProperties(2, [TaggedPropertyValue(tag: Self.attachDataBinary, value: .binary(data))]),
        ], slots: 3)
        let handles = output.handles
        // A 0x800-byte output buffer cannot carry 6,000 bytes: the cell becomes NotEnoughMemory (0x8007000E).
        output = try alice.run([RawROP.getProperties(2, [Self.attachNumber, Self.attachDataBinary])], handles: handles, maxRopOut: 0x800)
        #expect(hexString(output.ropsList) == hexString(
            Expect.header(0x07, 2) + [1, 0, 0, 0, 0, 0, 0x0A] + ErrorCode.notEnoughMemory.rawValue.le))
        // With room it is sent inline.
        output = try alice.run([RawROP.getProperties(2, [Self.attachDataBinary])], handles: handles)
        #expect(output.ropsList == Expect.header(0x07, 2) + [0, 0x70, 0x17] + data)
    }

    @Test("Writes on a read-only attachment are ecAccessDenied")
    func readOnlyAttachment() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        var output = try alice.run([
            RawROP.createMessage(0, 1, folder: inbox), RawROP.createAttachment(1, 2), RawROP.saveAttachment(response: 1, 2),
            RawROP.saveMessage(response: 0, 1),
        ], slots: 3)
        let mid = try Self.createdMessageID(output)
        // Reopen read-only; attachment 0 read-only (flags 0): set and delete refused.
        output = try alice.run([
            RawROP.openMessage(0, 1, folder: inbox, message: mid), RawROP.openAttachment(1, 2, number: 0),
            RawROP.setProperties(2, [Self.string(Self.attachLongFilename, "x")]), RawROP.deleteProperties(2, [Self.attachLongFilename]),
        ], slots: 3)
        Expect.tail(output, Expect.header(0x0A, 2, .accessDenied) + Expect.header(0x0B, 2, .accessDenied))
    }

    // MARK: 2. Embedded messages saved through RopSaveChangesMessage

    @Test("Embedded message: create, set subject, save it, save attachment and parent; a second session reads it back")
    func embeddedMessageRoundTrip() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        let method = TaggedPropertyValue(tag: AttachmentTags.attachMethod, value: .integer32(AttachmentTags.methodEmbeddedMessage))
        var output = try alice.run([
            RawROP.createMessage(0, 1, folder: inbox),
            RawROP.createAttachment(1, 2),
            RawROP.setProperties(2, [method]),
            RawROP.openEmbedded(2, 3, mode: 0x02),
            RawROP.setProperties(3, [Self.string(Self.subject, "inner")]),
            RawROP.saveMessage(response: 3, 3),
        ], slots: 4)
        let mid = try Self.createdMessageID(output)
        guard case let .openEmbeddedMessage(embedded)? = try output.responses().dropFirst(3).first, case let .success(opened) = embedded.outcome else {
            Issue.record("no embedded message: \(hexString(output.ropsList))")
            return
        }
        // RopSaveChangesMessage on the embedded message answers with its own MessageId (MS-OXCROPS 2.2.6.3.2).
        Expect.tail(output, Expect.header(0x0C, 3) + [3] + opened.messageID.wire)
        // A change left unsaved on the embedded message stays out of the attachment's save.
        output = try alice.run([
            RawROP.setProperties(3, [Self.string(Self.subject, "unsaved")]),
            RawROP.saveAttachment(response: 1, 2),
            RawROP.saveMessage(response: 0, 1),
        ], handles: output.handles)
        #expect(hexString(output.ropsList) == hexString(
            Expect.header(0x0A, 3) + [0, 0] + Expect.header(0x25, 1) + Expect.header(0x0C, 0) + [1] + mid.wire))

        let second = try ObjectModelSession(fixture)
        output = try second.run([
            RawROP.openMessage(0, 1, folder: inbox, message: mid),
            RawROP.openAttachment(1, 2, number: 0),
            RawROP.openEmbedded(2, 3, mode: 0x00),
            RawROP.getProperties(3, [Self.subject]),
            RawROP.getProperties(2, [AttachmentTags.attachMethod]),
        ], slots: 4)
        Expect.tail(output, Expect.header(0x07, 3) + [0] + Expect.utf16("inner") + Expect.header(0x07, 2) + [0] + [5, 0, 0, 0])
    }

    @Test("Embedded message: saving it after its attachment's handle is released → ecObjectDeleted")
    func embeddedMessageFailures() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        let output = try alice.run([
            RawROP.createMessage(0, 1, folder: inbox), RawROP.createAttachment(1, 2), RawROP.openEmbedded(2, 3, mode: 0x02),
            [0x01, 0, 2],  // RopRelease of the attachment
            RawROP.saveMessage(response: 3, 3),
        ], slots: 4)
        Expect.tail(output, Expect.header(0x0C, 3, .objectDeleted))
    }

    // MARK: 3. Attachment tables through the table ROPs

    @Test("Attachment table: SetColumns, QueryRows, QueryPosition, SeekRow, SortTable through TableROPs (MS-OXCTABL 3.2.5)")
    func attachmentTable() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        let columns = [Self.attachNumber, Self.attachLongFilename, Self.attachSize]
        var output = try alice.run([
            RawROP.createMessage(0, 1, folder: inbox),
            RawROP.createAttachment(1, 2), RawROP.setProperties(2, [Self.string(Self.attachLongFilename, "a.txt")]), RawROP.saveAttachment(response: 1, 2),
            RawROP.createAttachment(1, 3), RawROP.setProperties(3, [Self.string(Self.attachLongFilename, "b.txt")]), RawROP.saveAttachment(response: 1, 3),
            RawROP.getAttachmentTable(1, 4),
            RawROP.setColumns(4, columns),
            RawROP.queryRows(4, count: 10),
        ], slots: 5)
        let attachments = alice.message(output.handles[1]).message.attachments
        func row(_ number: UInt32, _ name: String) -> [UInt8] {
            [0] + number.le + Expect.utf16(name) + UInt32(attachments.attachment(number)!.size).le
        }
        // SetColumns: TableStatus complete; QueryRows: Origin END, 2 rows, unflagged.
        Expect.tail(output, Expect.header(0x21, 4) + Expect.header(0x12, 4) + [0] + Expect.header(0x15, 4) + [0x02, 2, 0] + row(0, "a.txt") + row(1, "b.txt"))
        let handles = output.handles
        // QueryPosition 2/2; SeekRow BEGINNING +1 (RowsSought 1); QueryRows 10 → "b.txt"; SortTable AttachNumber descending → "b", "a".
        var sort: [UInt8] = []
        RopSortTableRequest(logonID: 0, inputHandleIndex: 4, sortTableFlags: 0,
                            sortOrderSet: SortOrderSet(sortOrders: [MAPIWire.SortOrder(propertyTag: Self.attachNumber, order: MAPIWire.SortOrder.descending)]))
            .encode(into: &sort)
        output = try alice.run([
            [0x17, 0, 4],
            [0x18, 0, 4, 0x00, 1, 0, 0, 0, 1],
            RawROP.queryRows(4, count: 10),
            sort,
            RawROP.queryRows(4, count: 10),
        ], handles: handles)
        #expect(hexString(output.ropsList) == hexString(
            Expect.header(0x17, 4) + UInt32(2).le + UInt32(2).le
                + Expect.header(0x18, 4) + [0] + UInt32(1).le
                + Expect.header(0x15, 4) + [0x02, 1, 0] + row(1, "b.txt")
                + Expect.header(0x13, 4) + [0]
                + Expect.header(0x15, 4) + [0x02, 2, 0] + row(1, "b.txt") + row(0, "a.txt")))
        // Restrict / FindRow are not attachment-table ROPs in Herald: ecNotSupported, not a crash.
        output = try alice.run([[0x14, 0, 4, 0, 0, 0]], handles: handles)
        #expect(hexString(output.ropsList) == hexString(Expect.header(0x14, 4, .notSupported)))
    }
}

/// Per-user information of public folders through the ROPs (MS-OXCSTOR 3.2.5.10–3.2.5.13).
@Suite("Per-user information ROPs (issue 7)")
struct PerUserInformationROPTests {
    static let publicStore = "A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF B0"
    /// A public folder's LongTermID: the public store's GUID, GlobalCounter 0x000000001234, Pad 0.
    static let folder = "\(publicStore) 00 00 00 00 12 34 00 00"
    static let blob = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }

    /// RopWritePerUserInformation: FolderId, HasFinished, DataOffset, DataSize + Data, ReplGuid when DataOffset is 0.
    static func write(_ data: ArraySlice<UInt8>, offset: UInt32, finished: Bool, folder: String = folder) -> [UInt8] {
        var bytes = hex("64 00 00 \(folder)") + [finished ? 1 : 0] + offset.le
        bytes += [UInt8(data.count & 0xFF), UInt8(data.count >> 8)] + data
        if offset == 0 { bytes += hex(publicStore) }
        return bytes
    }

    /// RopReadPerUserInformation: FolderId, Reserved, DataOffset, MaxDataSize.
    static func read(offset: UInt32, max: UInt16) -> [UInt8] {
        hex("63 00 00 \(folder) 00") + offset.le + [UInt8(max & 0xFF), UInt8(max >> 8)]
    }

    static func readResponse(_ data: ArraySlice<UInt8>, finished: Bool) -> [UInt8] {
        Expect.header(0x63, 0) + [finished ? 1 : 0, UInt8(data.count & 0xFF), UInt8(data.count >> 8)] + data
    }

    @Test("Write in two pieces, then list, GetPerUserGuid and read in pieces (MaxDataSize 0 = 4096)")
    func writeThenRead() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let blob = Self.blob
        var output = try alice.run([
            Self.write(blob[..<200], offset: 0, finished: false),
            Self.write(blob[200...], offset: 200, finished: true),
            hex("60 00 00 \(Self.publicStore)"),
            hex("60 00 00 \(String(repeating: "00 ", count: 16))"),
            hex("61 00 00 \(Self.folder)"),
        ], slots: 1)
        #expect(hexString(output.ropsList) == hexString(
            Expect.header(0x64, 0) + Expect.header(0x64, 0)
                + Expect.header(0x60, 0) + [1, 0] + hex(Self.folder) + Expect.header(0x60, 0) + [0, 0]
                + Expect.header(0x61, 0) + hex(Self.publicStore)))
        // Read 100 from 0, the rest from 100 with MaxDataSize 0, then from the end: empty and finished.
        output = try alice.run([Self.read(offset: 0, max: 100), Self.read(offset: 100, max: 0), Self.read(offset: 300, max: 10)], slots: 1)
        #expect(hexString(output.ropsList) == hexString(
            Self.readResponse(blob[..<100], finished: false) + Self.readResponse(blob[100...], finished: true) + Self.readResponse([], finished: true)))
        // A second session of the same mailbox sees it.
        let second = try ObjectModelSession(fixture)
        output = try second.run([Self.read(offset: 0, max: 0)], slots: 1)
        #expect(output.ropsList == Self.readResponse(blob[...], finished: true))
    }

    @Test("Hostile offsets: read beyond the data or negative → ecError; write out of sequence → ecError and the stream is abandoned")
    func hostileOffsets() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let blob = Self.blob
        let other = "\(Self.publicStore) 00 00 00 00 99 99 00 00"
        let output = try alice.run([
            Self.write(blob[..<10], offset: 0, finished: true),
            Self.read(offset: 11, max: 0),
            Self.read(offset: 0xFFFF_FFFF, max: 0),
            // A stream of 5 bytes; continuing at 6, or for another folder, fails …
            Self.write(blob[..<5], offset: 0, finished: false),
            Self.write(blob[5..<10], offset: 6, finished: true),
            // … and abandons the stream: the right offset fails too.
            Self.write(blob[5..<10], offset: 5, finished: true),
            Self.write(blob[..<5], offset: 0, finished: false),
            Self.write(blob[5..<10], offset: 5, finished: true, folder: other),
            // The stored data is still the first write.
            Self.read(offset: 0, max: 0),
        ], slots: 1)
        let error = Expect.header(0x64, 0, .generalFailure)
        #expect(hexString(output.ropsList) == hexString(
            Expect.header(0x64, 0) + Expect.header(0x63, 0, .generalFailure) + Expect.header(0x63, 0, .generalFailure)
                + Expect.header(0x64, 0) + error + error + Expect.header(0x64, 0) + error
                + Self.readResponse(blob[..<10], finished: true)))
    }

    @Test("Per-user information survives a server restart (file-backed store)")
    func survivesRestart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-pu-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let server = try EMSMDBServer(backend: try SQLiteBackend(path: path))
            _ = try server.store.createMailbox(userName: "alice", legacyExchangeDN: EMSMDBFixture.legacyDN("alice"))
            let session = try #require(server.connect(userName: "alice"))
            let logon = try ObjectModelROPTests.logon(server, session)
            let output = try ObjectModelROPTests.execute(server, session, Self.write(Self.blob[...], offset: 0, finished: true), handles: [logon])
            #expect(output == Expect.header(0x64, 0))
        }
        let server = try EMSMDBServer(backend: try SQLiteBackend(path: path))
        let session = try #require(server.connect(userName: "alice"))
        let logon = try ObjectModelROPTests.logon(server, session)
        let output = try ObjectModelROPTests.execute(server, session, Self.read(offset: 0, max: 0) + hex("61 00 00 \(Self.folder)"), handles: [logon])
        #expect(output == Self.readResponse(Self.blob[...], finished: true) + Expect.header(0x61, 0) + hex(Self.publicStore))
    }
}

/// RopCopyTo between Folder objects with WantSubObjects (MS-OXCPRPT 3.2.5.11).
@Suite("RopCopyTo on folders with sub-objects (issue 7)")
struct FolderCopyToROPTests {
    /// RopCopyTo 1 → 2: WantAsynchronous 0, WantSubObjects, CopyFlags, excluded tags — always with
    /// PidTagDisplayName, which the sibling destination could not take (its name would collide).
    static func copyTo(subObjects: Bool = true, flags: UInt8 = 0, excluding tags: [PropertyTag] = []) -> [UInt8] {
        [0x39, 0, 1, 2, 0, subObjects ? 1 : 0, flags] + RawROP.tagList([PropertyTag(0x3001_001F)] + tags)
    }

    static func openFolder(_ output: UInt8, _ folder: FolderID) -> [UInt8] { [0x02, 0, 0, output] + folder.wire + [0] }

    func count(_ fixture: EMSMDBFixture, _ folder: FolderID, _ kind: StoreTableKind) throws -> Int {
        let table = try fixture.store.openTable(fixture.mailbox("alice").id, folder: folder, kind: kind)
        defer { fixture.store.closeTable(table) }
        return try fixture.store.tableRowCount(table)
    }

    @Test("Messages and subfolders follow the exclusion list; a second subfolder copy collides; Move moves the messages")
    func copyFolderSubObjects() throws {
        let fixture = try EMSMDBFixture()
        let alice = try ObjectModelSession(fixture)
        let store = fixture.store
        let mailbox = fixture.mailbox("alice").id
        let inbox = try fixture.folderID("alice", .inbox)
        let source = try store.createFolder(mailbox, parent: inbox, name: "Src").id
        let child = try store.createFolder(mailbox, parent: source, name: "Child").id
        let destination = try store.createFolder(mailbox, parent: inbox, name: "Dst").id
        for (folder, associated) in [(source, false), (source, false), (source, true), (child, false)] {
            var message = try store.createMessage(mailbox, folder: folder, associated: associated)
            _ = try store.saveMessage(&message)
        }
        let hierarchy = PropertyTag(0x360E_000D)
        let fai = PropertyTag(0x3610_000D)
        var output = try alice.run([Self.openFolder(1, source), Self.openFolder(2, destination), Self.copyTo(excluding: [hierarchy, fai])], slots: 3)
        Expect.tail(output, Expect.header(0x39, 1) + [0, 0])
        #expect(try count(fixture, destination, .contents(associated: false)) == 2)
        #expect(try count(fixture, destination, .contents(associated: true)) == 0)
        #expect(try count(fixture, destination, .hierarchy(fullDepth: true)) == 0)
        let handles = output.handles
        // Subfolders only (contents excluded): Child and its message arrive.
        output = try alice.run([Self.copyTo(excluding: [PropertyTag(0x360F_000D), fai])], handles: handles)
        #expect(output.ropsList == Expect.header(0x39, 1) + [0, 0])
        #expect(try count(fixture, destination, .hierarchy(fullDepth: true)) == 1)
        #expect(try count(fixture, destination, .contents(associated: false)) == 2)
        // Again: "Child" is taken → ecDuplicateName, nothing copied; without WantSubObjects only properties are copied.
        output = try alice.run([Self.copyTo(), Self.copyTo(subObjects: false)], handles: handles)
        #expect(hexString(output.ropsList) == hexString(Expect.header(0x39, 1, .collidingNames) + Expect.header(0x39, 1) + [0, 0]))
        #expect(try count(fixture, destination, .contents(associated: false)) == 2)
        // Move (CopyFlags 0x01) of the messages: they leave the source.
        output = try alice.run([Self.copyTo(flags: 0x01, excluding: [hierarchy])], handles: handles)
        #expect(output.ropsList == Expect.header(0x39, 1) + [0, 0])
        #expect(try count(fixture, source, .contents(associated: false)) == 0)
        #expect(try count(fixture, source, .contents(associated: true)) == 0)
        #expect(try count(fixture, destination, .contents(associated: false)) == 4)
        #expect(try count(fixture, source, .hierarchy(fullDepth: false)) == 1)
    }
}
