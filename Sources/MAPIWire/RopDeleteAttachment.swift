/// RopDeleteAttachment request (MS-OXCROPS 2.2.6.14.1).
public struct RopDeleteAttachmentRequest: RopRequestCodec {
    public static let ropID = RopID.deleteAttachment

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var attachmentID: UInt32

    public init(logonID: UInt8, inputHandleIndex: UInt8, attachmentID: UInt32) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.attachmentID = attachmentID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt32(attachmentID)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopDeleteAttachmentRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let attachmentID = try reader.readUInt32("AttachmentID")
        return RopDeleteAttachmentRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, attachmentID: attachmentID)
    }
}

/// RopDeleteAttachment response (MS-OXCROPS 2.2.6.14.2): the 6-byte header whatever the ReturnValue.
public struct RopDeleteAttachmentResponse: RopResponseCodec {
    public static let ropID = RopID.deleteAttachment

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopDeleteAttachmentResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopDeleteAttachmentResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
