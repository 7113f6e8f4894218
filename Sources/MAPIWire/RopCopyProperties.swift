/// RopCopyProperties request (MS-OXCROPS 2.2.8.11.1).
public struct RopCopyPropertiesRequest: RopRequestCodec {
    public static let ropID = RopID.copyProperties

    /// CopyFlags (MS-OXCPRPT 2.2.10.1).
    public static let copyFlagMove: UInt8 = 0x01
    public static let copyFlagNoOverwrite: UInt8 = 0x02

    public var logonID: UInt8
    public var sourceHandleIndex: UInt8
    public var destHandleIndex: UInt8
    public var wantAsynchronous: Bool
    /// 0x01 Move, 0x02 NoOverwrite.
    public var copyFlags: UInt8
    public var propertyTags: [PropertyTag]

    public init(
        logonID: UInt8, sourceHandleIndex: UInt8, destHandleIndex: UInt8, wantAsynchronous: Bool, copyFlags: UInt8,
        propertyTags: [PropertyTag]
    ) {
        self.logonID = logonID
        self.sourceHandleIndex = sourceHandleIndex
        self.destHandleIndex = destHandleIndex
        self.wantAsynchronous = wantAsynchronous
        self.copyFlags = copyFlags
        self.propertyTags = propertyTags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(sourceHandleIndex)
        buffer.append(destHandleIndex)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(copyFlags)
        buffer.appendCountedPropertyTags(propertyTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCopyPropertiesRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let sourceHandleIndex = try reader.readUInt8("SourceHandleIndex")
        let destHandleIndex = try reader.readUInt8("DestHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let copyFlags = try reader.readUInt8("CopyFlags")
        let tags = try reader.readCountedPropertyTags("PropertyTagCount", "PropertyTags")
        return RopCopyPropertiesRequest(
            logonID: logonID, sourceHandleIndex: sourceHandleIndex, destHandleIndex: destHandleIndex,
            wantAsynchronous: wantAsynchronous, copyFlags: copyFlags, propertyTags: tags)
    }
}

/// RopCopyProperties response (MS-OXCROPS 2.2.8.11.2–2.2.8.11.4); see ``RopCopyResponseBody``.
public struct RopCopyPropertiesResponse: RopResponseCodec {
    public static let ropID = RopID.copyProperties

    public var sourceHandleIndex: UInt8
    public var body: RopCopyResponseBody

    public init(sourceHandleIndex: UInt8, body: RopCopyResponseBody) {
        self.sourceHandleIndex = sourceHandleIndex
        self.body = body
    }

    public var returnValue: ErrorCode { body.returnValue }

    public func encode(into buffer: inout [UInt8]) { body.encode(Self.ropID, sourceHandleIndex: sourceHandleIndex, into: &buffer) }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCopyPropertiesResponse {
        let decoded = try RopCopyResponseBody.decode(ropID, from: &reader)
        return RopCopyPropertiesResponse(sourceHandleIndex: decoded.index, body: decoded.body)
    }
}
