/// RopWritePerUserInformation request (MS-OXCROPS 2.2.3.13.1): FolderId (LongTermID, 24), HasFinished (1),
/// DataOffset (4), DataSize (2), Data, then ReplGuid (16) when DataOffset is 0 — on private logons only.
///
/// Whether ReplGuid is present depends on the logon, which a decoder cannot see; Herald accepts only
/// private logons, so this codec reads it whenever DataOffset is 0.
public struct RopWritePerUserInformationRequest: RopRequestCodec {
    public static let ropID = RopID.writePerUserInformation

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var folderID: LongTermID
    public var hasFinished: Bool
    public var dataOffset: UInt32
    public var data: [UInt8]
    /// On the wire exactly when ``dataOffset`` is 0.
    public var replGuid: GUID?

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, folderID: LongTermID, hasFinished: Bool, dataOffset: UInt32,
        data: [UInt8], replGuid: GUID?
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.folderID = folderID
        self.hasFinished = hasFinished
        self.dataOffset = dataOffset
        self.data = data
        self.replGuid = dataOffset == 0 ? (replGuid ?? .zero) : nil
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        folderID.encode(into: &buffer)
        buffer.append(hasFinished ? 1 : 0)
        buffer.appendUInt32(dataOffset)
        buffer.appendSizedBytes16(data)
        if dataOffset == 0 { (replGuid ?? .zero).encode(into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopWritePerUserInformationRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let folderID = try LongTermID.decode(from: &reader, "FolderId")
        let hasFinished = try reader.readUInt8("HasFinished") != 0
        let dataOffset = try reader.readUInt32("DataOffset")
        let data = try reader.readSizedBytes16("DataSize", "Data")
        let replGuid = dataOffset == 0 ? try GUID.decode(from: &reader, "ReplGuid") : nil
        return RopWritePerUserInformationRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, folderID: folderID, hasFinished: hasFinished,
            dataOffset: dataOffset, data: data, replGuid: replGuid)
    }
}

/// RopWritePerUserInformation response (MS-OXCROPS 2.2.3.13.2): the 6-byte header whatever the ReturnValue.
public struct RopWritePerUserInformationResponse: RopResponseCodec {
    public static let ropID = RopID.writePerUserInformation

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopWritePerUserInformationResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopWritePerUserInformationResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
