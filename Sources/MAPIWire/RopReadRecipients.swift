/// RopReadRecipients request (MS-OXCROPS 2.2.6.6.1).
public struct RopReadRecipientsRequest: RopRequestCodec {
    public static let ropID = RopID.readRecipients

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// First recipient wanted.
    public var rowID: UInt32
    public var reserved: UInt16

    public init(logonID: UInt8, inputHandleIndex: UInt8, rowID: UInt32, reserved: UInt16) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.rowID = rowID
        self.reserved = reserved
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt32(rowID)
        buffer.appendUInt16(reserved)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopReadRecipientsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let rowID = try reader.readUInt32("RowId")
        let reserved = try reader.readUInt16("Reserved")
        return RopReadRecipientsRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, rowID: rowID, reserved: reserved)
    }
}

/// One recipient of a RopReadRecipients response (MS-OXCROPS 2.2.6.6.2, ReadRecipientRow): RowId (4),
/// RecipientType (1), CodePageId (2), Reserved (2), RecipientRowSize (2), RecipientRow.
public struct ReadRecipientRow: Hashable, Sendable {
    public var rowID: UInt32
    public var recipientType: UInt8
    public var codePageID: UInt16
    public var reserved: UInt16
    public var recipientRow: RecipientRow

    public init(rowID: UInt32, recipientType: UInt8, codePageID: UInt16, reserved: UInt16 = 0, recipientRow: RecipientRow) {
        self.rowID = rowID
        self.recipientType = recipientType
        self.codePageID = codePageID
        self.reserved = reserved
        self.recipientRow = recipientRow
    }

    public func encode(columns: [PropertyTag], into buffer: inout [UInt8]) {
        buffer.appendUInt32(rowID)
        buffer.append(recipientType)
        buffer.appendUInt16(codePageID)
        buffer.appendUInt16(reserved)
        recipientRow.encodeSized(columns: columns, into: &buffer)
    }

    public static func decode(columns: [PropertyTag], from reader: inout ByteReader) throws(WireError) -> ReadRecipientRow {
        ReadRecipientRow(
            rowID: try reader.readUInt32("RowId"),
            recipientType: try reader.readUInt8("RecipientType"),
            codePageID: try reader.readUInt16("CodePageId"),
            reserved: try reader.readUInt16("Reserved"),
            recipientRow: try RecipientRow.decodeSized(columns: columns, from: &reader))
    }
}

/// RopReadRecipients response (MS-OXCROPS 2.2.6.6.2, 2.2.6.6.3). Success fields: RowCount (1),
/// RecipientRows; a failure response is the 6-byte header. The rows carry no column list: they use the
/// recipient columns already established on the Message object (rop-reference §13 Q7). RowCount is one
/// byte: rows beyond the 255th are not encoded.
public struct RopReadRecipientsResponse: RopColumnDependentResponseCodec {
    public static let ropID = RopID.readRecipients

    public var inputHandleIndex: UInt8
    /// The Message object's recipient columns; not on the wire.
    public var columns: [PropertyTag]
    public var outcome: RopOutcome<[ReadRecipientRow]>

    public init(inputHandleIndex: UInt8, columns: [PropertyTag], outcome: RopOutcome<[ReadRecipientRow]>) {
        self.inputHandleIndex = inputHandleIndex
        self.columns = columns
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(rows) = outcome else { return }
        let encoded = rows.prefix(Int(UInt8.max))
        buffer.append(UInt8(encoded.count))
        for row in encoded { row.encode(columns: columns, into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader, columns: [PropertyTag]) throws(WireError) -> RopReadRecipientsResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopReadRecipientsResponse(inputHandleIndex: header.index, columns: columns, outcome: .failure(header.returnValue))
        }
        let count = Int(try reader.readUInt8("RowCount"))
        var rows: [ReadRecipientRow] = []
        for _ in 0..<count { rows.append(try ReadRecipientRow.decode(columns: columns, from: &reader)) }
        return RopReadRecipientsResponse(inputHandleIndex: header.index, columns: columns, outcome: .success(rows))
    }
}
