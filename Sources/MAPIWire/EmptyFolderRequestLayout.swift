/// The request layout shared by the two folder-emptying ROPs: RopId, LogonId, InputHandleIndex,
/// WantAsynchronous (1), WantDeleteAssociated (1).
///
/// Used by RopEmptyFolder (MS-OXCROPS 2.2.4.9.1) and RopHardDeleteMessagesAndSubfolders (2.2.4.10.1).
public struct EmptyFolderRequestLayout<Rop: RopIdentity>: RopRequestCodec {
    public static var ropID: RopID { Rop.ropID }

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var wantAsynchronous: Bool
    public var wantDeleteAssociated: Bool

    public init(logonID: UInt8, inputHandleIndex: UInt8, wantAsynchronous: Bool, wantDeleteAssociated: Bool) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.wantAsynchronous = wantAsynchronous
        self.wantDeleteAssociated = wantDeleteAssociated
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(wantDeleteAssociated ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let wantDeleteAssociated = try reader.readUInt8("WantDeleteAssociated") != 0
        return Self(
            logonID: logonID, inputHandleIndex: inputHandleIndex, wantAsynchronous: wantAsynchronous,
            wantDeleteAssociated: wantDeleteAssociated)
    }
}
