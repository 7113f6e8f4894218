/// RopGetReceiveFolder request (MS-OXCROPS 2.2.3.2.1).
public struct RopGetReceiveFolderRequest: RopRequestCodec {
    public static let ropID = RopID.getReceiveFolder

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// ASCII message class without its terminating NUL.
    public var messageClass: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, messageClass: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.messageClass = messageClass
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        PropertyValue.encodeString8(messageClass, into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetReceiveFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let messageClass = try reader.readString8("MessageClass")
        return RopGetReceiveFolderRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, messageClass: messageClass)
    }
}

/// RopGetReceiveFolder response (MS-OXCROPS 2.2.3.2.2, 2.2.3.2.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetReceiveFolderResponse: RopResponseCodec {
    public static let ropID = RopID.getReceiveFolder

    public struct Success: Hashable, Sendable {
        public var folderID: ObjectID
        /// ASCII, without its terminating NUL.
        public var explicitMessageClass: [UInt8]

        public init(folderID: ObjectID, explicitMessageClass: [UInt8]) {
            self.folderID = folderID
            self.explicitMessageClass = explicitMessageClass
        }
    }

    public var inputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(inputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.inputHandleIndex = inputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        success.folderID.encode(into: &buffer)
        PropertyValue.encodeString8(success.explicitMessageClass, into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetReceiveFolderResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetReceiveFolderResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let explicitMessageClass = try reader.readString8("ExplicitMessageClass")
        let success = Success(folderID: folderID, explicitMessageClass: explicitMessageClass)
        return RopGetReceiveFolderResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
