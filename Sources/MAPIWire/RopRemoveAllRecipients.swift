/// RopRemoveAllRecipients request (MS-OXCROPS 2.2.6.4.1).
public struct RopRemoveAllRecipientsRequest: RopRequestCodec {
    public static let ropID = RopID.removeAllRecipients

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var reserved: UInt32

    public init(logonID: UInt8, inputHandleIndex: UInt8, reserved: UInt32) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.reserved = reserved
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt32(reserved)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRemoveAllRecipientsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let reserved = try reader.readUInt32("Reserved")
        return RopRemoveAllRecipientsRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, reserved: reserved)
    }
}

/// RopRemoveAllRecipients response (MS-OXCROPS 2.2.6.4.2): one layout whatever the ReturnValue.
public struct RopRemoveAllRecipientsResponse: RopResponseCodec {
    public static let ropID = RopID.removeAllRecipients

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRemoveAllRecipientsResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopRemoveAllRecipientsResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
