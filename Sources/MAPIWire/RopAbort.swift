/// RopAbort request (MS-OXCROPS 2.2.5.5.1).
public struct RopAbortRequest: RopRequestCodec {
    public static let ropID = RopID.abort

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopAbortRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopAbortRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopAbort response (MS-OXCROPS 2.2.5.5.2, 2.2.5.5.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopAbortResponse: RopResponseCodec {
    public static let ropID = RopID.abort

    public struct Success: Hashable, Sendable {
        /// TBLSTAT_* value (MS-OXCTABL 2.2.2.1.3).
        public var tableStatus: UInt8

        public init(tableStatus: UInt8) {
            self.tableStatus = tableStatus
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
        buffer.append(success.tableStatus)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopAbortResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopAbortResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let tableStatus = try reader.readUInt8("TableStatus")
        return RopAbortResponse(inputHandleIndex: header.index, outcome: .success(Success(tableStatus: tableStatus)))
    }
}
