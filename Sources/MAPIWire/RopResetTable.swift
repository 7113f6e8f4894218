/// RopResetTable request (MS-OXCROPS 2.2.5.15.1).
public struct RopResetTableRequest: RopRequestCodec {
    public static let ropID = RopID.resetTable

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopResetTableRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopResetTableRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopResetTable response (MS-OXCROPS 2.2.5.15.2): one layout whatever the ReturnValue.
public struct RopResetTableResponse: RopResponseCodec {
    public static let ropID = RopID.resetTable

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopResetTableResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopResetTableResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
