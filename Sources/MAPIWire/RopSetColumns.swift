/// RopSetColumns request (MS-OXCROPS 2.2.5.1.1).
public struct RopSetColumnsRequest: RopRequestCodec {
    public static let ropID = RopID.setColumns

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x01 TBL_ASYNC.
    public var setColumnsFlags: UInt8
    public var propertyTags: [PropertyTag]

    public init(logonID: UInt8, inputHandleIndex: UInt8, setColumnsFlags: UInt8, propertyTags: [PropertyTag]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.setColumnsFlags = setColumnsFlags
        self.propertyTags = propertyTags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(setColumnsFlags)
        buffer.appendCountedPropertyTags(propertyTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetColumnsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let setColumnsFlags = try reader.readUInt8("SetColumnsFlags")
        let propertyTags = try reader.readCountedPropertyTags("PropertyTagCount", "PropertyTags")
        return RopSetColumnsRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, setColumnsFlags: setColumnsFlags,
            propertyTags: propertyTags)
    }
}

/// RopSetColumns response (MS-OXCROPS 2.2.5.1.2, 2.2.5.1.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSetColumnsResponse: RopResponseCodec {
    public static let ropID = RopID.setColumns

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetColumnsResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSetColumnsResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let tableStatus = try reader.readUInt8("TableStatus")
        let success = Success(tableStatus: tableStatus)
        return RopSetColumnsResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
