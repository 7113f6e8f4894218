import Testing
@testable import MAPIWire

/// The field-by-field NotificationData decoder as it was before decoding moved onto
/// ``NotificationDataView``, kept as the reference the view and the materializing decoder built on it
/// must match exactly: same values, same bytes consumed, same errors (offset, field and kind).
extension NotificationData {
    static func referenceDecode(from reader: inout ByteReader) throws(WireError) -> NotificationData {
        let flagsOffset = reader.offset
        let flags = NotificationFlags(rawValue: try reader.readUInt16("NotificationFlags"))
        let type = flags.type
        guard NotificationTypes.allEvents.contains(type), type.rawValue.nonzeroBitCount == 1 || type == .extended else {
            throw WireError(offset: flagsOffset, field: "NotificationFlags", kind: .invalidValue(UInt64(flags.rawValue)))
        }
        if (flags.hasTotalMessageCount || flags.hasUnreadMessageCount) && type != .objectModified {
            throw WireError(offset: flagsOffset, field: "NotificationFlags", kind: .invalidValue(UInt64(flags.rawValue)))
        }
        if flags.isSearchFolder && !flags.isMessage {
            throw WireError(offset: flagsOffset, field: "NotificationFlags", kind: .invalidValue(UInt64(flags.rawValue)))
        }
        var data = NotificationData(flags: flags)
        if type == .tableModified {
            let tetOffset = reader.offset
            data.tableEventType = TableEventType(rawValue: try reader.readUInt16("TableEventType"))
            guard [1, 3, 4, 5, 7].contains(data.tableEventType.rawValue) else {
                throw WireError(offset: tetOffset, field: "TableEventType", kind: .invalidValue(UInt64(data.tableEventType.rawValue)))
            }
        }
        let layout = data.layout
        if layout.tableRowFolderID { data.tableRowFolderID = try .decode(from: &reader, "TableRowFolderID") }
        if layout.tableRowMessageIDAndInstance {
            data.tableRowMessageID = try .decode(from: &reader, "TableRowMessageID")
            data.tableRowInstance = try reader.readUInt32("TableRowInstance")
        }
        if layout.insertAfterFolderID { data.insertAfterTableRowFolderID = try .decode(from: &reader, "InsertAfterTableRowFolderID") }
        if layout.insertAfterRowIDAndInstance {
            data.insertAfterTableRowID = try .decode(from: &reader, "InsertAfterTableRowID")
            data.insertAfterTableRowInstance = try reader.readUInt32("InsertAfterTableRowInstance")
        }
        if layout.tableRowData {
            let size = Int(try reader.readUInt16("TableRowDataSize"))
            data.tableRowData = try reader.readBytes(size, "TableRowData")
        }
        if layout.folderID { data.folderID = try .decode(from: &reader, "FolderId") }
        if layout.messageID { data.messageID = try .decode(from: &reader, "MessageId") }
        if layout.parentFolderID { data.parentFolderID = try .decode(from: &reader, "ParentFolderId") }
        if layout.oldFolderID { data.oldFolderID = try .decode(from: &reader, "OldFolderId") }
        if layout.oldMessageID { data.oldMessageID = try .decode(from: &reader, "OldMessageId") }
        if layout.oldParentFolderID { data.oldParentFolderID = try .decode(from: &reader, "OldParentFolderId") }
        if layout.tagCount {
            data.tagCount = try reader.readUInt16("TagCount")
            if data.tagCount != 0, data.tagCount != 0xFFFF {
                try reader.require(4 * Int(data.tagCount), field: "Tags")
                for _ in 0..<data.tagCount { data.tags.append(try PropertyTag.decode(from: &reader, "Tags")) }
            }
        }
        if layout.totalMessageCount { data.totalMessageCount = try reader.readUInt32("TotalMessageCount") }
        if layout.unreadMessageCount { data.unreadMessageCount = try reader.readUInt32("UnreadMessageCount") }
        if layout.newMailFields {
            data.messageFlags = try reader.readUInt32("MessageFlags")
            let unicodeOffset = reader.offset
            let unicodeFlag = try reader.readUInt8("UnicodeFlag")
            guard unicodeFlag <= 1 else {
                throw WireError(offset: unicodeOffset, field: "UnicodeFlag", kind: .invalidValue(UInt64(unicodeFlag)))
            }
            data.unicode = unicodeFlag == 1
            data.messageClass = data.unicode
                ? String(decoding: try reader.readUTF16("MessageClass"), as: UTF16.self)
                : try reader.readString8Latin1("MessageClass")
        }
        return data
    }
}

