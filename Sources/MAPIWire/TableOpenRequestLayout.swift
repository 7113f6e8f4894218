/// The request layout shared by the ROPs that open a table on a folder or message: RopId, LogonId,
/// InputHandleIndex, OutputHandleIndex, TableFlags (1). The flag bits differ per ROP; each ROP's file
/// lists its own.
///
/// Used by RopGetHierarchyTable (MS-OXCROPS 2.2.4.13.1), RopGetContentsTable (2.2.4.14.1) and
/// RopGetAttachmentTable (2.2.6.17.1).
public struct TableOpenRequestLayout<Rop: RopIdentity>: RopRequestCodec {
    public static var ropID: RopID { Rop.ropID }

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    public var tableFlags: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, tableFlags: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.tableFlags = tableFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.append(tableFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let tableFlags = try reader.readUInt8("TableFlags")
        return Self(
            logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex,
            tableFlags: tableFlags)
    }
}
