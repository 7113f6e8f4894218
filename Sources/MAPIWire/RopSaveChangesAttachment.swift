/// RopSaveChangesAttachment request (MS-OXCROPS 2.2.6.15.1).
public struct RopSaveChangesAttachmentRequest: RopRequestCodec {
    public static let ropID = RopID.saveChangesAttachment

    public var logonID: UInt8
    public var responseHandleIndex: UInt8
    public var inputHandleIndex: UInt8
    /// MS-OXCMSG 2.2.3.3.1 values: 0x01 KeepOpenReadOnly, 0x02 KeepOpenReadWrite, 0x04 ForceSave.
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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSaveChangesAttachmentRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let responseHandleIndex = try reader.readUInt8("ResponseHandleIndex")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let saveFlags = try reader.readUInt8("SaveFlags")
        return RopSaveChangesAttachmentRequest(logonID: logonID, responseHandleIndex: responseHandleIndex, inputHandleIndex: inputHandleIndex, saveFlags: saveFlags)
    }
}

/// RopSaveChangesAttachment response (MS-OXCROPS 2.2.6.15.2): the 6-byte header whatever the ReturnValue.
public struct RopSaveChangesAttachmentResponse: RopResponseCodec {
    public static let ropID = RopID.saveChangesAttachment

    public var responseHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(responseHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.responseHandleIndex = responseHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: responseHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSaveChangesAttachmentResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "ResponseHandleIndex")
        return RopSaveChangesAttachmentResponse(responseHandleIndex: header.index, returnValue: header.returnValue)
    }
}
