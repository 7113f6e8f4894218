/// RopDeleteMessages request (MS-OXCROPS 2.2.4.11.1).
public struct RopDeleteMessagesRequest: RopRequestCodec {
    public static let ropID = RopID.deleteMessages

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var wantAsynchronous: Bool
    public var notifyNonRead: Bool
    public var messageIDs: [ObjectID]

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, wantAsynchronous: Bool, notifyNonRead: Bool, messageIDs: [ObjectID]
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.wantAsynchronous = wantAsynchronous
        self.notifyNonRead = notifyNonRead
        self.messageIDs = messageIDs
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(notifyNonRead ? 1 : 0)
        buffer.appendCountedObjectIDs(messageIDs)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopDeleteMessagesRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let notifyNonRead = try reader.readUInt8("NotifyNonRead") != 0
        let messageIDs = try reader.readCountedObjectIDs("MessageIdCount", "MessageIds")
        return RopDeleteMessagesRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, wantAsynchronous: wantAsynchronous,
            notifyNonRead: notifyNonRead, messageIDs: messageIDs)
    }
}

/// RopDeleteMessages response (MS-OXCROPS 2.2.4.11.2): one layout whatever the ReturnValue.
public struct RopDeleteMessagesResponse: RopResponseCodec {
    public static let ropID = RopID.deleteMessages

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode
    /// Nonzero when some of the work failed.
    public var partialCompletion: Bool

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success, partialCompletion: Bool) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
        self.partialCompletion = partialCompletion
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
        buffer.append(partialCompletion ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopDeleteMessagesResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        let partialCompletion = try reader.readUInt8("PartialCompletion") != 0
        return RopDeleteMessagesResponse(
            inputHandleIndex: header.index, returnValue: header.returnValue, partialCompletion: partialCompletion)
    }
}
