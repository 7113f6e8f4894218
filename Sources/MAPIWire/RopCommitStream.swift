/// RopCommitStream request (MS-OXCROPS 2.2.9.5.1).
public struct RopCommitStreamRequest: RopRequestCodec {
    public static let ropID = RopID.commitStream

    public var logonID: UInt8
    public var inputHandleIndex: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCommitStreamRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopCommitStreamRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopCommitStream response (MS-OXCROPS 2.2.9.5.2): the 6-byte header whatever the ReturnValue.
public struct RopCommitStreamResponse: RopResponseCodec {
    public static let ropID = RopID.commitStream

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCommitStreamResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopCommitStreamResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
