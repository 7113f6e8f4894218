/// RopCopyTo request (MS-OXCROPS 2.2.8.12.1).
public struct RopCopyToRequest: RopRequestCodec {
    public static let ropID = RopID.copyTo

    public var logonID: UInt8
    public var sourceHandleIndex: UInt8
    public var destHandleIndex: UInt8
    public var wantAsynchronous: Bool
    /// Also copy sub-objects (recipients and attachments of a message, subfolders and contents of a folder).
    public var wantSubObjects: Bool
    /// 0x01 Move, 0x02 NoOverwrite (MS-OXCPRPT 2.2.11.1).
    public var copyFlags: UInt8
    /// Properties not to copy.
    public var excludedTags: [PropertyTag]

    public init(
        logonID: UInt8, sourceHandleIndex: UInt8, destHandleIndex: UInt8, wantAsynchronous: Bool, wantSubObjects: Bool,
        copyFlags: UInt8, excludedTags: [PropertyTag]
    ) {
        self.logonID = logonID
        self.sourceHandleIndex = sourceHandleIndex
        self.destHandleIndex = destHandleIndex
        self.wantAsynchronous = wantAsynchronous
        self.wantSubObjects = wantSubObjects
        self.copyFlags = copyFlags
        self.excludedTags = excludedTags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(sourceHandleIndex)
        buffer.append(destHandleIndex)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(wantSubObjects ? 1 : 0)
        buffer.append(copyFlags)
        buffer.appendCountedPropertyTags(excludedTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCopyToRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let sourceHandleIndex = try reader.readUInt8("SourceHandleIndex")
        let destHandleIndex = try reader.readUInt8("DestHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let wantSubObjects = try reader.readUInt8("WantSubObjects") != 0
        let copyFlags = try reader.readUInt8("CopyFlags")
        let tags = try reader.readCountedPropertyTags("ExcludedTagCount", "ExcludedTags")
        return RopCopyToRequest(
            logonID: logonID, sourceHandleIndex: sourceHandleIndex, destHandleIndex: destHandleIndex,
            wantAsynchronous: wantAsynchronous, wantSubObjects: wantSubObjects, copyFlags: copyFlags, excludedTags: tags)
    }
}

/// RopCopyTo response (MS-OXCROPS 2.2.8.12.2–2.2.8.12.4); see ``RopCopyResponseBody``.
public struct RopCopyToResponse: RopResponseCodec {
    public static let ropID = RopID.copyTo

    public var sourceHandleIndex: UInt8
    public var body: RopCopyResponseBody

    public init(sourceHandleIndex: UInt8, body: RopCopyResponseBody) {
        self.sourceHandleIndex = sourceHandleIndex
        self.body = body
    }

    public var returnValue: ErrorCode { body.returnValue }

    public func encode(into buffer: inout [UInt8]) { body.encode(Self.ropID, sourceHandleIndex: sourceHandleIndex, into: &buffer) }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCopyToResponse {
        let decoded = try RopCopyResponseBody.decode(ropID, from: &reader)
        return RopCopyToResponse(sourceHandleIndex: decoded.index, body: decoded.body)
    }
}
