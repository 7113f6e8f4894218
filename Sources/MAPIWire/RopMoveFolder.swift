/// RopMoveFolder request (MS-OXCROPS 2.2.4.7.1).
///
/// NewFolderName is UTF-16LE when UseUnicode is nonzero, else 8-bit; ``newFolderName``'s case should
/// agree with ``useUnicode`` (a decoded request always does).
public struct RopMoveFolderRequest: RopRequestCodec {
    public static let ropID = RopID.moveFolder

    public var logonID: UInt8
    public var sourceHandleIndex: UInt8
    public var destHandleIndex: UInt8
    public var wantAsynchronous: Bool
    public var useUnicode: Bool
    public var folderID: ObjectID
    public var newFolderName: RopString

    public init(
        logonID: UInt8, sourceHandleIndex: UInt8, destHandleIndex: UInt8, wantAsynchronous: Bool, useUnicode: Bool,
        folderID: ObjectID, newFolderName: RopString
    ) {
        self.logonID = logonID
        self.sourceHandleIndex = sourceHandleIndex
        self.destHandleIndex = destHandleIndex
        self.wantAsynchronous = wantAsynchronous
        self.useUnicode = useUnicode
        self.folderID = folderID
        self.newFolderName = newFolderName
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(sourceHandleIndex)
        buffer.append(destHandleIndex)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(useUnicode ? 1 : 0)
        folderID.encode(into: &buffer)
        newFolderName.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopMoveFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let sourceHandleIndex = try reader.readUInt8("SourceHandleIndex")
        let destHandleIndex = try reader.readUInt8("DestHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let useUnicode = try reader.readUInt8("UseUnicode") != 0
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let newFolderName = try RopString.decode(unicode: useUnicode, from: &reader, "NewFolderName")
        return RopMoveFolderRequest(
            logonID: logonID, sourceHandleIndex: sourceHandleIndex, destHandleIndex: destHandleIndex,
            wantAsynchronous: wantAsynchronous, useUnicode: useUnicode, folderID: folderID,
            newFolderName: newFolderName)
    }
}

/// RopMoveFolder response (MS-OXCROPS 2.2.4.7.2, 2.2.4.7.3): RopId, SourceHandleIndex, ReturnValue, then
/// DestHandleIndex (4 bytes) only when ReturnValue is 0x00000503 ecDstNullObject (the null-destination
/// failure response), then PartialCompletion whatever the ReturnValue.
public struct RopMoveFolderResponse: RopResponseCodec {
    public static let ropID = RopID.moveFolder

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopMoveFolderResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "SourceHandleIndex")
        let destHandleIndex = header.returnValue == .nullDestinationObject ? try reader.readUInt32("DestHandleIndex") : 0
        let partialCompletion = try reader.readUInt8("PartialCompletion") != 0
        return RopMoveFolderResponse(
            sourceHandleIndex: header.index, returnValue: header.returnValue, destHandleIndex: destHandleIndex,
            partialCompletion: partialCompletion)
    }
}
