/// RopSubmitMessage request (MS-OXCROPS 2.2.7.1.1).
public struct RopSubmitMessageRequest: RopRequestCodec {
    public static let ropID = RopID.submitMessage

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x00 None, 0x01 PreProcess, 0x02 NeedsSpooler.
    public var submitFlags: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, submitFlags: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.submitFlags = submitFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(submitFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSubmitMessageRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let submitFlags = try reader.readUInt8("SubmitFlags")
        return RopSubmitMessageRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, submitFlags: submitFlags)
    }
}

/// RopSubmitMessage response (MS-OXCROPS 2.2.7.1.2): one layout whatever the ReturnValue.
public struct RopSubmitMessageResponse: RopResponseCodec {
    public static let ropID = RopID.submitMessage

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSubmitMessageResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopSubmitMessageResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
