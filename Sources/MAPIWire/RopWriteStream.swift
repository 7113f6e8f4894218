/// RopWriteStream request (MS-OXCROPS 2.2.9.3.1).
public struct RopWriteStreamRequest: RopRequestCodec {
    public static let ropID = RopID.writeStream

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var data: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, data: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.data = data
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedBytes16(data)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopWriteStreamRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let data = try reader.readSizedBytes16("DataSize", "Data")
        return RopWriteStreamRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, data: data)
    }
}

/// RopWriteStream response (MS-OXCROPS 2.2.9.3.2): one layout whatever the ReturnValue.
public struct RopWriteStreamResponse: RopResponseCodec {
    public static let ropID = RopID.writeStream

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
