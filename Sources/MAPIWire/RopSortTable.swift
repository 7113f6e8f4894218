/// RopSortTable request (MS-OXCROPS 2.2.5.2.1).
///
/// SortOrderCount, CategoryCount, ExpandedCount and SortOrders have the SortOrderSet layout (MS-OXCDATA 2.13.2).
public struct RopSortTableRequest: RopRequestCodec {
    public static let ropID = RopID.sortTable

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x01 TBL_ASYNC.
    public var sortTableFlags: UInt8
    public var sortOrderSet: SortOrderSet

    public init(logonID: UInt8, inputHandleIndex: UInt8, sortTableFlags: UInt8, sortOrderSet: SortOrderSet) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.sortTableFlags = sortTableFlags
        self.sortOrderSet = sortOrderSet
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(sortTableFlags)
        sortOrderSet.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSortTableRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let sortTableFlags = try reader.readUInt8("SortTableFlags")
        let sortOrderSet = try SortOrderSet.decode(from: &reader)
        return RopSortTableRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, sortTableFlags: sortTableFlags,
            sortOrderSet: sortOrderSet)
    }
}

/// RopSortTable response (MS-OXCROPS 2.2.5.2.2, 2.2.5.2.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSortTableResponse: RopResponseCodec {
    public static let ropID = RopID.sortTable

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSortTableResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSortTableResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let tableStatus = try reader.readUInt8("TableStatus")
        let success = Success(tableStatus: tableStatus)
        return RopSortTableResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
