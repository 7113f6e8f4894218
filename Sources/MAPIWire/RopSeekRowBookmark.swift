/// RopSeekRowBookmark request (MS-OXCROPS 2.2.5.9.1).
public struct RopSeekRowBookmarkRequest: RopRequestCodec {
    public static let ropID = RopID.seekRowBookmark

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var bookmark: [UInt8]
    public var rowCount: Int32
    public var wantRowMovedCount: Bool

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, bookmark: [UInt8], rowCount: Int32, wantRowMovedCount: Bool
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.bookmark = bookmark
        self.rowCount = rowCount
        self.wantRowMovedCount = wantRowMovedCount
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedBytes16(bookmark)
        buffer.appendUInt32(UInt32(bitPattern: rowCount))
        buffer.append(wantRowMovedCount ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekRowBookmarkRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let bookmark = try reader.readSizedBytes16("BookmarkSize", "Bookmark")
        let rowCount = Int32(bitPattern: try reader.readUInt32("RowCount"))
        let wantRowMovedCount = try reader.readUInt8("WantRowMovedCount") != 0
        return RopSeekRowBookmarkRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, bookmark: bookmark, rowCount: rowCount,
            wantRowMovedCount: wantRowMovedCount)
    }
}

/// RopSeekRowBookmark response (MS-OXCROPS 2.2.5.9.2, 2.2.5.9.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSeekRowBookmarkResponse: RopResponseCodec {
    public static let ropID = RopID.seekRowBookmark

    public struct Success: Hashable, Sendable {
        public var rowNoLongerVisible: Bool
        public var hasSoughtLess: Bool
        public var rowsSought: Int32

        public init(rowNoLongerVisible: Bool, hasSoughtLess: Bool, rowsSought: Int32) {
            self.rowNoLongerVisible = rowNoLongerVisible
            self.hasSoughtLess = hasSoughtLess
            self.rowsSought = rowsSought
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
        buffer.append(success.rowNoLongerVisible ? 1 : 0)
        buffer.append(success.hasSoughtLess ? 1 : 0)
        buffer.appendUInt32(UInt32(bitPattern: success.rowsSought))
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekRowBookmarkResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSeekRowBookmarkResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let rowNoLongerVisible = try reader.readUInt8("RowNoLongerVisible") != 0
        let hasSoughtLess = try reader.readUInt8("HasSoughtLess") != 0
        let rowsSought = Int32(bitPattern: try reader.readUInt32("RowsSought"))
        let success = Success(
            rowNoLongerVisible: rowNoLongerVisible, hasSoughtLess: hasSoughtLess, rowsSought: rowsSought)
        return RopSeekRowBookmarkResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
