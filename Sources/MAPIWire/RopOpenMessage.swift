/// RopOpenMessage request (MS-OXCROPS 2.2.6.1.1).
public struct RopOpenMessageRequest: RopRequestCodec {
    public static let ropID = RopID.openMessage

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// 0x0FFF: the logon's code page.
    public var codePageID: UInt16
    public var folderID: ObjectID
    /// 0x00 ReadOnly, 0x01 ReadWrite, 0x03 BestAccess, 0x04 OpenSoftDeleted (MS-OXCMSG 2.2.3.1.1).
    public var openModeFlags: UInt8
    public var messageID: ObjectID

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, codePageID: UInt16, folderID: ObjectID,
        openModeFlags: UInt8, messageID: ObjectID
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.codePageID = codePageID
        self.folderID = folderID
        self.openModeFlags = openModeFlags
        self.messageID = messageID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.appendUInt16(codePageID)
        folderID.encode(into: &buffer)
        buffer.append(openModeFlags)
        messageID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenMessageRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let codePageID = try reader.readUInt16("CodePageId")
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let openModeFlags = try reader.readUInt8("OpenModeFlags")
        let messageID = try ObjectID.decode(from: &reader, "MessageId")
        return RopOpenMessageRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex,
            codePageID: codePageID, folderID: folderID, openModeFlags: openModeFlags, messageID: messageID)
    }
}

/// One recipient of a RopOpenMessage response (MS-OXCROPS 2.2.6.1.2, OpenRecipientRow): RecipientType (1),
/// CodePageId (2), Reserved (2), RecipientRowSize (2), RecipientRow (RecipientRowSize bytes).
public struct OpenRecipientRow: Hashable, Sendable {
    /// 0x01 To, 0x02 Cc, 0x03 Bcc, possibly ORed with 0x10 or 0x80 (MS-OXCMSG 2.2.3.1.2).
    public var recipientType: UInt8
    public var codePageID: UInt16
    public var reserved: UInt16
    public var recipientRow: RecipientRow

    public init(recipientType: UInt8, codePageID: UInt16, reserved: UInt16 = 0, recipientRow: RecipientRow) {
        self.recipientType = recipientType
        self.codePageID = codePageID
        self.reserved = reserved
        self.recipientRow = recipientRow
    }

    public func encode(columns: [PropertyTag], into buffer: inout [UInt8]) {
        buffer.append(recipientType)
        buffer.appendUInt16(codePageID)
        buffer.appendUInt16(reserved)
        recipientRow.encodeSized(columns: columns, into: &buffer)
    }

    public static func decode(columns: [PropertyTag], from reader: inout ByteReader) throws(WireError) -> OpenRecipientRow {
        OpenRecipientRow(
            recipientType: try reader.readUInt8("RecipientType"),
            codePageID: try reader.readUInt16("CodePageId"),
            reserved: try reader.readUInt16("Reserved"),
            recipientRow: try RecipientRow.decodeSized(columns: columns, from: &reader))
    }
}

/// RopOpenMessage response (MS-OXCROPS 2.2.6.1.2, 2.2.6.1.3). Success fields: HasNamedProperties,
/// SubjectPrefix and NormalizedSubject (TypedString), RecipientCount (2), ColumnCount (2),
/// RecipientColumns, RowCount (1), RecipientRows; a failure response is the 6-byte header.
public struct RopOpenMessageResponse: RopResponseCodec {
    public static let ropID = RopID.openMessage

    public struct Success: Hashable, Sendable {
        public var hasNamedProperties: Bool
        public var subjectPrefix: TypedString
        public var normalizedSubject: TypedString
        /// All recipients of the message; `recipientRows` may hold fewer (the client then reads the rest
        /// with RopReadRecipients). RowCount is one byte: rows beyond the 255th are not encoded.
        public var recipientCount: UInt16
        public var recipientColumns: [PropertyTag]
        public var recipientRows: [OpenRecipientRow]

        public init(
            hasNamedProperties: Bool, subjectPrefix: TypedString, normalizedSubject: TypedString, recipientCount: UInt16,
            recipientColumns: [PropertyTag], recipientRows: [OpenRecipientRow]
        ) {
            self.hasNamedProperties = hasNamedProperties
            self.subjectPrefix = subjectPrefix
            self.normalizedSubject = normalizedSubject
            self.recipientCount = recipientCount
            self.recipientColumns = recipientColumns
            self.recipientRows = recipientRows
        }
    }

    public var outputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(outputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.outputHandleIndex = outputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.append(success.hasNamedProperties ? 1 : 0)
        success.subjectPrefix.encode(into: &buffer)
        success.normalizedSubject.encode(into: &buffer)
        buffer.appendUInt16(success.recipientCount)
        buffer.appendCountedPropertyTags(success.recipientColumns)
        let rows = success.recipientRows.prefix(Int(UInt8.max))
        buffer.append(UInt8(rows.count))
        for row in rows { row.encode(columns: success.recipientColumns, into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenMessageResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopOpenMessageResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let hasNamedProperties = try reader.readUInt8("HasNamedProperties") != 0
        let subjectPrefix = try TypedString.decode(from: &reader, "SubjectPrefix")
        let normalizedSubject = try TypedString.decode(from: &reader, "NormalizedSubject")
        let recipientCount = try reader.readUInt16("RecipientCount")
        let columns = try reader.readCountedPropertyTags("ColumnCount", "RecipientColumns")
        let rowCount = Int(try reader.readUInt8("RowCount"))
        var rows: [OpenRecipientRow] = []
        for _ in 0..<rowCount { rows.append(try OpenRecipientRow.decode(columns: columns, from: &reader)) }
        return RopOpenMessageResponse(
            outputHandleIndex: header.index,
            outcome: .success(Success(
                hasNamedProperties: hasNamedProperties, subjectPrefix: subjectPrefix, normalizedSubject: normalizedSubject,
                recipientCount: recipientCount, recipientColumns: columns, recipientRows: rows)))
    }
}
