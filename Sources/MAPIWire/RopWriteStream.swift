/// RopWriteStream (MS-OXCROPS 2.2.9.3, RopId 0x2D): writes bytes at a Stream object's seek pointer. Its
/// request layout is RopWriteStreamExtended's too (``WriteStreamRequestLayout``); its response, with a
/// 2-byte WrittenSize, is its own.
public enum RopWriteStream: RopIdentity {
    public static let ropID = RopID.writeStream
}

/// RopWriteStream request (MS-OXCROPS 2.2.9.3.1).
public typealias RopWriteStreamRequest = WriteStreamRequestLayout<RopWriteStream>

/// RopWriteStream response (MS-OXCROPS 2.2.9.3.2): one layout whatever the ReturnValue.
public struct RopWriteStreamResponse: RopResponseCodec {
    public static let ropID = RopWriteStream.ropID

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode
    public var writtenSize: UInt16

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success, writtenSize: UInt16) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
        self.writtenSize = writtenSize
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
        buffer.appendUInt16(writtenSize)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopWriteStreamResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        let writtenSize = try reader.readUInt16("WrittenSize")
        return RopWriteStreamResponse(inputHandleIndex: header.index, returnValue: header.returnValue, writtenSize: writtenSize)
    }
}
