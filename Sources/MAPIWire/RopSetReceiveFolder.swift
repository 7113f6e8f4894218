/// RopSetReceiveFolder request (MS-OXCROPS 2.2.3.3.1).
public struct RopSetReceiveFolderRequest: RopRequestCodec {
    public static let ropID = RopID.setReceiveFolder

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// Zero removes the entry for MessageClass (MS-OXCSTOR 3.2.5.3).
    public var folderID: ObjectID
    /// ASCII, without its terminating NUL.
    public var messageClass: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, folderID: ObjectID, messageClass: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.folderID = folderID
        self.messageClass = messageClass
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        folderID.encode(into: &buffer)
        PropertyValue.encodeString8(messageClass, into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetReceiveFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let messageClass = try reader.readString8("MessageClass")
        return RopSetReceiveFolderRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, folderID: folderID, messageClass: messageClass)
    }
}

/// RopSetReceiveFolder response (MS-OXCROPS 2.2.3.3.2): the 6-byte header whatever the ReturnValue.
public struct RopSetReceiveFolderResponse: RopResponseCodec {
    public static let ropID = RopID.setReceiveFolder

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetReceiveFolderResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopSetReceiveFolderResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
