/// RopCreateAttachment request (MS-OXCROPS 2.2.6.13.1).
public struct RopCreateAttachmentRequest: RopRequestCodec {
    public static let ropID = RopID.createAttachment

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateAttachmentRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        return RopCreateAttachmentRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex)
    }
}

/// RopCreateAttachment response (MS-OXCROPS 2.2.6.13.2, 2.2.6.13.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopCreateAttachmentResponse: RopResponseCodec {
    public static let ropID = RopID.createAttachment

    public struct Success: Hashable, Sendable {
        /// PidTagAttachNumber of the new attachment.
        public var attachmentID: UInt32

        public init(attachmentID: UInt32) {
            self.attachmentID = attachmentID
        }
    }

    public var outputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(outputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.outputHandleIndex = outputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.appendUInt32(success.attachmentID)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateAttachmentResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopCreateAttachmentResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let attachmentID = try reader.readUInt32("AttachmentID")
        return RopCreateAttachmentResponse(outputHandleIndex: header.index, outcome: .success(Success(attachmentID: attachmentID)))
    }
}
