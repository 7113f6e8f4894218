/// RopOpenMessage request (MS-OXCROPS 2.2.6.1.1).
public struct RopOpenMessageRequest: RopRequestCodec {
    public static let ropID = RopID.openMessage

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// 0x0FFF: the logon's code page.
    public var codePageID: UInt16
    public var folderID: ObjectID
    /// 0x00 ReadOnly, 0x01 ReadWrite, 0x03 BestAccess, 0x04 OpenSoftDeleted (MS-OXCMSG 2.2.3.1.1).
    public var openModeFlags: UInt8
    public var messageID: ObjectID

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, codePageID: UInt16, folderID: ObjectID, openModeFlags: UInt8, messageID: ObjectID) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.codePageID = codePageID
        self.folderID = folderID
        self.openModeFlags = openModeFlags
        self.messageID = messageID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.appendUInt16(codePageID)
        folderID.encode(into: &buffer)
        buffer.append(openModeFlags)
        messageID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenMessageRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let codePageID = try reader.readUInt16("CodePageId")
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let openModeFlags = try reader.readUInt8("OpenModeFlags")
        let messageID = try ObjectID.decode(from: &reader, "MessageId")
        return RopOpenMessageRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex, codePageID: codePageID, folderID: folderID, openModeFlags: openModeFlags, messageID: messageID)
    }
}
