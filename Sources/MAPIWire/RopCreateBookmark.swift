/// RopCreateBookmark request (MS-OXCROPS 2.2.5.11.1).
public struct RopCreateBookmarkRequest: RopRequestCodec {
    public static let ropID = RopID.createBookmark

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateBookmarkRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopCreateBookmarkRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopCreateBookmark response (MS-OXCROPS 2.2.5.11.2, 2.2.5.11.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopCreateBookmarkResponse: RopResponseCodec {
    public static let ropID = RopID.createBookmark

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateBookmarkResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopCreateBookmarkResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let bookmark = try reader.readSizedBytes16("BookmarkSize", "Bookmark")
        let success = Success(bookmark: bookmark)
        return RopCreateBookmarkResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
