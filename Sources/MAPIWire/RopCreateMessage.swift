/// RopCreateMessage request (MS-OXCROPS 2.2.6.2.1).
public struct RopCreateMessageRequest: RopRequestCodec {
    public static let ropID = RopID.createMessage

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// 0x0FFF: the logon's code page.
    public var codePageID: UInt16
    public var folderID: ObjectID
    /// true: a folder associated information (FAI) message.
    public var associatedFlag: Bool

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, codePageID: UInt16, folderID: ObjectID,
        associatedFlag: Bool
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.codePageID = codePageID
        self.folderID = folderID
        self.associatedFlag = associatedFlag
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.appendUInt16(codePageID)
        folderID.encode(into: &buffer)
        buffer.append(associatedFlag ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateMessageRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let codePageID = try reader.readUInt16("CodePageId")
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let associatedFlag = try reader.readUInt8("AssociatedFlag") != 0
        return RopCreateMessageRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex,
            codePageID: codePageID, folderID: folderID, associatedFlag: associatedFlag)
    }
}

/// RopCreateMessage response (MS-OXCROPS 2.2.6.2.2, 2.2.6.2.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
///
/// On the wire the success fields are HasMessageId (1) and MessageId (8, only when HasMessageId is
/// nonzero); ``Success/messageID`` is nil exactly when HasMessageId is zero.
public struct RopCreateMessageResponse: RopResponseCodec {
    public static let ropID = RopID.createMessage

    public struct Success: Hashable, Sendable {
        public var messageID: ObjectID?

        public init(messageID: ObjectID?) {
            self.messageID = messageID
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
        if let messageID = success.messageID {
            buffer.append(1)
            messageID.encode(into: &buffer)
        } else {
            buffer.append(0)
        }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateMessageResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopCreateMessageResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let messageID = try reader.readUInt8("HasMessageId") != 0 ? ObjectID.decode(from: &reader, "MessageId") : nil
        let success = Success(messageID: messageID)
        return RopCreateMessageResponse(outputHandleIndex: header.index, outcome: .success(success))
    }
}
