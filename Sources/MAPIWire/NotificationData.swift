/// NotificationData (MS-OXCNOTIF 2.2.1.4.1.2): the body of a RopNotify.
///
/// Which fields are on the wire depends only on ``flags`` and ``tableEventType``; that rule lives in
/// one place, ``Layout``, and both the encoder and the decoder follow it. Fields that the layout
/// leaves out are ignored when encoding and zero after decoding.
public struct NotificationData: Hashable, Sendable {
    public var flags: NotificationFlags
    public var tableEventType: TableEventType
    public var tableRowFolderID: FolderID
    public var tableRowMessageID: MessageID
    public var tableRowInstance: UInt32
    public var insertAfterTableRowFolderID: FolderID
    public var insertAfterTableRowID: MessageID
    public var insertAfterTableRowInstance: UInt32
    /// An encoded PropertyRow (MS-OXCDATA 2.8) in the table's current columns; at most 65,535 bytes
    /// (TableRowDataSize is a u16).
    public var tableRowData: [UInt8]
    public var folderID: FolderID
    public var messageID: MessageID
    public var parentFolderID: FolderID
    public var oldFolderID: FolderID
    public var oldMessageID: MessageID
    public var oldParentFolderID: FolderID
    /// 0x0000 or 0xFFFF: no Tags follow. Otherwise the number of ``tags`` (kept equal to `tags.count`).
    public var tagCount: UInt16
    public var tags: [PropertyTag]
    public var totalMessageCount: UInt32
    public var unreadMessageCount: UInt32
    public var messageFlags: UInt32
    /// UnicodeFlag: MessageClass travels as UTF-16LE when true, as 8-bit characters when false.
    public var unicode: Bool
    public var messageClass: String

    public init(flags: NotificationFlags) {
        self.flags = flags
        tableEventType = TableEventType(rawValue: 0)
        tableRowFolderID = .zero
        tableRowMessageID = .zero
        tableRowInstance = 0
        insertAfterTableRowFolderID = .zero
        insertAfterTableRowID = .zero
        insertAfterTableRowInstance = 0
        tableRowData = []
        folderID = .zero
        messageID = .zero
        parentFolderID = .zero
        oldFolderID = .zero
        oldMessageID = .zero
        oldParentFolderID = .zero
        tagCount = 0
        tags = []
        totalMessageCount = 0
        unreadMessageCount = 0
        messageFlags = 0
        unicode = false
        messageClass = ""
    }

    /// The presence rules of MS-OXCNOTIF 2.2.1.4.1.2 (protocol-reference §2.4), as one value.
    public struct Layout: Hashable, Sendable {
        public var tableEventType = false
        public var tableRowFolderID = false
        public var tableRowMessageIDAndInstance = false
        public var insertAfterFolderID = false
        public var insertAfterRowIDAndInstance = false
        public var tableRowData = false
        public var folderID = false
        public var messageID = false
        public var parentFolderID = false
        public var oldFolderID = false
        public var oldMessageID = false
        public var oldParentFolderID = false
        public var tagCount = false
        public var totalMessageCount = false
        public var unreadMessageCount = false
        public var newMailFields = false

        /// Layout for the given flags; `tableEventType` matters only for TableModified.
        public init(flags: NotificationFlags, tableEventType: TableEventType) {
            let type = flags.type.rawValue
            let message = flags.isMessage
            let search = flags.isSearchFolder
            if type == NotificationTypes.tableModified.rawValue {
                self.tableEventType = true
                let tet = tableEventType.rawValue
                let rowEvent = tet == 3 || tet == 4 || tet == 5
                let rowWithData = tet == 3 || tet == 5
                tableRowFolderID = rowEvent
                tableRowMessageIDAndInstance = message && rowEvent
                insertAfterFolderID = rowWithData
                insertAfterRowIDAndInstance = message && rowWithData
                tableRowData = rowWithData
            } else if type != NotificationTypes.extended.rawValue {
                folderID = true
                messageID = message
            }
            let createdDeletedMovedCopied = type == 0x0004 || type == 0x0008 || type == 0x0020 || type == 0x0040
            parentFolderID = createdDeletedMovedCopied && (search == message)
            let movedOrCopied = type == 0x0020 || type == 0x0040
            oldFolderID = movedOrCopied
            oldMessageID = movedOrCopied && message
            oldParentFolderID = movedOrCopied && !message
            tagCount = type == 0x0004 || type == 0x0010
            totalMessageCount = flags.hasTotalMessageCount
            unreadMessageCount = flags.hasUnreadMessageCount
            newMailFields = type == 0x0002
        }
    }

