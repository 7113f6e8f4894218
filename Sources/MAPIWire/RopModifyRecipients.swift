/// One row of a RopModifyRecipients request (MS-OXCROPS 2.2.6.5.1, ModifyRecipientRow): RowId (4),
/// RecipientType (1), RecipientRowSize (2), RecipientRow (absent when RecipientRowSize is 0, which
/// deletes the recipient).
public struct ModifyRecipientRow: Hashable, Sendable {
    public var rowID: UInt32
    public var recipientType: UInt8
    /// nil: RecipientRowSize 0, delete the recipient with this RowId.
    public var recipientRow: RecipientRow?

    public init(rowID: UInt32, recipientType: UInt8, recipientRow: RecipientRow?) {
        self.rowID = rowID
        self.recipientType = recipientType
        self.recipientRow = recipientRow
    }

    public func encode(columns: [PropertyTag], into buffer: inout [UInt8]) {
        buffer.appendUInt32(rowID)
        buffer.append(recipientType)
        if let recipientRow {
            recipientRow.encodeSized(columns: columns, into: &buffer)
        } else {
            buffer.appendUInt16(0)
        }
    }

    public static func decode(columns: [PropertyTag], from reader: inout ByteReader) throws(WireError) -> ModifyRecipientRow {
        let rowID = try reader.readUInt32("RowId")
        let recipientType = try reader.readUInt8("RecipientType")
        let size = Int(try reader.readUInt16("RecipientRowSize"))
        guard size > 0 else { return ModifyRecipientRow(rowID: rowID, recipientType: recipientType, recipientRow: nil) }
        let row = try RecipientRow.decode(columns: columns, from: &reader, size: size)
        return ModifyRecipientRow(rowID: rowID, recipientType: recipientType, recipientRow: row)
    }
}

/// RopModifyRecipients request (MS-OXCROPS 2.2.6.5.1): RopId 0x0E, LogonId, InputHandleIndex,
/// ColumnCount (2), RecipientColumns (4 × ColumnCount), RowCount (2), RecipientRows.
public struct RopModifyRecipientsRequest: RopRequestCodec {
    public static let ropID = RopID.modifyRecipients

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// Tags of the properties each row's RecipientProperties carries.
    public var recipientColumns: [PropertyTag]
    public var recipientRows: [ModifyRecipientRow]

    public init(logonID: UInt8, inputHandleIndex: UInt8, recipientColumns: [PropertyTag], recipientRows: [ModifyRecipientRow]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.recipientColumns = recipientColumns
        self.recipientRows = recipientRows
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendCountedPropertyTags(recipientColumns)
        buffer.appendUInt16(UInt16(truncatingIfNeeded: recipientRows.count))
        for row in recipientRows { row.encode(columns: recipientColumns, into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopModifyRecipientsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let columns = try reader.readCountedPropertyTags("ColumnCount", "RecipientColumns")
        let count = Int(try reader.readUInt16("RowCount"))
        // Every row takes at least RowId, RecipientType and RecipientRowSize.
        try reader.require(count * 7, field: "RecipientRows")
        var rows: [ModifyRecipientRow] = []
        rows.reserveCapacity(count)
        for _ in 0..<count { rows.append(try ModifyRecipientRow.decode(columns: columns, from: &reader)) }
        return RopModifyRecipientsRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, recipientColumns: columns, recipientRows: rows)
    }
}

/// RopModifyRecipients response (MS-OXCROPS 2.2.6.5.2): the 6-byte header whatever the ReturnValue.
public struct RopModifyRecipientsResponse: RopResponseCodec {
    public static let ropID = RopID.modifyRecipients

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopModifyRecipientsResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopModifyRecipientsResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
