import Testing
@testable import MAPIWire

/// The NotificationData encoder before the bulk-append optimization, byte by byte, kept as the
/// reference the optimized encoder must match exactly.
extension NotificationData {
    func referenceEncode(into buffer: inout [UInt8]) {
        let layout = self.layout
        buffer.appendUInt16(flags.rawValue)
        if layout.tableEventType { buffer.appendUInt16(tableEventType.rawValue) }
        if layout.tableRowFolderID { tableRowFolderID.encode(into: &buffer) }
        if layout.tableRowMessageIDAndInstance {
            tableRowMessageID.encode(into: &buffer)
            buffer.appendUInt32(tableRowInstance)
        }
        if layout.insertAfterFolderID { insertAfterTableRowFolderID.encode(into: &buffer) }
        if layout.insertAfterRowIDAndInstance {
            insertAfterTableRowID.encode(into: &buffer)
            buffer.appendUInt32(insertAfterTableRowInstance)
        }
        if layout.tableRowData {
            let count = min(tableRowData.count, Int(UInt16.max))
            buffer.appendUInt16(UInt16(count))
            buffer.append(contentsOf: tableRowData[0..<count])
        }
        if layout.folderID { folderID.encode(into: &buffer) }
        if layout.messageID { messageID.encode(into: &buffer) }
        if layout.parentFolderID { parentFolderID.encode(into: &buffer) }
        if layout.oldFolderID { oldFolderID.encode(into: &buffer) }
        if layout.oldMessageID { oldMessageID.encode(into: &buffer) }
        if layout.oldParentFolderID { oldParentFolderID.encode(into: &buffer) }
        if layout.tagCount {
            let count = wireTagCount
            buffer.appendUInt16(count)
            if count != 0, count != 0xFFFF { for tag in tags.prefix(Int(count)) { tag.encode(into: &buffer) } }
        }
        if layout.totalMessageCount { buffer.appendUInt32(totalMessageCount) }
        if layout.unreadMessageCount { buffer.appendUInt32(unreadMessageCount) }
        if layout.newMailFields {
            buffer.appendUInt32(messageFlags)
            buffer.append(unicode ? 1 : 0)
            if unicode {
                for unit in messageClass.utf16 { buffer.appendUInt16(unit) }
                buffer.appendUInt16(0)
            } else {
                for scalar in messageClass.unicodeScalars {
                    buffer.append(scalar.value < 0x100 ? UInt8(scalar.value) : UInt8(ascii: "?"))
                }
                buffer.append(0)
            }
        }
    }
}

@Suite("NotificationData encode: optimized path matches the byte-by-byte reference")
struct NotificationEncodeEquivalenceTests {
    static func randomID(_ generator: inout SplitMix64) -> ObjectID {
        ObjectID(wireValue: generator.next())
    }

    @Test("random field values under every flags combination encode identically, RopNotify header included")
    func equivalence() {
        var generator = SplitMix64(seed: 0xE4C0DE)
        let classes = ["IPM.Note", "", "IPM.Schedule.Meeting.Request", "Ünïcode ✓ class", "x"]
        for iteration in 0..<5000 {
            // Any flags value, including ones the decoder rejects: the encoder follows Layout blindly.
            let rawFlags: UInt16 = iteration % 3 == 0 ? UInt16.random(in: 0...UInt16.max, using: &generator)
                : [0x0002, 0x8002, 0x0004, 0x8004, 0xC004, 0x0008, 0x8008, 0x0010, 0x3010, 0x8010, 0x0020, 0x8020, 0xC020,
                   0x0040, 0x8040, 0x0080, 0x0100, 0x8100, 0xC100, 0x0400][iteration % 20]
            var data = NotificationData(flags: NotificationFlags(rawValue: rawFlags))
            data.tableEventType = TableEventType(rawValue: UInt16.random(in: 0...6, using: &generator))
            data.tableRowFolderID = Self.randomID(&generator)
            data.tableRowMessageID = Self.randomID(&generator)
            data.tableRowInstance = UInt32.random(in: 0...UInt32.max, using: &generator)
            data.insertAfterTableRowFolderID = Self.randomID(&generator)
            data.insertAfterTableRowID = Self.randomID(&generator)
            data.insertAfterTableRowInstance = UInt32.random(in: 0...UInt32.max, using: &generator)
            data.tableRowData = generator.bytes(Int.random(in: 0...60, using: &generator))
            data.folderID = Self.randomID(&generator)
            data.messageID = Self.randomID(&generator)
            data.parentFolderID = Self.randomID(&generator)
            data.oldFolderID = Self.randomID(&generator)
            data.oldMessageID = Self.randomID(&generator)
            data.oldParentFolderID = Self.randomID(&generator)
            let tagCount = Int.random(in: 0...5, using: &generator)
            data.tags = (0..<tagCount).map { _ in PropertyTag(rawValue: UInt32.random(in: 0...UInt32.max, using: &generator)) }
            data.tagCount = [0, 0xFFFF, UInt16(tagCount)][Int.random(in: 0...2, using: &generator)]
            data.totalMessageCount = UInt32.random(in: 0...UInt32.max, using: &generator)
            data.unreadMessageCount = UInt32.random(in: 0...UInt32.max, using: &generator)
            data.messageFlags = UInt32.random(in: 0...UInt32.max, using: &generator)
            data.unicode = generator.next() & 1 == 0
            data.messageClass = classes[Int.random(in: 0..<classes.count, using: &generator)]

            var expected: [UInt8] = [0xAB]
            data.referenceEncode(into: &expected)
            var actual: [UInt8] = [0xAB]
            data.encode(into: &actual)
            #expect(actual == expected, "flags 0x\(String(rawFlags, radix: 16))")
            #expect(actual.count - 1 == data.encodedSize)

            let handle = UInt32.random(in: 0...UInt32.max, using: &generator)
            let logon = UInt8.random(in: 0...255, using: &generator)
            var header: [UInt8] = [0xCD]
            RopNotify.encodeHeader(notificationHandle: handle, logonID: logon, into: &header)
            var expectedHeader: [UInt8] = [0xCD, 0x2A]
            expectedHeader.appendUInt32(handle)
            expectedHeader.append(logon)
            #expect(header == expectedHeader)
        }
    }

