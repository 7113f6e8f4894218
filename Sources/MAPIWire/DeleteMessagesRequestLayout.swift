/// The request layout shared by the two message-deleting ROPs: RopId, LogonId, InputHandleIndex,
/// WantAsynchronous (1), NotifyNonRead (1), MessageIdCount (2), MessageIds (8 × count).
///
/// Used by RopDeleteMessages (MS-OXCROPS 2.2.4.11.1) and RopHardDeleteMessages (2.2.4.12.1).
public struct DeleteMessagesRequestLayout<Rop: RopIdentity>: RopRequestCodec {
    public static var ropID: RopID { Rop.ropID }

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let notifyNonRead = try reader.readUInt8("NotifyNonRead") != 0
        let messageIDs = try reader.readCountedObjectIDs("MessageIdCount", "MessageIds")
        return Self(
            logonID: logonID, inputHandleIndex: inputHandleIndex, wantAsynchronous: wantAsynchronous,
            notifyNonRead: notifyNonRead, messageIDs: messageIDs)
    }
}
