/// RopGetCollapseState request (MS-OXCROPS 2.2.5.18.1).
public struct RopGetCollapseStateRequest: RopRequestCodec {
    public static let ropID = RopID.getCollapseState

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// PidTagInstID of the row.
    public var rowID: UInt64
    public var rowInstanceNumber: UInt32

    public init(logonID: UInt8, inputHandleIndex: UInt8, rowID: UInt64, rowInstanceNumber: UInt32) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.rowID = rowID
        self.rowInstanceNumber = rowInstanceNumber
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt64(rowID)
        buffer.appendUInt32(rowInstanceNumber)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetCollapseStateRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let rowID = try reader.readUInt64("RowId")
        let rowInstanceNumber = try reader.readUInt32("RowInstanceNumber")
        return RopGetCollapseStateRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, rowID: rowID, rowInstanceNumber: rowInstanceNumber)
    }
}

/// RopGetCollapseState response (MS-OXCROPS 2.2.5.18.2, 2.2.5.18.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetCollapseStateResponse: RopResponseCodec {
    public static let ropID = RopID.getCollapseState

    public struct Success: Hashable, Sendable {
        public var collapseState: [UInt8]

        public init(collapseState: [UInt8]) {
            self.collapseState = collapseState
        }
    }

    public var inputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(inputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.inputHandleIndex = inputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.appendSizedBytes16(success.collapseState)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetCollapseStateResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetCollapseStateResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let collapseState = try reader.readSizedBytes16("CollapseStateSize", "CollapseState")
        let success = Success(collapseState: collapseState)
        return RopGetCollapseStateResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
