/// RopOpenFolder request (MS-OXCROPS 2.2.4.1.1).
public struct RopOpenFolderRequest: RopRequestCodec {
    public static let ropID = RopID.openFolder

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    public var folderID: ObjectID
    /// 0x04 OpenSoftDeleted; other bits are ignored (MS-OXCFOLD 2.2.1.1.1).
    public var openModeFlags: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, folderID: ObjectID, openModeFlags: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.folderID = folderID
        self.openModeFlags = openModeFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        folderID.encode(into: &buffer)
        buffer.append(openModeFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let openModeFlags = try reader.readUInt8("OpenModeFlags")
        return RopOpenFolderRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex, folderID: folderID, openModeFlags: openModeFlags)
    }
}