    @Test("a TableRowData longer than 65,535 bytes is cut at 65,535, as before")
    func oversizedRowData() {
        var data = NotificationData.tableRow(.tableRowAdded, contents: false, folderID: ObjectID(replicaID: 1, globalCounter: 2),
                                             insertAfterFolderID: .zero, rowData: [UInt8](repeating: 7, count: 70_000))
        data.tableRowInstance = 0
        var expected: [UInt8] = []
        data.referenceEncode(into: &expected)
        var actual: [UInt8] = []
        data.encode(into: &actual)
        #expect(actual == expected)
        #expect(actual.count == data.encodedSize)
    }
}

@Suite("NotificationData decode after the fast-path changes")
struct NotificationDecodeTests {
    @Test("8-bit MessageClass: ASCII and Latin-1 both decode one character per byte")
    func messageClass8Bit() throws {
        for messageClass in ["IPM.Note", "", "IPM.Ünïcödé", "\u{FF}\u{80}A"] {
            let data = NotificationData.newMail(folderID: ObjectID(replicaID: 1, globalCounter: 2), messageID: ObjectID(replicaID: 1, globalCounter: 3),
                                                messageFlags: 1, messageClass: messageClass, unicode: false)
            var bytes: [UInt8] = []
            data.encode(into: &bytes)
            #expect(bytes.suffix(messageClass.unicodeScalars.count + 1) == messageClass.unicodeScalars.map { UInt8($0.value) } + [0])
            var reader = ByteReader(bytes)
            #expect(try NotificationData.decode(from: &reader) == data)
            #expect(reader.isAtEnd)
        }
    }

    @Test("an unterminated 8-bit MessageClass is truncated at its start")
    func unterminated() {
        var bytes: [UInt8] = []
        NotificationData.newMail(folderID: .zero, messageID: .zero, messageFlags: 0, messageClass: "IPM", unicode: false).encode(into: &bytes)
        bytes.removeLast()
        var reader = ByteReader(bytes)
        #expect(throws: WireError(offset: 23, field: "MessageClass", kind: .truncated(needed: 4, available: 3))) {
            try NotificationData.decode(from: &reader)
        }
    }

    @Test("every sample notification round-trips through RopResponseReader")
    func roundTrip() throws {
        for size in [100, 5000, 32 * 1024] {
            let list = Samples.ropNotifyList(size * 2, seed: UInt64(size))
            // Cut at a ROP boundary: decode the whole list, then re-encode what was read.
            var reader = RopResponseReader(ropsList: list)
            var reencoded: [UInt8] = []
            var lastGood = 0
            while reader.offset < size, let element = try? reader.next() {
                element.response.encode(into: &reencoded)
                lastGood = element.range.upperBound
            }
            #expect(reencoded == Array(list[0..<lastGood]))
            #expect(lastGood > 0)
        }
    }
}
