/// The request layout shared by the two stream-writing ROPs: RopId, LogonId, InputHandleIndex,
/// DataSize (2), Data (DataSize bytes). Their responses differ (a 2-byte and a 4-byte WrittenSize), so
/// each keeps its own.
///
/// Used by RopWriteStream (MS-OXCROPS 2.2.9.3.1) and RopWriteStreamExtended (2.2.9.4.1).
public struct WriteStreamRequestLayout<Rop: RopIdentity>: RopRequestCodec {
    public static var ropID: RopID { Rop.ropID }

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var data: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, data: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.data = data
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedBytes16(data)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let data = try reader.readSizedBytes16("DataSize", "Data")
        return Self(logonID: logonID, inputHandleIndex: inputHandleIndex, data: data)
    }
}
