/// RopQueryRows request (MS-OXCROPS 2.2.5.4.1).
public struct RopQueryRowsRequest: RopRequestCodec {
    public static let ropID = RopID.queryRows

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x00 Advance, 0x01 NoAdvance, 0x02 EnablePackedBuffers.
    public var queryRowsFlags: UInt8
    public var forwardRead: Bool
    public var rowCount: UInt16

    public init(logonID: UInt8, inputHandleIndex: UInt8, queryRowsFlags: UInt8, forwardRead: Bool, rowCount: UInt16) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.queryRowsFlags = queryRowsFlags
        self.forwardRead = forwardRead
        self.rowCount = rowCount
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(queryRowsFlags)
        buffer.append(forwardRead ? 1 : 0)
        buffer.appendUInt16(rowCount)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopQueryRowsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let queryRowsFlags = try reader.readUInt8("QueryRowsFlags")
        let forwardRead = try reader.readUInt8("ForwardRead") != 0
        let rowCount = try reader.readUInt16("RowCount")
        return RopQueryRowsRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, queryRowsFlags: queryRowsFlags,
            forwardRead: forwardRead, rowCount: rowCount)
    }
}

/// RopQueryRows response (MS-OXCROPS 2.2.5.4.2, 2.2.5.4.3). Success fields: Origin (1), RowCount (2),
/// RowData (RowCount PropertyRows over the table's columns); a failure response is the 6-byte header.
public struct RopQueryRowsResponse: RopColumnDependentResponseCodec {
    public static let ropID = RopID.queryRows

    public struct Success: Hashable, Sendable {
        /// 0x00 BOOKMARK_BEGINNING, 0x01 BOOKMARK_CURRENT, 0x02 BOOKMARK_END (MS-OXCTABL 2.2.2.5.2).
        public var origin: UInt8
        public var rows: [PropertyRow]

        public init(origin: UInt8, rows: [PropertyRow]) {
            self.origin = origin
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
        buffer.append(success.origin)
        buffer.appendUInt16(UInt16(truncatingIfNeeded: success.rows.count))
        for row in success.rows { row.encode(columns: columns, into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader, columns: [PropertyTag]) throws(WireError) -> RopQueryRowsResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopQueryRowsResponse(inputHandleIndex: header.index, columns: columns, outcome: .failure(header.returnValue))
        }
        let origin = try reader.readUInt8("Origin")
        let count = Int(try reader.readUInt16("RowCount"))
        // Every row takes at least its flag byte.
        try reader.require(count, field: "RowData")
        var rows: [PropertyRow] = []
        rows.reserveCapacity(count)
        for _ in 0..<count { rows.append(try PropertyRow.decode(columns: columns, from: &reader)) }
        return RopQueryRowsResponse(inputHandleIndex: header.index, columns: columns, outcome: .success(Success(origin: origin, rows: rows)))
    }
}
