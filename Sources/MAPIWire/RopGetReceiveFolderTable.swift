/// RopGetReceiveFolderTable request (MS-OXCROPS 2.2.3.4.1).
public struct RopGetReceiveFolderTableRequest: RopRequestCodec {
    public static let ropID = RopID.getReceiveFolderTable

    public var logonID: UInt8
    public var inputHandleIndex: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetReceiveFolderTableRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopGetReceiveFolderTableRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopGetReceiveFolderTable response (MS-OXCROPS 2.2.3.4.2, 2.2.3.4.3): RowCount (4) and Rows on success,
/// each a PropertyRow over the fixed columns PidTagFolderId, PidTagMessageClass (PtypString8) and
/// PidTagLastModificationTime (MS-OXCSTOR 2.2.1.4.2); the 6-byte header on failure.
public struct RopGetReceiveFolderTableResponse: RopResponseCodec {
    public static let ropID = RopID.getReceiveFolderTable

    /// The columns of every row, in order.
    public static let columns: [PropertyTag] = [
        PropertyTag(0x6748_0014),  // PidTagFolderId
        PropertyTag(0x001A_001E),  // PidTagMessageClass as PtypString8
        PropertyTag(0x3008_0040),  // PidTagLastModificationTime
    ]

    public var inputHandleIndex: UInt8
    public var outcome: RopOutcome<[PropertyRow]>

    public init(inputHandleIndex: UInt8, outcome: RopOutcome<[PropertyRow]>) {
        self.inputHandleIndex = inputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(rows) = outcome else { return }
        buffer.appendUInt32(UInt32(truncatingIfNeeded: rows.count))
        for row in rows { row.encode(columns: Self.columns, into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetReceiveFolderTableResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetReceiveFolderTableResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let count = Int(try reader.readUInt32("RowCount"))
        // Every row holds at least its flag byte, so a count beyond the bytes left is malformed.
        try reader.require(count, field: "Rows")
        var rows: [PropertyRow] = []
        rows.reserveCapacity(count)
        for _ in 0..<count { rows.append(try PropertyRow.decode(columns: columns, from: &reader)) }
        return RopGetReceiveFolderTableResponse(inputHandleIndex: header.index, outcome: .success(rows))
    }
}
