/// RopCollapseRow request (MS-OXCROPS 2.2.5.17.1).
public struct RopCollapseRowRequest: RopRequestCodec {
    public static let ropID = RopID.collapseRow

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var categoryID: UInt64

    public init(logonID: UInt8, inputHandleIndex: UInt8, categoryID: UInt64) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.categoryID = categoryID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt64(categoryID)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCollapseRowRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let categoryID = try reader.readUInt64("CategoryId")
        return RopCollapseRowRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, categoryID: categoryID)
    }
}

/// RopCollapseRow response (MS-OXCROPS 2.2.5.17.2, 2.2.5.17.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopCollapseRowResponse: RopResponseCodec {
    public static let ropID = RopID.collapseRow

    public struct Success: Hashable, Sendable {
        public var collapsedRowCount: UInt32

        public init(collapsedRowCount: UInt32) {
            self.collapsedRowCount = collapsedRowCount
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
        buffer.appendUInt32(success.collapsedRowCount)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCollapseRowResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopCollapseRowResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let collapsedRowCount = try reader.readUInt32("CollapsedRowCount")
        let success = Success(collapsedRowCount: collapsedRowCount)
        return RopCollapseRowResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
