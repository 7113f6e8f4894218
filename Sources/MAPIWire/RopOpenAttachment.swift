/// RopOpenAttachment request (MS-OXCROPS 2.2.6.12.1).
public struct RopOpenAttachmentRequest: RopRequestCodec {
    public static let ropID = RopID.openAttachment

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// MS-OXCMSG 2.2.3.12.1: 0x00 ReadOnly, 0x01 ReadWrite, 0x02 BestAccess.
    public var openAttachmentFlags: UInt8
    /// PidTagAttachNumber of the attachment.
    public var attachmentID: UInt32

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, openAttachmentFlags: UInt8, attachmentID: UInt32) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.openAttachmentFlags = openAttachmentFlags
        self.attachmentID = attachmentID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.append(openAttachmentFlags)
        buffer.appendUInt32(attachmentID)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenAttachmentRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let openAttachmentFlags = try reader.readUInt8("OpenAttachmentFlags")
        let attachmentID = try reader.readUInt32("AttachmentID")
        return RopOpenAttachmentRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex, openAttachmentFlags: openAttachmentFlags, attachmentID: attachmentID)
    }
}

/// RopOpenAttachment response (MS-OXCROPS 2.2.6.12.2): the 6-byte header whatever the ReturnValue.
public struct RopOpenAttachmentResponse: RopResponseCodec {
    public static let ropID = RopID.openAttachment

    public var outputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(outputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.outputHandleIndex = outputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenAttachmentResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        return RopOpenAttachmentResponse(outputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