extension RopNotify {
    static func referenceDecode(from reader: inout ByteReader) throws(WireError) -> RopNotify {
        try reader.expectRopID(ropID)
        let handle = try reader.readUInt32("NotificationHandle")
        let logonID = try reader.readUInt8("LogonId")
        return RopNotify(notificationHandle: handle, logonID: logonID, notificationData: try NotificationData.referenceDecode(from: &reader))
    }
}

/// What a decoder made of `bytes[start..<end]`: the value and where it stopped, or its error.
struct DecodeOutcome<Value: Equatable>: Equatable {
    var value: Value?
    var end: Int?
    var error: WireError?

    init(_ bytes: [UInt8], from start: Int, to end: Int, _ decode: (inout ByteReader) throws(WireError) -> Value) {
        var reader = ByteReader(bytes, from: start, to: end)
        do throws(WireError) {
            value = try decode(&reader)
            self.end = reader.offset
        } catch {
            self.error = error
        }
    }
}

@Suite("NotificationDataView: validation in place matches the field-by-field decoder")
struct NotificationDataViewTests {
    /// Every accessor of `view` against the materialized value `expected`.
    static func expectFields(_ view: NotificationDataView, equal expected: NotificationData, _ context: String) {
        #expect(view.flags == expected.flags, "\(context)")
        #expect(view.tableEventType == expected.tableEventType, "\(context)")
        #expect(view.layout == expected.layout, "\(context)")
        #expect(view.tableRowFolderID == expected.tableRowFolderID, "\(context)")
        #expect(view.tableRowMessageID == expected.tableRowMessageID, "\(context)")
        #expect(view.tableRowInstance == expected.tableRowInstance, "\(context)")
        #expect(view.insertAfterTableRowFolderID == expected.insertAfterTableRowFolderID, "\(context)")
        #expect(view.insertAfterTableRowID == expected.insertAfterTableRowID, "\(context)")
        #expect(view.insertAfterTableRowInstance == expected.insertAfterTableRowInstance, "\(context)")
        #expect(Array(view.tableRowData) == expected.tableRowData, "\(context)")
        #expect(view.folderID == expected.folderID, "\(context)")
        #expect(view.messageID == expected.messageID, "\(context)")
        #expect(view.parentFolderID == expected.parentFolderID, "\(context)")
        #expect(view.oldFolderID == expected.oldFolderID, "\(context)")
        #expect(view.oldMessageID == expected.oldMessageID, "\(context)")
        #expect(view.oldParentFolderID == expected.oldParentFolderID, "\(context)")
        #expect(view.tagCount == expected.tagCount, "\(context)")
        #expect(Array(view.tags) == expected.tags, "\(context)")
        #expect(view.totalMessageCount == expected.totalMessageCount, "\(context)")
        #expect(view.unreadMessageCount == expected.unreadMessageCount, "\(context)")
        #expect(view.messageFlags == expected.messageFlags, "\(context)")
        #expect(view.unicode == expected.unicode, "\(context)")
        #expect(view.messageClass == expected.messageClass, "\(context)")
        #expect(NotificationData(view) == expected, "\(context)")
    }

    /// Validates `bytes[start..<end]` as a view; checks its fields against the reference decoder and
    /// its outcome (bytes consumed or error) against both decoders. Returns whether it was accepted.
    @discardableResult
    static func checkAgainstReference(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) -> Bool {
        let end = end ?? bytes.count
        let reference = DecodeOutcome(bytes, from: start, to: end) { reader throws(WireError) in try NotificationData.referenceDecode(from: &reader) }
        let decoded = DecodeOutcome(bytes, from: start, to: end) { reader throws(WireError) in try NotificationData.decode(from: &reader) }
        let context = hexString(Array(bytes[start..<end]))
        #expect(decoded == reference, "\(context)")
        let viewOutcome: Result<Int, WireError> = bytes.withUnsafeBytes { buffer in
            do throws(WireError) {
                let view = try NotificationDataView.validate(buffer, from: start, to: end)
                if let expected = reference.value { expectFields(view, equal: expected, context) }
                #expect(view.bytes.baseAddress == buffer.baseAddress.map { $0 + start })
                return .success(start + view.bytes.count)
            } catch {
                return .failure(error)
            }
        }
        switch viewOutcome {
        case let .success(viewEnd): #expect(viewEnd == reference.end, "\(context)")
        case let .failure(error): #expect(error == reference.error, "\(context)")
        }
        return reference.value != nil
    }

