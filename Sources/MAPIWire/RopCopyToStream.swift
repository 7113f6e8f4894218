/// RopCopyToStream request (MS-OXCROPS 2.2.9.9.1).
public struct RopCopyToStreamRequest: RopRequestCodec {
    public static let ropID = RopID.copyToStream

    public var logonID: UInt8
    public var sourceHandleIndex: UInt8
    public var destHandleIndex: UInt8
    public var byteCount: UInt64

    public init(logonID: UInt8, sourceHandleIndex: UInt8, destHandleIndex: UInt8, byteCount: UInt64) {
        self.logonID = logonID
        self.sourceHandleIndex = sourceHandleIndex
        self.destHandleIndex = destHandleIndex
        self.byteCount = byteCount
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(sourceHandleIndex)
        buffer.append(destHandleIndex)
        buffer.appendUInt64(byteCount)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCopyToStreamRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let sourceHandleIndex = try reader.readUInt8("SourceHandleIndex")
        let destHandleIndex = try reader.readUInt8("DestHandleIndex")
        let byteCount = try reader.readUInt64("ByteCount")
        return RopCopyToStreamRequest(
            logonID: logonID, sourceHandleIndex: sourceHandleIndex, destHandleIndex: destHandleIndex, byteCount: byteCount)
    }
}

/// RopCopyToStream response (MS-OXCROPS 2.2.9.9.2, 2.2.9.9.3): ReadByteCount (8) and WrittenByteCount (8)
/// whatever the ReturnValue; with 0x00000503 ecDstNullObject, DestHandleIndex (4) comes first.
public struct RopCopyToStreamResponse: RopResponseCodec {
    public static let ropID = RopID.copyToStream

    public var sourceHandleIndex: UInt8
    public var returnValue: ErrorCode
    /// The request's DestHandleIndex; on the wire only when ReturnValue is ``ErrorCode/nullDestinationObject``.
    public var destHandleIndex: UInt32
    public var readByteCount: UInt64
    public var writtenByteCount: UInt64

    public init(
        sourceHandleIndex: UInt8, returnValue: ErrorCode = .success, destHandleIndex: UInt32 = 0, readByteCount: UInt64,
        writtenByteCount: UInt64
    ) {
        self.sourceHandleIndex = sourceHandleIndex
        self.returnValue = returnValue
        self.destHandleIndex = returnValue == .nullDestinationObject ? destHandleIndex : 0
        self.readByteCount = readByteCount
        self.writtenByteCount = writtenByteCount
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: sourceHandleIndex, returnValue: returnValue)
        if returnValue == .nullDestinationObject { buffer.appendUInt32(destHandleIndex) }
        buffer.appendUInt64(readByteCount)
        buffer.appendUInt64(writtenByteCount)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCopyToStreamResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "SourceHandleIndex")
        let destHandleIndex = header.returnValue == .nullDestinationObject ? try reader.readUInt32("DestHandleIndex") : 0
        let read = try reader.readUInt64("ReadByteCount")
        let written = try reader.readUInt64("WrittenByteCount")
        return RopCopyToStreamResponse(
            sourceHandleIndex: header.index, returnValue: header.returnValue, destHandleIndex: destHandleIndex,
            readByteCount: read, writtenByteCount: written)
    }
}
