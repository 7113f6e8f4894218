/// RopMoveCopyMessages request (MS-OXCROPS 2.2.4.6.1).
public struct RopMoveCopyMessagesRequest: RopRequestCodec {
    public static let ropID = RopID.moveCopyMessages

    public var logonID: UInt8
    public var sourceHandleIndex: UInt8
    public var destHandleIndex: UInt8
    public var messageIDs: [ObjectID]
    public var wantAsynchronous: Bool
    /// true = copy, false = move.
    public var wantCopy: Bool

    public init(
        logonID: UInt8, sourceHandleIndex: UInt8, destHandleIndex: UInt8, messageIDs: [ObjectID],
        wantAsynchronous: Bool, wantCopy: Bool
    ) {
        self.logonID = logonID
        self.sourceHandleIndex = sourceHandleIndex
        self.destHandleIndex = destHandleIndex
        self.messageIDs = messageIDs
        self.wantAsynchronous = wantAsynchronous
        self.wantCopy = wantCopy
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(sourceHandleIndex)
        buffer.append(destHandleIndex)
        buffer.appendCountedObjectIDs(messageIDs)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(wantCopy ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopMoveCopyMessagesRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let sourceHandleIndex = try reader.readUInt8("SourceHandleIndex")
        let destHandleIndex = try reader.readUInt8("DestHandleIndex")
        let messageIDs = try reader.readCountedObjectIDs("MessageIdCount", "MessageIds")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let wantCopy = try reader.readUInt8("WantCopy") != 0
        return RopMoveCopyMessagesRequest(
            logonID: logonID, sourceHandleIndex: sourceHandleIndex, destHandleIndex: destHandleIndex,
            messageIDs: messageIDs, wantAsynchronous: wantAsynchronous, wantCopy: wantCopy)
    }
}

/// RopMoveCopyMessages response (MS-OXCROPS 2.2.4.6.2, 2.2.4.6.3): RopId, SourceHandleIndex, ReturnValue, then
/// DestHandleIndex (4 bytes) only when ReturnValue is 0x00000503 ecDstNullObject (the null-destination
/// failure response), then PartialCompletion whatever the ReturnValue.
public struct RopMoveCopyMessagesResponse: RopResponseCodec {
    public static let ropID = RopID.moveCopyMessages

    public var sourceHandleIndex: UInt8
    public var returnValue: ErrorCode
    /// The request's DestHandleIndex; on the wire only when ReturnValue is ``ErrorCode/nullDestinationObject``.
    public var destHandleIndex: UInt32
    public var partialCompletion: Bool

    public init(
        sourceHandleIndex: UInt8, returnValue: ErrorCode = .success, destHandleIndex: UInt32 = 0,
        partialCompletion: Bool
    ) {
        self.sourceHandleIndex = sourceHandleIndex
        self.returnValue = returnValue
        self.destHandleIndex = destHandleIndex
        self.partialCompletion = partialCompletion
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: sourceHandleIndex, returnValue: returnValue)
        if returnValue == .nullDestinationObject { buffer.appendUInt32(destHandleIndex) }
        buffer.append(partialCompletion ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopMoveCopyMessagesResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "SourceHandleIndex")
        let destHandleIndex = header.returnValue == .nullDestinationObject ? try reader.readUInt32("DestHandleIndex") : 0
        let partialCompletion = try reader.readUInt8("PartialCompletion") != 0
        return RopMoveCopyMessagesResponse(
            sourceHandleIndex: header.index, returnValue: header.returnValue, destHandleIndex: destHandleIndex,
            partialCompletion: partialCompletion)
    }
}
