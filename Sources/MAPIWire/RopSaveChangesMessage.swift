/// RopSaveChangesMessage request (MS-OXCROPS 2.2.6.3.1).
public struct RopSaveChangesMessageRequest: RopRequestCodec {
    public static let ropID = RopID.saveChangesMessage

    public var logonID: UInt8
    public var responseHandleIndex: UInt8
    public var inputHandleIndex: UInt8
    /// 0x01 KeepOpenReadOnly, 0x02 KeepOpenReadWrite, 0x04 ForceSave (MS-OXCMSG 2.2.3.3.1); clients also set 0x08.
    public var saveFlags: UInt8

    public init(logonID: UInt8, responseHandleIndex: UInt8, inputHandleIndex: UInt8, saveFlags: UInt8) {
        self.logonID = logonID
        self.responseHandleIndex = responseHandleIndex
        self.inputHandleIndex = inputHandleIndex
        self.saveFlags = saveFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(responseHandleIndex)
        buffer.append(inputHandleIndex)
        buffer.append(saveFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSaveChangesMessageRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let responseHandleIndex = try reader.readUInt8("ResponseHandleIndex")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let saveFlags = try reader.readUInt8("SaveFlags")
        return RopSaveChangesMessageRequest(
            logonID: logonID, responseHandleIndex: responseHandleIndex, inputHandleIndex: inputHandleIndex,
            saveFlags: saveFlags)
    }
}

/// RopSaveChangesMessage response (MS-OXCROPS 2.2.6.3.2, 2.2.6.3.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
///
/// The header echoes ResponseHandleIndex; the success fields are InputHandleIndex and MessageId.
public struct RopSaveChangesMessageResponse: RopResponseCodec {
    public static let ropID = RopID.saveChangesMessage

    public struct Success: Hashable, Sendable {
        public var inputHandleIndex: UInt8
        public var messageID: ObjectID

        public init(inputHandleIndex: UInt8, messageID: ObjectID) {
            self.inputHandleIndex = inputHandleIndex
            self.messageID = messageID
        }
    }

    public var responseHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(responseHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.responseHandleIndex = responseHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: responseHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.append(success.inputHandleIndex)
        success.messageID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSaveChangesMessageResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "ResponseHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSaveChangesMessageResponse(responseHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let messageID = try ObjectID.decode(from: &reader, "MessageId")
        let success = Success(inputHandleIndex: inputHandleIndex, messageID: messageID)
        return RopSaveChangesMessageResponse(responseHandleIndex: header.index, outcome: .success(success))
    }
}
