/// RopWriteStreamExtended request (MS-OXCROPS 2.2.9.4.1).
public struct RopWriteStreamExtendedRequest: RopRequestCodec {
    public static let ropID = RopID.writeStreamExtended

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopWriteStreamExtendedRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let data = try reader.readSizedBytes16("DataSize", "Data")
        return RopWriteStreamExtendedRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, data: data)
    }
}

/// RopWriteStreamExtended response (MS-OXCROPS 2.2.9.4.2): one layout whatever the ReturnValue.
public struct RopWriteStreamExtendedResponse: RopResponseCodec {
    public static let ropID = RopID.writeStreamExtended

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
