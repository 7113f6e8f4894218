/// RopFreeBookmark request (MS-OXCROPS 2.2.5.14.1).
public struct RopFreeBookmarkRequest: RopRequestCodec {
    public static let ropID = RopID.freeBookmark

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var bookmark: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, bookmark: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.bookmark = bookmark
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedBytes16(bookmark)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopFreeBookmarkRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let bookmark = try reader.readSizedBytes16("BookmarkSize", "Bookmark")
        return RopFreeBookmarkRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, bookmark: bookmark)
    }
}

/// RopFreeBookmark response (MS-OXCROPS 2.2.5.14.2): one layout whatever the ReturnValue.
public struct RopFreeBookmarkResponse: RopResponseCodec {
    public static let ropID = RopID.freeBookmark

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopFreeBookmarkResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopFreeBookmarkResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
