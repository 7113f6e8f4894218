/// RopSetStreamSize request (MS-OXCROPS 2.2.9.7.1).
public struct RopSetStreamSizeRequest: RopRequestCodec {
    public static let ropID = RopID.setStreamSize

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var streamSize: UInt64

    public init(logonID: UInt8, inputHandleIndex: UInt8, streamSize: UInt64) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.streamSize = streamSize
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt64(streamSize)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetStreamSizeRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let streamSize = try reader.readUInt64("StreamSize")
        return RopSetStreamSizeRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, streamSize: streamSize)
    }
}

/// RopSetStreamSize response (MS-OXCROPS 2.2.9.7.2): the 6-byte header whatever the ReturnValue.
public struct RopSetStreamSizeResponse: RopResponseCodec {
    public static let ropID = RopID.setStreamSize

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetStreamSizeResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopSetStreamSizeResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