    public var layout: Layout { Layout(flags: flags, tableEventType: tableEventType) }

    /// The TagCount written on the wire: the number of tags, or the "no tags" value given.
    var wireTagCount: UInt16 {
        tags.isEmpty ? (tagCount == 0xFFFF ? 0xFFFF : 0) : UInt16(truncatingIfNeeded: tags.count)
    }

    // MARK: Encoding

    /// Appends the NotificationData bytes.
    ///
    /// This runs once per event on the notification hot path. The fixed-size fields between the
    /// variable-length ones are gathered in a stack scratch area and appended with one bulk copy
    /// each, instead of one `append` (capacity and uniqueness check) per byte. With capacity
    /// reserved in `buffer` it performs no heap allocation.
    public func encode(into buffer: inout [UInt8]) {
        let layout = self.layout
        var scratch = FieldScratch()
        scratch.put16(flags.rawValue)
        if layout.tableEventType { scratch.put16(tableEventType.rawValue) }
        if layout.tableRowFolderID { scratch.put64(tableRowFolderID.wireValue) }
        if layout.tableRowMessageIDAndInstance {
            scratch.put64(tableRowMessageID.wireValue)
            scratch.put32(tableRowInstance)
        }
        if layout.insertAfterFolderID { scratch.put64(insertAfterTableRowFolderID.wireValue) }
        if layout.insertAfterRowIDAndInstance {
            scratch.put64(insertAfterTableRowID.wireValue)
            scratch.put32(insertAfterTableRowInstance)
        }
        if layout.tableRowData {
            let count = min(tableRowData.count, Int(UInt16.max))
            scratch.put16(UInt16(count))
            scratch.flush(into: &buffer)
            if count == tableRowData.count {
                buffer.append(contentsOf: tableRowData)
            } else {
                buffer.append(contentsOf: tableRowData[0..<count])
            }
        }
        if layout.folderID { scratch.put64(folderID.wireValue) }
        if layout.messageID { scratch.put64(messageID.wireValue) }
        if layout.parentFolderID { scratch.put64(parentFolderID.wireValue) }
        if layout.oldFolderID { scratch.put64(oldFolderID.wireValue) }
        if layout.oldMessageID { scratch.put64(oldMessageID.wireValue) }
        if layout.oldParentFolderID { scratch.put64(oldParentFolderID.wireValue) }
        if layout.tagCount {
            let count = wireTagCount
            scratch.put16(count)
            if count != 0, count != 0xFFFF {
                for tag in tags.prefix(Int(count)) {
                    scratch.makeRoom(4, flushingInto: &buffer)
                    scratch.put32(tag.rawValue)
                }
            }
        }
        // Tags may have filled the scratch; what can follow them is at most the two counts.
        scratch.makeRoom(8, flushingInto: &buffer)
        if layout.totalMessageCount { scratch.put32(totalMessageCount) }
        if layout.unreadMessageCount { scratch.put32(unreadMessageCount) }
        if layout.newMailFields {
            scratch.put32(messageFlags)
            scratch.put8(unicode ? 1 : 0)
            if unicode {
                for unit in messageClass.utf16 {
                    scratch.makeRoom(2, flushingInto: &buffer)
                    scratch.put16(unit)
                }
                scratch.makeRoom(2, flushingInto: &buffer)
                scratch.put16(0)
            } else {
                // Message classes are ASCII in practice; then the UTF-8 bytes are the 8-bit form, and
                // walking them is much cheaper than walking Unicode scalars.
                let copiedASCII = messageClass.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
                    for byte in utf8 where byte >= 0x80 { return false }
                    scratch.putBytes(utf8, flushingInto: &buffer)
                    return true
                } ?? false
                if !copiedASCII {
                    for scalar in messageClass.unicodeScalars {
                        scratch.makeRoom(1, flushingInto: &buffer)
                        scratch.put8(scalar.value < 0x100 ? UInt8(scalar.value) : UInt8(ascii: "?"))
                    }
                }
                scratch.makeRoom(1, flushingInto: &buffer)
                scratch.put8(0)
            }
        }
        scratch.flush(into: &buffer)
    }

    /// The number of bytes ``encode(into:)`` appends.
    public var encodedSize: Int {
        let layout = self.layout
        var size = 2
        if layout.tableEventType { size += 2 }
        if layout.tableRowFolderID { size += 8 }
        if layout.tableRowMessageIDAndInstance { size += 12 }
        if layout.insertAfterFolderID { size += 8 }
        if layout.insertAfterRowIDAndInstance { size += 12 }
        if layout.tableRowData { size += 2 + min(tableRowData.count, Int(UInt16.max)) }
        if layout.folderID { size += 8 }
        if layout.messageID { size += 8 }
        if layout.parentFolderID { size += 8 }
        if layout.oldFolderID { size += 8 }
        if layout.oldMessageID { size += 8 }
        if layout.oldParentFolderID { size += 8 }
        if layout.tagCount {
            let count = wireTagCount
            size += 2 + (count == 0 || count == 0xFFFF ? 0 : 4 * Int(count))
        }
        if layout.totalMessageCount { size += 4 }
        if layout.unreadMessageCount { size += 4 }
        if layout.newMailFields {
            size += 5 + (unicode ? 2 * (messageClass.utf16.count + 1) : messageClass.unicodeScalars.count + 1)
        }
        return size
    }

    // MARK: Decoding

    /// Reads a NotificationData, rejecting values the specification forbids: an undefined event type,
    /// an undefined TableEventType, T/U on anything but ObjectModified, S without M.
    ///
    /// The bytes are validated once by ``NotificationDataView`` and the value is built from the view:
    /// the view's validation is the only statement of the decoding rules.
    public static func decode(from reader: inout ByteReader) throws(WireError) -> NotificationData {
        var value = NotificationData(flags: NotificationFlags(rawValue: 0))
        try reader.readInPlace(into: &value) { buffer, start, end, value throws(WireError) in
            let view = try NotificationDataView.validate(buffer, from: start, to: end)
            value = NotificationData(view)
            return view.bytes.count
        }
        return value
    }

    /// The NotificationFlags a NotificationData may carry: exactly one defined event type; T and U
    /// only on ObjectModified; S only with M.
    static func allowsFlags(_ flags: NotificationFlags) -> Bool {
        let type = flags.type
        guard NotificationTypes.allEvents.contains(type), type.rawValue.nonzeroBitCount == 1 else { return false }
        if (flags.hasTotalMessageCount || flags.hasUnreadMessageCount) && type != .objectModified { return false }
        return !(flags.isSearchFolder && !flags.isMessage)
    }

    /// Materializes a validated view: every field copied out of the buffer it points into.
    public init(_ view: NotificationDataView) {
        self.init(
            flags: view.flags, tableEventType: view.tableEventType,
            tableRowFolderID: view.tableRowFolderID, tableRowMessageID: view.tableRowMessageID, tableRowInstance: view.tableRowInstance,
            insertAfterTableRowFolderID: view.insertAfterTableRowFolderID, insertAfterTableRowID: view.insertAfterTableRowID,
            insertAfterTableRowInstance: view.insertAfterTableRowInstance, tableRowData: Array(view.tableRowData),
            folderID: view.folderID, messageID: view.messageID, parentFolderID: view.parentFolderID,
            oldFolderID: view.oldFolderID, oldMessageID: view.oldMessageID, oldParentFolderID: view.oldParentFolderID,
            tagCount: view.tagCount, tags: Array(view.tags), totalMessageCount: view.totalMessageCount,
            unreadMessageCount: view.unreadMessageCount, messageFlags: view.messageFlags, unicode: view.unicode,
            messageClass: view.messageClass)
    }

    /// Every field, for the decoder.
    private init(
        flags: NotificationFlags, tableEventType: TableEventType,
        tableRowFolderID: FolderID, tableRowMessageID: MessageID, tableRowInstance: UInt32,
        insertAfterTableRowFolderID: FolderID, insertAfterTableRowID: MessageID, insertAfterTableRowInstance: UInt32,
        tableRowData: [UInt8], folderID: FolderID, messageID: MessageID, parentFolderID: FolderID,
        oldFolderID: FolderID, oldMessageID: MessageID, oldParentFolderID: FolderID,
        tagCount: UInt16, tags: [PropertyTag], totalMessageCount: UInt32, unreadMessageCount: UInt32,
        messageFlags: UInt32, unicode: Bool, messageClass: String
    ) {
        self.flags = flags
        self.tableEventType = tableEventType
        self.tableRowFolderID = tableRowFolderID
        self.tableRowMessageID = tableRowMessageID
        self.tableRowInstance = tableRowInstance
        self.insertAfterTableRowFolderID = insertAfterTableRowFolderID
        self.insertAfterTableRowID = insertAfterTableRowID
        self.insertAfterTableRowInstance = insertAfterTableRowInstance
        self.tableRowData = tableRowData
        self.folderID = folderID
        self.messageID = messageID
        self.parentFolderID = parentFolderID
        self.oldFolderID = oldFolderID
        self.oldMessageID = oldMessageID
        self.oldParentFolderID = oldParentFolderID
        self.tagCount = tagCount
        self.tags = tags
        self.totalMessageCount = totalMessageCount
        self.unreadMessageCount = unreadMessageCount
        self.messageFlags = messageFlags
        self.unicode = unicode
        self.messageClass = messageClass
    }

}