    @Test("5,000 random valid NotificationData of every layout: view fields == materialized decode == reference")
    func randomValidValues() {
        var generator = SplitMix64(seed: 0x5EED_0F_F1E1D5)
        let layouts = NotificationPropertyTests.layouts
        for iteration in 0..<5000 {
            let data = NotificationPropertyTests.notificationData(layouts[iteration % layouts.count], &generator)
            // Random bytes before and after: offsets are absolute and the view stops at its own end.
            var bytes = generator.bytes(Int.random(in: 0...3, using: &generator))
            let start = bytes.count
            data.encode(into: &bytes)
            let encodedEnd = bytes.count
            bytes += generator.bytes(Int.random(in: 0...3, using: &generator))
            #expect(Self.checkAgainstReference(bytes, from: start))
            let decoded = DecodeOutcome(bytes, from: start, to: bytes.count) { reader throws(WireError) in try NotificationData.decode(from: &reader) }
            #expect(decoded.value == data)
            #expect(decoded.end == encodedEnd)
        }
    }

    @Test("every truncation and every byte mutation of valid encodings: accepted and rejected identically, same errors")
    func truncatedAndMutated() {
        var generator = SplitMix64(seed: 0x0DD_B1750)
        let layouts = NotificationPropertyTests.layouts
        var accepted = 0, rejected = 0
        for iteration in 0..<600 {
            let data = NotificationPropertyTests.notificationData(layouts[iteration % layouts.count], &generator)
            var bytes: [UInt8] = []
            data.encode(into: &bytes)
            for length in 0..<bytes.count {
                Self.checkAgainstReference(bytes, from: 0, to: length) ? (accepted += 1) : (rejected += 1)
            }
            for _ in 0..<8 {
                var mutated = bytes
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                mutated[index] = generator.next() % 2 == 0 ? UInt8.random(in: 0...255, using: &generator) : mutated[index] ^ (1 << (generator.next() % 8))
                Self.checkAgainstReference(mutated) ? (accepted += 1) : (rejected += 1)
            }
        }
        // Both sides were exercised (a truncation can still be a valid, shorter value: 0-count tags).
        #expect(accepted > 1000)
        #expect(rejected > 10_000)
    }

    @Test("random bytes, mostly starting with plausible NotificationFlags, are treated identically")
    func randomBytes() {
        var generator = SplitMix64(seed: 0xF1A9_5EED)
        let plausible: [UInt16] = NotificationPropertyTests.layouts.map(\.flags) + [0x0000, 0x0001, 0x0400, 0x0006, 0x1004, 0x4004, 0x0100, 0xFFFF]
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = generator.bytes(Int.random(in: 0...48, using: &generator))
            if bytes.count >= 2, generator.next() % 4 != 0 {
                let flags = plausible[Int.random(in: 0..<plausible.count, using: &generator)]
                bytes[0] = UInt8(truncatingIfNeeded: flags)
                bytes[1] = UInt8(truncatingIfNeeded: flags >> 8)
                if bytes.count >= 4, generator.next() % 2 == 0 { bytes[2] = [1, 3, 4, 5, 7, 0, 2, 6, 8][Int(generator.next() % 9)]; bytes[3] = 0 }
            }
            if Self.checkAgainstReference(bytes) { accepted += 1 }
        }
        #expect(accepted > 500)
    }

    @Test("every event-type value, every T/U/S/M combination, every TableEventType below 16: same verdict as the reference")
    func everyFlagsValue() {
        var accepted = 0
        // The rules look at the 12-bit type and at the four high bits: every type value with no high
        // bits, and every high-bit combination with each single-bit type, 0 and 0x0FFF.
        let singleBitTypes = (0..<12).map { 1 << $0 } + [0, 0x0FFF]
        let flagsValues = Array(0..<0x1000) + (1..<16).flatMap { high in singleBitTypes.map { high << 12 | $0 } }
        for flags in flagsValues {
            // Enough zero bytes for the longest fixed layout; MessageClass and Tags end at once.
            var bytes = [UInt8](repeating: 0, count: 64)
            bytes[0] = UInt8(truncatingIfNeeded: flags)
            bytes[1] = UInt8(truncatingIfNeeded: flags >> 8)
            if flags & 0x0FFF == 0x0100 {
                for tableEventType: UInt8 in 0..<16 {
                    bytes[2] = tableEventType
                    if Self.checkAgainstReference(bytes) { accepted += 1 }
                }
            } else if Self.checkAgainstReference(bytes) {
                accepted += 1
            }
        }
        // protocol-reference §2.6: 4 types × 3 (folder, message, search-folder message) + ObjectModified
        // folder with 4 T/U combinations and 2 message variants + NewMail and SearchCompleted, each with
        // the M bit free where it does not change the layout, + TableModified 3 × 5.
        #expect(accepted > 30)
    }

    @Test("golden vectors decode to the same value through the view")
    func goldenVectors() {
        for vector in GoldenVector.all {
            Self.checkAgainstReference(vector.bytes)
            if vector.bytes.count > RopNotify.headerSize, vector.bytes.first == RopID.notify.rawValue {
                Self.checkAgainstReference(vector.bytes, from: RopNotify.headerSize)
            }
        }
    }
}

