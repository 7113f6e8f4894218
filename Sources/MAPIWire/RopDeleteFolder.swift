/// RopDeleteFolder (MS-OXCROPS 2.2.4.3, RopId 0x1D): deletes a subfolder. Its response layout is shared
/// (``PartialCompletionResponse``).
public enum RopDeleteFolder: RopIdentity {
    public static let ropID = RopID.deleteFolder
}

/// RopDeleteFolder request (MS-OXCROPS 2.2.4.3.1).
public struct RopDeleteFolderRequest: RopRequestCodec {
    public static let ropID = RopDeleteFolder.ropID

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x01 DEL_MESSAGES, 0x04 DEL_FOLDERS, 0x10 DELETE_HARD_DELETE.
    public var deleteFolderFlags: UInt8
    public var folderID: ObjectID

    public init(logonID: UInt8, inputHandleIndex: UInt8, deleteFolderFlags: UInt8, folderID: ObjectID) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.deleteFolderFlags = deleteFolderFlags
        self.folderID = folderID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(deleteFolderFlags)
        folderID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopDeleteFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let deleteFolderFlags = try reader.readUInt8("DeleteFolderFlags")
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        return RopDeleteFolderRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, deleteFolderFlags: deleteFolderFlags,
            folderID: folderID)
    }
}

/// RopDeleteFolder response (MS-OXCROPS 2.2.4.3.2): one layout whatever the ReturnValue.
public typealias RopDeleteFolderResponse = PartialCompletionResponse<RopDeleteFolder>