// MARK: - Constructors for each event layout (protocol-reference §2.6)

extension NotificationData {
    /// NewMail (0x8002): FolderId, MessageId, MessageFlags, UnicodeFlag, MessageClass.
    public static func newMail(folderID: FolderID, messageID: MessageID, messageFlags: UInt32, messageClass: String, unicode: Bool) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(type: .newMail, message: true))
        data.folderID = folderID
        data.messageID = messageID
        data.messageFlags = messageFlags
        data.messageClass = messageClass
        data.unicode = unicode
        return data
    }

    /// ObjectCreated / ObjectDeleted / ObjectModified on a folder.
    public static func folderEvent(
        _ type: NotificationTypes, folderID: FolderID, parentFolderID: FolderID = .zero, tags: [PropertyTag] = [],
        totalMessageCount: UInt32? = nil, unreadMessageCount: UInt32? = nil
    ) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(
            type: type, totalMessageCount: totalMessageCount != nil, unreadMessageCount: unreadMessageCount != nil))
        data.folderID = folderID
        data.parentFolderID = parentFolderID
        data.tags = tags
        data.tagCount = UInt16(truncatingIfNeeded: tags.count)
        data.totalMessageCount = totalMessageCount ?? 0
        data.unreadMessageCount = unreadMessageCount ?? 0
        return data
    }

    /// ObjectCreated / ObjectDeleted / ObjectModified on a message (S set when in a search folder,
    /// where ParentFolderId also travels for Created/Deleted).
    public static func messageEvent(
        _ type: NotificationTypes, folderID: FolderID, messageID: MessageID, inSearchFolder: Bool = false,
        parentFolderID: FolderID = .zero, tags: [PropertyTag] = []
    ) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(type: type, message: true, searchFolder: inSearchFolder))
        data.folderID = folderID
        data.messageID = messageID
        data.parentFolderID = parentFolderID
        data.tags = tags
        data.tagCount = UInt16(truncatingIfNeeded: tags.count)
        return data
    }

    /// ObjectMoved / ObjectCopied of a folder.
    public static func folderMovedOrCopied(
        _ type: NotificationTypes, folderID: FolderID, parentFolderID: FolderID, oldFolderID: FolderID, oldParentFolderID: FolderID
    ) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(type: type))
        data.folderID = folderID
        data.parentFolderID = parentFolderID
        data.oldFolderID = oldFolderID
        data.oldParentFolderID = oldParentFolderID
        return data
    }

    /// ObjectMoved / ObjectCopied of a message.
    public static func messageMovedOrCopied(
        _ type: NotificationTypes, folderID: FolderID, messageID: MessageID, oldFolderID: FolderID, oldMessageID: MessageID,
        inSearchFolder: Bool = false, parentFolderID: FolderID = .zero
    ) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(type: type, message: true, searchFolder: inSearchFolder))
        data.folderID = folderID
        data.messageID = messageID
        data.parentFolderID = parentFolderID
        data.oldFolderID = oldFolderID
        data.oldMessageID = oldMessageID
        return data
    }

    /// SearchCompleted (0x0080): FolderId of the search folder.
    public static func searchCompleted(folderID: FolderID) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(type: .searchCompleted))
        data.folderID = folderID
        return data
    }

    /// TableChanged / TableRestrictionChanged (nothing after TableEventType).
    public static func tableEvent(_ event: TableEventType, contents: Bool, searchFolder: Bool = false) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(type: .tableModified, message: contents, searchFolder: searchFolder && contents))
        data.tableEventType = event
        return data
    }

    /// TableRowDeleted: TableRowFolderID (+ TableRowMessageID, TableRowInstance for contents tables).
    public static func tableRowDeleted(
        contents: Bool, searchFolder: Bool = false, folderID: FolderID, messageID: MessageID = .zero, instance: UInt32 = 0
    ) -> NotificationData {
        var data = tableEvent(.tableRowDeleted, contents: contents, searchFolder: searchFolder)
        data.tableRowFolderID = folderID
        data.tableRowMessageID = messageID
        data.tableRowInstance = instance
        return data
    }

    /// TableRowAdded / TableRowModified with the row it now follows (all zero when it is first) and
    /// its PropertyRow in the table's current columns.
    public static func tableRow(
        _ event: TableEventType, contents: Bool, searchFolder: Bool = false,
        folderID: FolderID, messageID: MessageID = .zero, instance: UInt32 = 0,
        insertAfterFolderID: FolderID, insertAfterMessageID: MessageID = .zero, insertAfterInstance: UInt32 = 0,
        rowData: [UInt8]
    ) -> NotificationData {
        var data = tableEvent(event, contents: contents, searchFolder: searchFolder)
        data.tableRowFolderID = folderID
        data.tableRowMessageID = messageID
        data.tableRowInstance = instance
        data.insertAfterTableRowFolderID = insertAfterFolderID
        data.insertAfterTableRowID = insertAfterMessageID
        data.insertAfterTableRowInstance = insertAfterInstance
        data.tableRowData = rowData
        return data
    }
}

