/// RopSetReadFlags (MS-OXCROPS 2.2.6.10, RopId 0x66): sets or clears the read flags of messages in a
/// folder. Its response layout is shared (``PartialCompletionResponse``).
public enum RopSetReadFlags: RopIdentity {
    public static let ropID = RopID.setReadFlags
}

/// RopSetReadFlags request (MS-OXCROPS 2.2.6.10.1).
public struct RopSetReadFlagsRequest: RopRequestCodec {
    public static let ropID = RopSetReadFlags.ropID

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var wantAsynchronous: Bool
    /// MS-OXCMSG 2.2.3.10.1.
    public var readFlags: UInt8
    public var messageIDs: [ObjectID]

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, wantAsynchronous: Bool, readFlags: UInt8, messageIDs: [ObjectID]
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.wantAsynchronous = wantAsynchronous
        self.readFlags = readFlags
        self.messageIDs = messageIDs
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(readFlags)
        buffer.appendCountedObjectIDs(messageIDs)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetReadFlagsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let readFlags = try reader.readUInt8("ReadFlags")
        let messageIDs = try reader.readCountedObjectIDs("MessageIdCount", "MessageIds")
        return RopSetReadFlagsRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, wantAsynchronous: wantAsynchronous,
            readFlags: readFlags, messageIDs: messageIDs)
    }
}

/// RopSetReadFlags response (MS-OXCROPS 2.2.6.10.2): one layout whatever the ReturnValue.
public typealias RopSetReadFlagsResponse = PartialCompletionResponse<RopSetReadFlags>
