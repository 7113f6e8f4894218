/// RopSeekRowFractional request (MS-OXCROPS 2.2.5.10.1).
public struct RopSeekRowFractionalRequest: RopRequestCodec {
    public static let ropID = RopID.seekRowFractional

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var numerator: UInt32
    public var denominator: UInt32

    public init(logonID: UInt8, inputHandleIndex: UInt8, numerator: UInt32, denominator: UInt32) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.numerator = numerator
        self.denominator = denominator
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt32(numerator)
        buffer.appendUInt32(denominator)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekRowFractionalRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let numerator = try reader.readUInt32("Numerator")
        let denominator = try reader.readUInt32("Denominator")
        return RopSeekRowFractionalRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, numerator: numerator, denominator: denominator)
    }
}

/// RopSeekRowFractional response (MS-OXCROPS 2.2.5.10.2): one layout whatever the ReturnValue.
public struct RopSeekRowFractionalResponse: RopResponseCodec {
    public static let ropID = RopID.seekRowFractional

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekRowFractionalResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopSeekRowFractionalResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
