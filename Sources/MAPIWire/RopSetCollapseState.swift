/// RopSetCollapseState request (MS-OXCROPS 2.2.5.19.1).
public struct RopSetCollapseStateRequest: RopRequestCodec {
    public static let ropID = RopID.setCollapseState

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var collapseState: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, collapseState: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.collapseState = collapseState
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedBytes16(collapseState)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetCollapseStateRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let collapseState = try reader.readSizedBytes16("CollapseStateSize", "CollapseState")
        return RopSetCollapseStateRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, collapseState: collapseState)
    }
}

/// RopSetCollapseState response (MS-OXCROPS 2.2.5.19.2, 2.2.5.19.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSetCollapseStateResponse: RopResponseCodec {
    public static let ropID = RopID.setCollapseState

    public struct Success: Hashable, Sendable {
        public var bookmark: [UInt8]

        public init(bookmark: [UInt8]) {
            self.bookmark = bookmark
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
        buffer.appendSizedBytes16(success.bookmark)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetCollapseStateResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSetCollapseStateResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let bookmark = try reader.readSizedBytes16("BookmarkSize", "Bookmark")
        let success = Success(bookmark: bookmark)
        return RopSetCollapseStateResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
