/// RopExpandRow request (MS-OXCROPS 2.2.5.16.1).
public struct RopExpandRowRequest: RopRequestCodec {
    public static let ropID = RopID.expandRow

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var maxRowCount: UInt16
    /// PidTagInstID of the category header row.
    public var categoryID: UInt64

    public init(logonID: UInt8, inputHandleIndex: UInt8, maxRowCount: UInt16, categoryID: UInt64) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.maxRowCount = maxRowCount
        self.categoryID = categoryID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt16(maxRowCount)
        buffer.appendUInt64(categoryID)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopExpandRowRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let maxRowCount = try reader.readUInt16("MaxRowCount")
        let categoryID = try reader.readUInt64("CategoryId")
        return RopExpandRowRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, maxRowCount: maxRowCount, categoryID: categoryID)
    }
}

/// RopExpandRow response (MS-OXCROPS 2.2.5.16.2, 2.2.5.16.3). Success fields: ExpandedRowCount (4),
/// RowCount (2), RowData (RowCount PropertyRows over the table's columns); a failure response is the
/// 6-byte header.
public struct RopExpandRowResponse: RopColumnDependentResponseCodec {
    public static let ropID = RopID.expandRow

    public struct Success: Hashable, Sendable {
        /// Rows the expansion made visible (may exceed `rows.count`).
        public var expandedRowCount: UInt32
        public var rows: [PropertyRow]

        public init(expandedRowCount: UInt32, rows: [PropertyRow]) {
            self.expandedRowCount = expandedRowCount
            self.rows = rows
        }
    }

    public var inputHandleIndex: UInt8
    /// The table's columns (its last RopSetColumns); not on the wire.
    public var columns: [PropertyTag]
    public var outcome: RopOutcome<Success>

    public init(inputHandleIndex: UInt8, columns: [PropertyTag], outcome: RopOutcome<Success>) {
        self.inputHandleIndex = inputHandleIndex
        self.columns = columns
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.appendUInt32(success.expandedRowCount)
        buffer.appendUInt16(UInt16(truncatingIfNeeded: success.rows.count))
        for row in success.rows { row.encode(columns: columns, into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader, columns: [PropertyTag]) throws(WireError) -> RopExpandRowResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopExpandRowResponse(inputHandleIndex: header.index, columns: columns, outcome: .failure(header.returnValue))
        }
        let expanded = try reader.readUInt32("ExpandedRowCount")
        let count = Int(try reader.readUInt16("RowCount"))
        try reader.require(count, field: "RowData")
        var rows: [PropertyRow] = []
        rows.reserveCapacity(count)
        for _ in 0..<count { rows.append(try PropertyRow.decode(columns: columns, from: &reader)) }
        return RopExpandRowResponse(inputHandleIndex: header.index, columns: columns, outcome: .success(Success(expandedRowCount: expanded, rows: rows)))
    }
}
