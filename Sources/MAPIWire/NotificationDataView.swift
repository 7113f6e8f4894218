/// A NotificationData (MS-OXCNOTIF 2.2.1.4.1.2) validated in place: every byte it covers has been
/// checked against the same rules ``NotificationData/decode(from:)`` applies (it is what that decoder
/// is built on), and each field is read from the wire bytes only when asked for.
///
/// A view points into a buffer it does not own. It is valid only inside the closure that produced it
/// (``RopResponseViewReader/withReader(ropsList:_:)`` or `withUnsafeBytes`); materialize it with
/// ``NotificationData/init(_:)`` to keep it. Fields the layout leaves out read as zero (or empty),
/// exactly as after a materializing decode.
public struct NotificationDataView {
    /// Exactly the NotificationData bytes.
    public let bytes: UnsafeRawBufferPointer
    public let flags: NotificationFlags
    /// Zero unless the event type is TableModified.
    public let tableEventType: TableEventType
    /// This shape's row of ``Shape/Tables/fieldOffsets``: where each field is, if present.
    let fieldOffsets: UnsafePointer<Int8>

    /// The presence rules, as the encoder sees them.
    public var layout: NotificationData.Layout { NotificationData.Layout(flags: flags, tableEventType: tableEventType) }

    // MARK: Fixed-size fields

    public var tableRowFolderID: FolderID { objectID(.tableRowFolderID) }
    public var tableRowMessageID: MessageID { objectID(.tableRowMessageID) }
    public var tableRowInstance: UInt32 { uint32(.tableRowInstance) }
    public var insertAfterTableRowFolderID: FolderID { objectID(.insertAfterTableRowFolderID) }
    public var insertAfterTableRowID: MessageID { objectID(.insertAfterTableRowID) }
    public var insertAfterTableRowInstance: UInt32 { uint32(.insertAfterTableRowInstance) }
    public var folderID: FolderID { objectID(.folderID) }
    public var messageID: MessageID { objectID(.messageID) }
    public var parentFolderID: FolderID { objectID(.parentFolderID) }
    public var oldFolderID: FolderID { objectID(.oldFolderID) }
    public var oldMessageID: MessageID { objectID(.oldMessageID) }
    public var oldParentFolderID: FolderID { objectID(.oldParentFolderID) }
    /// TagCount as on the wire: 0x0000 or 0xFFFF when no Tags follow.
    public var tagCount: UInt16 { offset(of: .tagCount).map(load16) ?? 0 }
    public var totalMessageCount: UInt32 { uint32(.totalMessageCount) }
    public var unreadMessageCount: UInt32 { uint32(.unreadMessageCount) }
    public var messageFlags: UInt32 { uint32(.messageFlags) }
    /// UnicodeFlag: MessageClass is UTF-16LE when true, 8-bit characters when false.
    public var unicode: Bool { offset(of: .unicodeFlag).map { bytes.load(fromByteOffset: $0, as: UInt8.self) == 1 } ?? false }

    // MARK: Variable-length fields