/// Little-endian fixed-size fields gathered on the stack, then appended to a buffer in one copy.
///
/// Fixed fields between two variable-length ones never exceed 64 bytes: the longest run a Layout
/// allows is 50 bytes (Flags and five IDs) plus the two counts. Variable-length parts (tags, strings)
/// call ``makeRoom(_:flushingInto:)`` before each element, and the encoder makes room for the counts
/// after the tags — a case the fuzzer found when an ObjectModified carried enough tags to fill the
/// scratch.
struct FieldScratch {
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var count = 0
    static let capacity = 64

    @inline(__always) mutating func put8(_ value: UInt8) {
        let offset = count
        withUnsafeMutableBytes(of: &storage) { $0[offset] = value }
        count += 1
    }

    @inline(__always) mutating func put16(_ value: UInt16) { put(value.littleEndian, size: 2) }
    @inline(__always) mutating func put32(_ value: UInt32) { put(value.littleEndian, size: 4) }
    @inline(__always) mutating func put64(_ value: UInt64) { put(value.littleEndian, size: 8) }

    @inline(__always) private mutating func put<T: FixedWidthInteger>(_ value: T, size: Int) {
        let offset = count
        precondition(offset + size <= Self.capacity, "FieldScratch overflow")
        withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: value, toByteOffset: offset, as: T.self) }
        count += size
    }

    /// Copies `bytes` in, flushing as needed; a run longer than the scratch goes straight to `buffer`.
    @inline(__always) mutating func putBytes(_ bytes: UnsafeBufferPointer<UInt8>, flushingInto buffer: inout [UInt8]) {
        guard bytes.count <= Self.capacity else {
            flush(into: &buffer)
            buffer.append(contentsOf: bytes)
            return
        }
        makeRoom(bytes.count, flushingInto: &buffer)
        guard let source = bytes.baseAddress else { return }
        let offset = count
        withUnsafeMutableBytes(of: &storage) { $0.baseAddress!.advanced(by: offset).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    /// Flushes first when fewer than `size` bytes are free (variable-length fields: tags, strings).
    @inline(__always) mutating func makeRoom(_ size: Int, flushingInto buffer: inout [UInt8]) {
        if count + size > Self.capacity { flush(into: &buffer) }
    }

    /// Appends what was gathered and starts over.
    @inline(__always) mutating func flush(into buffer: inout [UInt8]) {
        guard count > 0 else { return }
        let used = count
        withUnsafeBytes(of: &storage) { raw in
            buffer.append(contentsOf: UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: used))
        }
        count = 0
    }
}
