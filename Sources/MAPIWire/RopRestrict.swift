/// RopRestrict request (MS-OXCROPS 2.2.5.3.1).
public struct RopRestrictRequest: RopRequestCodec {
    public static let ropID = RopID.restrict

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x01 TBL_ASYNC.
    public var restrictFlags: UInt8
    /// A Restriction (MS-OXCDATA 2.12) as sent; empty when the size is zero.
    public var restrictionData: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, restrictFlags: UInt8, restrictionData: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.restrictFlags = restrictFlags
        self.restrictionData = restrictionData
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(restrictFlags)
        buffer.appendSizedBytes16(restrictionData)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRestrictRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let restrictFlags = try reader.readUInt8("RestrictFlags")
        let restrictionData = try reader.readSizedBytes16("RestrictionDataSize", "RestrictionData")
        return RopRestrictRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, restrictFlags: restrictFlags,
            restrictionData: restrictionData)
    }
}

/// RopRestrict response (MS-OXCROPS 2.2.5.3.2, 2.2.5.3.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopRestrictResponse: RopResponseCodec {
    public static let ropID = RopID.restrict

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRestrictResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopRestrictResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let tableStatus = try reader.readUInt8("TableStatus")
        let success = Success(tableStatus: tableStatus)
        return RopRestrictResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