@Suite("RopResponseViewReader: the same elements and errors as RopResponseReader")
struct RopResponseViewReaderTests {
    /// The elements the view reader yields (materialized), or its error.
    static func viewDecodeAll(_ ropsList: [UInt8]) -> (elements: [RopResponseReader.Element], error: WireError?) {
        RopResponseViewReader.withReader(ropsList: ropsList) { reader in
            var elements: [RopResponseReader.Element] = []
            do throws(WireError) {
                while let element = try reader.next() {
                    #expect((element.notify != nil) == (element.ropID == .notify))
                    if let notify = element.notify { #expect(element.range.count == notify.byteCount) }
                    elements.append(RopResponseReader.Element(response: try reader.response(element), range: element.range))
                }
                return (elements, nil)
            } catch {
                return (elements, error)
            }
        }
    }

    /// The reference: RopNotify by the field-by-field decoder, other ROPs by RopResponse.decode.
    static func referenceDecodeAll(_ ropsList: [UInt8]) -> (elements: [RopResponseReader.Element], error: WireError?) {
        var reader = ByteReader(ropsList)
        var elements: [RopResponseReader.Element] = []
        while !reader.isAtEnd {
            let start = reader.offset
            do throws(WireError) {
                let response: RopResponse = ropsList[start] == RopID.notify.rawValue
                    ? .notify(try RopNotify.referenceDecode(from: &reader))
                    : try RopResponse.decode(from: &reader)
                elements.append(RopResponseReader.Element(response: response, range: start..<reader.offset))
            } catch {
                return (elements, error)
            }
        }
        return (elements, nil)
    }

    /// The elements a (possibly reused) ``RopResponseIndex`` holds after validating `ropsList`, each
    /// materialized twice (from its view and by ``RopResponseIndex/response(at:)``), or its error.
    static func indexDecodeAll(_ ropsList: [UInt8], _ index: inout RopResponseIndex) -> (elements: [RopResponseReader.Element], error: WireError?) {
        var error: WireError?
        do throws(WireError) { try index.validate(ropsList) } catch let caught { error = caught }
        let validated = index
        let elements = validated.withElements { elements in
            #expect(elements.count == validated.count)
            return elements.indices.map { position -> RopResponseReader.Element in
                let element = elements[position]
                #expect(element.ropID == validated.ropID(at: position))
                #expect(element.range == validated.range(at: position))
                #expect((element.notify != nil) == (element.ropID == .notify))
                let materialized = try? validated.response(at: position)
                if let notify = element.notify {
                    #expect(element.range.count == notify.byteCount)
                    #expect(materialized == .notify(RopNotify(notify)))
                }
                return RopResponseReader.Element(response: materialized ?? .pending(RopPending(sessionIndex: 0xDEAD)), range: element.range)
            }
        }
        #expect(validated.validatedEnd == (elements.last?.range.upperBound ?? 0))
        #expect(validated.ropsList == ropsList)
        return (elements, error)
    }

    static func check(_ ropsList: [UInt8]) -> Bool {
        var index = RopResponseIndex()
        return check(ropsList, reusing: &index)
    }

    static func check(_ ropsList: [UInt8], reusing index: inout RopResponseIndex) -> Bool {
        let view = viewDecodeAll(ropsList)
        let reference = referenceDecodeAll(ropsList)
        #expect(view.elements == reference.elements, "\(hexString(ropsList))")
        #expect(view.error == reference.error, "\(hexString(ropsList))")
        let indexed = indexDecodeAll(ropsList, &index)
        #expect(indexed.elements == reference.elements, "\(hexString(ropsList))")
        #expect(indexed.error == reference.error, "\(hexString(ropsList))")
        // RopResponseReader (materializing, built on the same view) agrees too.
        var reader = RopResponseReader(ropsList: ropsList)
        var elements: [RopResponseReader.Element] = []
        var readerError: WireError?
        do throws(WireError) { while let element = try reader.next() { elements.append(element) } } catch { readerError = error }
        #expect(elements == reference.elements)
        #expect(readerError == reference.error)
        return reference.error == nil
    }

    @Test("RopNotify lists with RopPending, truncated and mutated")
    func mutatedLists() {
        var generator = SplitMix64(seed: 0x715_7_0F_40)
        var clean = 0
        // One index for every list: what it held before must not leak into the next result.
        var index = RopResponseIndex()
        for iteration in 0..<300 {
            var list = Samples.ropNotifyList(Int.random(in: 1...300, using: &generator), seed: UInt64(iteration))
            // The sample list is cut at a byte count; end it at a ROP boundary so most lists are clean.
            list = Array(list.prefix(Self.referenceDecodeAll(list).elements.last?.range.upperBound ?? 0))
            if iteration % 3 == 0 { RopPending(sessionIndex: 3).encode(into: &list) }
            if Self.check(list, reusing: &index) { clean += 1 }
            for _ in 0..<6 where !list.isEmpty {
                var mutated = list
                let position = Int.random(in: 0..<mutated.count, using: &generator)
                mutated[position] = UInt8.random(in: 0...255, using: &generator)
                _ = Self.check(mutated, reusing: &index)
                _ = Self.check(Array(list.prefix(Int.random(in: 0...list.count, using: &generator))), reusing: &index)
            }
        }
        #expect(clean > 50)
    }

    @Test("a 32 KiB list: every element a valid view, materializing to the reference values")
    func bigList() {
        let list = Samples.ropNotifyList(32 * 1024, seed: 32)
        _ = Self.check(list)
        #expect(Self.viewDecodeAll(list).elements.count > 500)
    }

    @Test("RopResponseIndex: lists of many short ROPs grow the index; errors anywhere in them match")
    func indexGrowth() {
        var generator = SplitMix64(seed: 0x1_DE_C0DE)
        var index = RopResponseIndex()
        for iteration in 0..<40 {
            // RopPending (3 bytes) is far shorter than the RopNotify the index sizes itself for.
            var list: [UInt8] = []
            for _ in 0..<Int.random(in: 1...400, using: &generator) {
                if generator.next() % 4 == 0 {
                    // The sample list is cut at a byte count: keep its first RopNotify.
                    let notify = Samples.ropNotifyList(64, seed: generator.next())
                    list += notify[Self.referenceDecodeAll(notify).elements.first?.range ?? 0..<0]
                } else {
                    RopPending(sessionIndex: UInt16(truncatingIfNeeded: generator.next())).encode(into: &list)
                }
            }
            #expect(Self.check(list, reusing: &index))
            #expect(index.count > 0)
            if iteration % 2 == 0 {
                var mutated = list
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                _ = Self.check(mutated, reusing: &index)
            }
        }
    }

    @Test("RopResponseIndex: an empty list, and a list after an error, hold exactly what was validated")
    func indexEdges() {
        var index = RopResponseIndex()
        #expect(Self.check([], reusing: &index))
        #expect(index.count == 0 && index.validatedEnd == 0)
        let list = Samples.ropNotifyList(32 * 1024, seed: 7)
        let clean = Array(list.prefix(Self.referenceDecodeAll(list).elements.last?.range.upperBound ?? 0))
        #expect(Self.check(clean, reusing: &index))
        let validCount = index.count
        // An unknown RopId in the middle: the ROPs before it stay, the error names it.
        let cut = index.range(at: validCount / 2).lowerBound
        var broken = clean
        broken[cut] = 0xEE
        _ = Self.check(broken, reusing: &index)
        #expect(index.count == validCount / 2)
        #expect(index.validatedEnd == cut)
    }
}