    /// The TableRowData bytes (an MS-OXCDATA 2.8 PropertyRow in the table's columns); empty when absent.
    public var tableRowData: UnsafeRawBufferPointer {
        guard let sizeOffset = offset(of: .tableRowDataSize) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: bytes[sizeOffset + 2 ..< sizeOffset + 2 + Int(load16(sizeOffset))])
    }

    /// The Tags, read in place; empty when TagCount is absent, 0x0000 or 0xFFFF.
    public var tags: Tags {
        guard let countOffset = offset(of: .tagCount) else { return Tags(bytes: UnsafeRawBufferPointer(start: nil, count: 0)) }
        let count = load16(countOffset)
        let tagBytes = count == 0 || count == 0xFFFF ? 0 : 4 * Int(count)
        return Tags(bytes: UnsafeRawBufferPointer(rebasing: bytes[countOffset + 2 ..< countOffset + 2 + tagBytes]))
    }

    /// MessageClass as on the wire, without its terminator: 8-bit characters or UTF-16LE code units
    /// (see ``unicode``); empty when absent.
    public var messageClassBytes: UnsafeRawBufferPointer {
        guard let flagOffset = offset(of: .unicodeFlag) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let terminator = unicode ? 2 : 1
        return UnsafeRawBufferPointer(rebasing: bytes[flagOffset + 1 ..< bytes.count - terminator])
    }

    /// MessageClass decoded as ``NotificationData/messageClass`` holds it (Latin-1 for 8-bit, UTF-16
    /// with unpaired surrogates replaced by U+FFFD).
    public var messageClass: String {
        let raw = messageClassBytes
        guard unicode else { return ByteReader.latin1String(raw) }
        let units = (0..<raw.count / 2).map { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
        return String(decoding: units, as: UTF16.self)
    }

    /// PropertyTags read in place from the Tags field.
    public struct Tags: RandomAccessCollection {
        let bytes: UnsafeRawBufferPointer
        public var startIndex: Int { 0 }
        public var endIndex: Int { bytes.count / 4 }
        public subscript(position: Int) -> PropertyTag {
            precondition(position >= 0 && position < endIndex, "Tags index out of range")
            return PropertyTag(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * position, as: UInt32.self)))
        }
    }

    // MARK: Field access

    @inline(__always)
    private func offset(of field: Field) -> Int? {
        let stored = fieldOffsets[field.rawValue]
        if stored == Shape.absent { return nil }
        // Fields after the variable-length part (the counts after Tags) are stored from the end.
        return stored >= 0 ? Int(stored) : bytes.count + Int(stored)
    }

    @inline(__always) private func load16(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always) private func uint32(_ field: Field) -> UInt32 {
        guard let offset = offset(of: field) else { return 0 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always) private func objectID(_ field: Field) -> ObjectID {
        guard let offset = offset(of: field) else { return .zero }
        return ObjectID(wireValue: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }
}

@available(*, unavailable, message: "a view points into a buffer valid only in the closure that produced it")
extension NotificationDataView: Sendable {}

// MARK: - Validation

extension NotificationDataView {
    /// Where a validated NotificationData ends, and what a view of it needs: all that
    /// ``RopResponseIndex`` keeps per RopNotify.
    struct Extent {
        var end: Int
        var shapeIndex: Int
        var tableEventType: UInt16

        init(end: Int, shapeIndex: Int, tableEventType: UInt16) {
            self.end = end
            self.shapeIndex = shapeIndex
            self.tableEventType = tableEventType
        }

        /// The extent of `buffer[start..<end]`, already validated as a NotificationData: only its
        /// NotificationFlags and TableEventType are read again, to find its shape.
        @inline(__always)
        init(validated buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, _ tables: Shape.Tables) {
            let flags = NotificationDataView.load16(buffer, start)
            let isTable = Shape.Hot(bits: tables.hotByFlags[Int(flags)]).needsTableEventType
            tableEventType = isTable ? NotificationDataView.load16(buffer, start &+ 2) : 0
            shapeIndex = NotificationDataView.shapeIndex(flags: flags, tableEventType, tables)
            self.end = end
        }
    }

    /// Validates the NotificationData at `start` in `buffer[start..<end]` and returns its view; it
    /// covers `view.bytes.count` bytes from `start`.
    ///
    /// Errors are those of a field-by-field read (offsets absolute in `buffer`): the first field that
    /// does not fit is reported as truncated, with what it needed and what was left. Requires
    /// `0 <= start <= end <= buffer.count` (callers pass the range of a ``ByteReader`` or a whole buffer).
    /// `tables` is ``Shape/tables``, passed in because reading a lazily initialized global costs a
    /// call (`swift_once`) each time on Linux: a loop fetches it once.
    @inline(__always)
    static func validate(
        _ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, tables: Shape.Tables = Shape.tables
    ) throws(WireError) -> NotificationDataView {
        guard end &- start >= 2 else { throw flagsTruncated(at: start, to: end) }
        let flags = load16(buffer, start)
        let extent = try validate(buffer, flags: flags, from: start, to: end, tables)
        return NotificationDataView(buffer, from: start, extent, flags: flags, tables)
    }

    /// A view of bytes already validated as `extent`; nothing is checked again.
    @inline(__always)
    init(_ buffer: UnsafeRawBufferPointer, from start: Int, _ extent: Extent, flags: UInt16, _ tables: Shape.Tables) {
        self.init(
            bytes: UnsafeRawBufferPointer(start: buffer.baseAddress.map { $0 + start }, count: extent.end &- start),
            flags: NotificationFlags(rawValue: flags), tableEventType: TableEventType(rawValue: extent.tableEventType),
            fieldOffsets: tables.fieldOffsets + extent.shapeIndex &* Field.count)
    }

    /// The rules of MS-OXCNOTIF 2.2.1.4.1.2, once, for every decoder: the NotificationData at `start`,
    /// whose NotificationFlags (`flags`, already read: the caller checked the 2 bytes are there) select
    /// the shape. Every check is one comparison on the way; what failed is worked out off the hot path.
    ///
    /// Where the next ROP starts depends on this one's end, so the time per ROP is the chain of loads
    /// from its start to its end: the flags, their ``Shape/Hot`` entry, and (only for TableRowData and
    /// Tags) the count. Everything else (the shape index a view needs) is off that chain, and the
    /// variable part is chosen by branches, which the processor predicts, rather than by arithmetic on
    /// a count that would have to be loaded for every shape.
    @inline(__always)
    static func validate(
        _ buffer: UnsafeRawBufferPointer, flags: UInt16, from start: Int, to end: Int, _ tables: Shape.Tables
    ) throws(WireError) -> Extent {
        var hot = Shape.Hot(bits: tables.hotByFlags[Int(flags)])
        // Also in `hot`, but a byte of its own table puts one operation less between this ROP's start
        // and the next one's.
        var fixedBefore = Int(tables.fixedBeforeByFlags[Int(flags)])
        var tableEventType: UInt16 = 0
        if hot.needsTableEventType {
            guard hot != .invalid else { throw invalidFlags(flags, at: start) }
            guard end &- start >= 4 else {
                throw WireError(offset: start &+ 2, field: "TableEventType", kind: .truncated(needed: 2, available: end &- start &- 2))
            }
            tableEventType = load16(buffer, start &+ 2)
            guard tableEventType < 8 else { throw invalidTableEventType(tableEventType, at: start &+ 2) }
            // The row is found from the flags themselves rather than from `hot`, so this load does not
            // wait for the first one.
            hot = Shape.Hot(bits: tables.hotByShape[Shape.tableShapeBase(flags) &+ Int(tableEventType)])
            guard hot != .invalid else { throw invalidTableEventType(tableEventType, at: start &+ 2) }
            fixedBefore = hot.fixedBefore
        }
        let variableStart = start &+ fixedBefore
        guard variableStart <= end else {
            throw fixedFieldError(shapeIndex(flags: flags, tableEventType, tables), from: start, to: end, trailing: false, tables)
        }
        var dataEnd = variableStart
        switch hot.variable {
        case .none:
            // All fields are fixed: fixedBefore is the whole size (fixedAfter is 0).
            break
        case .messageClass:
            // The UnicodeFlag is the last fixed byte before MessageClass, and nothing follows it.
            let unicodeFlag = buffer.load(fromByteOffset: variableStart &- 1, as: UInt8.self)
            guard unicodeFlag <= 1 else { throw invalidUnicodeFlag(unicodeFlag, at: variableStart &- 1) }
            dataEnd = try unicodeFlag == 1
                ? scanUTF16Terminator(buffer, from: variableStart, to: end)
                : scan8BitTerminator(buffer, from: variableStart, to: end)
        case .tableRowData, .tags:
            // TableRowDataSize or TagCount is the u16 just before the variable part.
            let count = load16(buffer, variableStart &- 2)
            let variableSize = hot.variable == .tableRowData ? Int(count) : count == 0xFFFF ? 0 : Int(count) &<< 2
            dataEnd = variableStart &+ variableSize &+ hot.fixedAfter
            guard dataEnd <= end else {
                throw variableOrTrailingError(
                    shapeIndex(flags: flags, tableEventType, tables), variableStart: variableStart, variableSize: variableSize, to: end, tables)
            }
        }
        return Extent(end: dataEnd, shapeIndex: shapeIndex(flags: flags, tableEventType, tables), tableEventType: tableEventType)
    }

    /// The row of ``Shape/Tables/shapes`` and ``Shape/Tables/fieldOffsets`` for valid flags and
    /// TableEventType (zero unless TableModified).
    @inline(__always)
    static func shapeIndex(flags: UInt16, _ tableEventType: UInt16, _ tables: Shape.Tables) -> Int {
        Int(tables.shapeByFlags[Int(flags)]) &+ Int(tableEventType)
    }

    @inline(__always)
    static func load16(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The offset after the 0x00 that ends an 8-bit MessageClass starting at `start`.
    ///
    /// Eight bytes at a time while they are in bounds: the lowest byte flagged by
    /// `(word - 0x01…01) & ~word & 0x80…80` is the first zero byte (borrows only run upward, so only
    /// bytes above a real zero can be flagged wrongly).
    @inline(__always)
    static func scan8BitTerminator(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(WireError) -> Int {
        var index = start
        while end &- index >= 8 {
            let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let zeros = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if zeros != 0 { return index &+ zeros.trailingZeroBitCount &>> 3 &+ 1 }
            index &+= 8
        }
        while index < end {
            if buffer.load(fromByteOffset: index, as: UInt8.self) == 0 { return index &+ 1 }
            index &+= 1
        }
        throw WireError(offset: start, field: "MessageClass", kind: .truncated(needed: end &- start &+ 1, available: end &- start))
    }

    /// The offset after the 0x0000 that ends a UTF-16LE MessageClass starting at `start`: the same
    /// zero search on four 16-bit code units at a time (always at an even distance from `start`).
    @inline(__always)
    static func scanUTF16Terminator(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(WireError) -> Int {
        var index = start
        while end &- index >= 8 {
            let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let zeros = (word &- 0x0001_0001_0001_0001) & ~word & 0x8000_8000_8000_8000
            if zeros != 0 { return index &+ (zeros.trailingZeroBitCount &>> 4) &* 2 &+ 2 }
            index &+= 8
        }
        while index &+ 1 < end {
            if load16(buffer, index) == 0 { return index &+ 2 }
            index &+= 2
        }
        throw WireError(offset: start, field: "MessageClass", kind: .truncated(needed: index &- start &+ 2, available: end &- start))
    }

    // MARK: Errors, off the hot path

    @inline(never)
    static func flagsTruncated(at start: Int, to end: Int) -> WireError {
        WireError(offset: start, field: "NotificationFlags", kind: .truncated(needed: 2, available: end - start))
    }

    @inline(never)
    static func invalidFlags(_ flags: UInt16, at start: Int) -> WireError {
        WireError(offset: start, field: "NotificationFlags", kind: .invalidValue(UInt64(flags)))
    }

    @inline(never)
    static func invalidTableEventType(_ tableEventType: UInt16, at offset: Int) -> WireError {
        WireError(offset: offset, field: "TableEventType", kind: .invalidValue(UInt64(tableEventType)))
    }

    @inline(never)
    static func invalidUnicodeFlag(_ unicodeFlag: UInt8, at offset: Int) -> WireError {
        WireError(offset: offset, field: "UnicodeFlag", kind: .invalidValue(UInt64(unicodeFlag)))
    }

    /// The variable part (TableRowData or Tags) does not fit, or the fixed fields after it do not:
    /// the first of the two, in wire order.
    @inline(never)
    static func variableOrTrailingError(
        _ shapeIndex: Int, variableStart: Int, variableSize: Int, to end: Int, _ tables: Shape.Tables
    ) -> WireError {
        guard variableSize <= end - variableStart else {
            let field = tables.shapes[shapeIndex].variable == .tags ? "Tags" : "TableRowData"
            return WireError(offset: variableStart, field: field, kind: .truncated(needed: variableSize, available: end - variableStart))
        }
        return fixedFieldError(shapeIndex, from: variableStart + variableSize, to: end, trailing: true, tables)
    }

    /// The error for fixed-size fields that do not all fit: the first one, in wire order, that does
    /// not. `from` is the NotificationData's start, or the end of its variable part when `trailing`.
    @inline(never)
    static func fixedFieldError(_ shapeIndex: Int, from start: Int, to end: Int, trailing: Bool, _ tables: Shape.Tables) -> WireError {
        let fixedAfter = Int(tables.shapes[shapeIndex].fixedAfter)
        for field in Field.allCases {
            let stored = tables.fieldOffsets[shapeIndex * Field.count + field.rawValue]
            guard stored != Shape.absent, (stored < 0) == trailing else { continue }
            let fieldStart = trailing ? start + fixedAfter + Int(stored) : start + Int(stored)
            if fieldStart + field.size > end {
                return WireError(offset: fieldStart, field: field.name, kind: .truncated(needed: field.size, available: max(0, end - fieldStart)))
            }
        }
        // Unreachable: callers come here only when the fixed fields do not all fit.
        return WireError(offset: start, field: "NotificationData", kind: .truncated(needed: 1, available: max(0, end - start)))
    }
}

// MARK: - Shapes: the Layout rule, tabulated for the decoder

extension NotificationDataView {
    /// The fixed-size fields of NotificationData in wire order (MS-OXCNOTIF 2.2.1.4.1.2), after
    /// NotificationFlags and TableEventType. Three are followed by a variable-length part.
    enum Field: Int, CaseIterable {
        case tableRowFolderID, tableRowMessageID, tableRowInstance
        case insertAfterTableRowFolderID, insertAfterTableRowID, insertAfterTableRowInstance
        case tableRowDataSize
        case folderID, messageID, parentFolderID, oldFolderID, oldMessageID, oldParentFolderID
        case tagCount
        case totalMessageCount, unreadMessageCount
        case messageFlags, unicodeFlag

        /// `allCases.count`, as a literal: it is part of every field read (checked when the tables are built).
        static var count: Int { 18 }

        var size: Int {
            switch self {
            case .tableRowInstance, .insertAfterTableRowInstance, .totalMessageCount, .unreadMessageCount, .messageFlags: 4
            case .tableRowDataSize, .tagCount: 2
            case .unicodeFlag: 1
            default: 8
            }
        }

        /// The spec's field name, for errors.
        var name: String {
            switch self {
            case .tableRowFolderID: "TableRowFolderID"
            case .tableRowMessageID: "TableRowMessageID"
            case .tableRowInstance: "TableRowInstance"
            case .insertAfterTableRowFolderID: "InsertAfterTableRowFolderID"
            case .insertAfterTableRowID: "InsertAfterTableRowID"
            case .insertAfterTableRowInstance: "InsertAfterTableRowInstance"
            case .tableRowDataSize: "TableRowDataSize"
            case .folderID: "FolderId"
            case .messageID: "MessageId"
            case .parentFolderID: "ParentFolderId"
            case .oldFolderID: "OldFolderId"
            case .oldMessageID: "OldMessageId"
            case .oldParentFolderID: "OldParentFolderId"
            case .tagCount: "TagCount"
            case .totalMessageCount: "TotalMessageCount"
            case .unreadMessageCount: "UnreadMessageCount"
            case .messageFlags: "MessageFlags"
            case .unicodeFlag: "UnicodeFlag"
            }
        }

        func isPresent(in layout: NotificationData.Layout) -> Bool {
            switch self {
            case .tableRowFolderID: layout.tableRowFolderID
            case .tableRowMessageID, .tableRowInstance: layout.tableRowMessageIDAndInstance
            case .insertAfterTableRowFolderID: layout.insertAfterFolderID
            case .insertAfterTableRowID, .insertAfterTableRowInstance: layout.insertAfterRowIDAndInstance
            case .tableRowDataSize: layout.tableRowData
            case .folderID: layout.folderID
            case .messageID: layout.messageID
            case .parentFolderID: layout.parentFolderID
            case .oldFolderID: layout.oldFolderID
            case .oldMessageID: layout.oldMessageID
            case .oldParentFolderID: layout.oldParentFolderID
            case .tagCount: layout.tagCount
            case .totalMessageCount: layout.totalMessageCount
            case .unreadMessageCount: layout.unreadMessageCount
            case .messageFlags, .unicodeFlag: layout.newMailFields
            }
        }

        /// The variable-length part this field introduces.
        var introduces: Shape.VariablePart {
            switch self {
            case .tableRowDataSize: .tableRowData
            case .tagCount: .tags
            case .unicodeFlag: .messageClass
            default: .none
            }
        }
    }

    /// What a decoder needs to know about one (NotificationFlags, TableEventType) combination,
    /// computed once from ``NotificationData/Layout`` — the single statement of the presence rules —
    /// so that validating a NotificationData costs a table lookup instead of walking the layout.
    struct Shape {
        enum VariablePart: UInt8 { case none, tableRowData, tags, messageClass }

        /// The flags (and TableEventType) are allowed.
        var isValid = false
        /// Bytes from the start through the fixed fields before the variable part (including its
        /// TableRowDataSize, TagCount or UnicodeFlag); the whole size when there is none.
        var fixedBefore: UInt8 = 0
        var variable = VariablePart.none
        /// Bytes of fixed fields after the variable part.
        var fixedAfter: UInt8 = 0

        static let absent = Int8.min
        static let invalidFlags: UInt8 = 0xFF
        /// Shapes 0..<128 are per (event type, T/U/S/M); TableModified shapes start here, eight
        /// (one per TableEventType value below 8) for each S/M combination.
        static let firstTableShape: UInt8 = 128

        /// Built once and never freed. Plain pointers rather than arrays: reading them costs no
        /// reference counting and no bounds check, and every index is in range by construction
        /// (a UInt16 for ``shapeByFlags``; shape indices below ``shapeCount``).
        struct Tables: @unchecked Sendable {
            /// NotificationFlags → shape index, ``invalidFlags``, or (TableModified) the index of
            /// the shape for TableEventType 0, to which the TableEventType is added.
            let shapeByFlags: UnsafePointer<UInt8>
            let shapes: UnsafePointer<Shape>
            /// Per shape, per ``Field``: its offset from the start, its offset from the end when
            /// negative (fields after the variable part), or ``absent``.
            let fieldOffsets: UnsafePointer<Int8>
            /// NotificationFlags → what validation needs (``Hot``) in one load: the shape's sizes,
            /// ``Hot/table`` for TableModified (the shape then depends on TableEventType), or
            /// ``Hot/invalid``.
            let hotByFlags: UnsafePointer<UInt16>
            /// Shape index → ``Hot``, ``Hot/invalid`` for the TableEventType values with no shape.
            let hotByShape: UnsafePointer<UInt16>
            /// NotificationFlags → ``Hot/fixedBefore`` of their shape; 0 for TableModified and
            /// flags not allowed.
            let fixedBeforeByFlags: UnsafePointer<UInt8>
        }

        /// A shape packed in 16 bits, so that the decoder goes from NotificationFlags to sizes in one
        /// load: bits 0–5 ``fixedBefore``, 6–9 ``fixedAfter``, 10–11 the variable part; bit 15 set
        /// means TableModified (see ``tableShapeBase(_:)``) or, all bits set, not allowed.
        struct Hot: Equatable {
            let bits: UInt16
            static let invalid = Hot(bits: 0xFFFF)

            init(bits: UInt16) { self.bits = bits }

            init(_ shape: Shape) {
                precondition(shape.fixedBefore < 64 && shape.fixedAfter < 16, "Hot packs fixedBefore in 6 bits, fixedAfter in 4")
                bits = UInt16(shape.fixedBefore) | UInt16(shape.fixedAfter) << 6 | UInt16(shape.variable.rawValue) << 10
            }

            static let table = Hot(bits: 0x8000)

            var needsTableEventType: Bool { bits & 0x8000 != 0 }
            var fixedBefore: Int { Int(bits & 0x3F) }
            var fixedAfter: Int { Int(bits &>> 6 & 0xF) }
            var variable: VariablePart { VariablePart(rawValue: UInt8(truncatingIfNeeded: bits &>> 10 & 3)) ?? .none }
        }

        static let shapeCount = 160

        /// The TableModified shape for TableEventType 0 with these (allowed) flags: eight shapes for
        /// each S/M combination, the two high bits of NotificationFlags (T and U are never set).
        @inline(__always)
        static func tableShapeBase(_ flags: UInt16) -> Int { Int(firstTableShape) &+ Int(flags &>> 14) &* 8 }

        static let tables: Tables = {
            precondition(Field.allCases.count == Field.count, "Field.count must match the cases")
            var shapeByFlags = [UInt8](repeating: invalidFlags, count: 0x1_0000)
            var shapes = [Shape](repeating: Shape(), count: shapeCount)
            var fieldOffsets = [Int8](repeating: absent, count: shapeCount * Field.count)
            for raw in 0...Int(UInt16.max) {
                let flags = NotificationFlags(rawValue: UInt16(raw))
                guard NotificationData.allowsFlags(flags) else { continue }
                let high = raw >> 12
                if flags.type == .tableModified {
                    let base = tableShapeBase(UInt16(raw))
                    precondition(base == Int(firstTableShape) + (high >> 2) * 8 && high & 3 == 0, "T/U only on ObjectModified")
                    shapeByFlags[raw] = UInt8(base)
                    for tableEventType in 0..<8 {
                        let event = TableEventType(rawValue: UInt16(tableEventType))
                        guard event.isDefined else { continue }
                        build(base + tableEventType, flags: flags, tableEventType: event, &shapes, &fieldOffsets)
                    }
                } else {
                    let index = (flags.type.rawValue.trailingZeroBitCount - 1) << 4 | high
                    shapeByFlags[raw] = UInt8(index)
                    build(index, flags: flags, tableEventType: TableEventType(rawValue: 0), &shapes, &fieldOffsets)
                }
            }
            func immortal<T>(_ array: [T]) -> UnsafePointer<T> {
                let pointer = UnsafeMutablePointer<T>.allocate(capacity: array.count)
                pointer.initialize(from: array, count: array.count)
                return UnsafePointer(pointer)
            }
            let hotByShape = shapes.map { $0.isValid ? Hot($0) : .invalid }.map(\.bits)
            let hotByFlags = shapeByFlags.map { index in
                index == invalidFlags ? Hot.invalid.bits : index >= firstTableShape ? Hot.table.bits : hotByShape[Int(index)]
            }
            return Tables(
                shapeByFlags: immortal(shapeByFlags), shapes: immortal(shapes), fieldOffsets: immortal(fieldOffsets),
                hotByFlags: immortal(hotByFlags), hotByShape: immortal(hotByShape),
                fixedBeforeByFlags: immortal(hotByFlags.map { UInt8(Hot(bits: $0).needsTableEventType ? 0 : Hot(bits: $0).fixedBefore) }))
        }()

        private static func build(
            _ index: Int, flags: NotificationFlags, tableEventType: TableEventType, _ shapes: inout [Shape], _ fieldOffsets: inout [Int8]
        ) {
            let layout = NotificationData.Layout(flags: flags, tableEventType: tableEventType)
            var shape = Shape(isValid: true)
            var offset = layout.tableEventType ? 4 : 2
            var afterVariable: [Field] = []
            for field in Field.allCases where field.isPresent(in: layout) {
                if shape.variable != .none {
                    afterVariable.append(field)
                    continue
                }
                fieldOffsets[index * Field.count + field.rawValue] = Int8(offset)
                offset += field.size
                shape.variable = field.introduces
            }
            shape.fixedBefore = UInt8(offset)
            let fixedAfter = afterVariable.reduce(0) { $0 + $1.size }
            precondition(afterVariable.allSatisfy { $0.introduces == .none }, "one variable-length part per NotificationData")
            var fromEnd = -fixedAfter
            for field in afterVariable {
                fieldOffsets[index * Field.count + field.rawValue] = Int8(fromEnd)
                fromEnd += field.size
            }
            shape.fixedAfter = UInt8(fixedAfter)
            precondition(shape.variable != .messageClass || fixedAfter == 0, "MessageClass is the last field")
            precondition(shape.variable != .none || fixedAfter == 0, "fixed fields after a variable part only")
            shapes[index] = shape
        }
    }
}
