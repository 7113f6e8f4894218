/// RopOpenEmbeddedMessage request (MS-OXCROPS 2.2.6.16.1).
public struct RopOpenEmbeddedMessageRequest: RopRequestCodec {
    public static let ropID = RopID.openEmbeddedMessage

    /// OpenModeFlags (MS-OXCMSG 2.2.3.16.1).
    public static let readOnly: UInt8 = 0x00
    public static let readWrite: UInt8 = 0x01
    public static let create: UInt8 = 0x02

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    public var codePageID: UInt16
    /// 0x00 ReadOnly, 0x01 ReadWrite, 0x02 Create (create the embedded message if there is none).
    public var openModeFlags: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, codePageID: UInt16, openModeFlags: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.codePageID = codePageID
        self.openModeFlags = openModeFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.appendUInt16(codePageID)
        buffer.append(openModeFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenEmbeddedMessageRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let codePageID = try reader.readUInt16("CodePageId")
        let openModeFlags = try reader.readUInt8("OpenModeFlags")
        return RopOpenEmbeddedMessageRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex,
            codePageID: codePageID, openModeFlags: openModeFlags)
    }
}

/// RopOpenEmbeddedMessage response (MS-OXCROPS 2.2.6.16.2, 2.2.6.16.3): on success Reserved (1) and
/// MessageId (8), then the fields of a RopOpenMessage success response (HasNamedProperties through
/// RecipientRows); a failure response is the 6-byte header.
public struct RopOpenEmbeddedMessageResponse: RopResponseCodec {
    public static let ropID = RopID.openEmbeddedMessage

    public struct Success: Hashable, Sendable {
        public var reserved: UInt8
        public var messageID: ObjectID
        /// HasNamedProperties through RecipientRows, laid out as in RopOpenMessage.
        public var message: RopOpenMessageResponse.Success

        public init(reserved: UInt8 = 0, messageID: ObjectID, message: RopOpenMessageResponse.Success) {
            self.reserved = reserved
            self.messageID = messageID
            self.message = message
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
        guard case let .success(success) = outcome else {
            buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: outcome.returnValue)
            return
        }
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: .success)
        buffer.append(success.reserved)
        success.messageID.encode(into: &buffer)
        // The tail is RopOpenMessage's success layout: encode that response and drop its 6-byte header.
        var tail: [UInt8] = []
        RopOpenMessageResponse(outputHandleIndex: outputHandleIndex, outcome: .success(success.message)).encode(into: &tail)
        buffer.append(contentsOf: tail.dropFirst(6))
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenEmbeddedMessageResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopOpenEmbeddedMessageResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let reserved = try reader.readUInt8("Reserved")
        let messageID = try ObjectID.decode(from: &reader, "MessageId")
        // Read the RopOpenMessage tail through its own decoder, behind a synthetic success header.
        let start = reader.offset
        var tailBytes: [UInt8] = [RopID.openMessage.rawValue, header.index, 0, 0, 0, 0]
        tailBytes.append(contentsOf: reader.bytes[start..<reader.end])
        var tailReader = ByteReader(tailBytes)
        let tail: RopOpenMessageResponse
        do {
            tail = try RopOpenMessageResponse.decode(from: &tailReader)
        } catch {
            throw WireError(offset: start + max(0, error.offset - 6), field: error.field, kind: error.kind)
        }
        guard case let .success(message) = tail.outcome else {
            throw WireError(offset: start, field: "HasNamedProperties", kind: .invalidValue(0))
        }
        try reader.skip(tailReader.offset - 6, "RecipientRows")
        return RopOpenEmbeddedMessageResponse(
            outputHandleIndex: header.index,
            outcome: .success(Success(reserved: reserved, messageID: messageID, message: message)))
    }
}
