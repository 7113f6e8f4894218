/// RopWriteStreamExtended (MS-OXCROPS 2.2.9.4, RopId 0xA3): RopWriteStream's request layout
/// (``WriteStreamRequestLayout``); its response, with a 4-byte WrittenSize, is its own.
public enum RopWriteStreamExtended: RopIdentity {
    public static let ropID = RopID.writeStreamExtended
}

/// RopWriteStreamExtended request (MS-OXCROPS 2.2.9.4.1).
public typealias RopWriteStreamExtendedRequest = WriteStreamRequestLayout<RopWriteStreamExtended>

/// RopWriteStreamExtended response (MS-OXCROPS 2.2.9.4.2): one layout whatever the ReturnValue.
public struct RopWriteStreamExtendedResponse: RopResponseCodec {
    public static let ropID = RopWriteStreamExtended.ropID

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode
    public var writtenSize: UInt32

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success, writtenSize: UInt32) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
        self.writtenSize = writtenSize
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
        buffer.appendUInt32(writtenSize)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopWriteStreamExtendedResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        let writtenSize = try reader.readUInt32("WrittenSize")
        return RopWriteStreamExtendedResponse(inputHandleIndex: header.index, returnValue: header.returnValue, writtenSize: writtenSize)
    }
}
