/// The request layout shared by the ROPs that take one LongTermID: RopId, LogonId, InputHandleIndex,
/// LongTermId (24, MS-OXCDATA 2.2.1.3.1). Their responses differ (an ObjectId, a DatabaseGuid), so
/// each keeps its own.
///
/// Used by RopIdFromLongTermId (MS-OXCROPS 2.2.3.9.1) and RopGetPerUserGuid (2.2.3.11.1).
public struct LongTermIDRequestLayout<Rop: RopIdentity>: RopRequestCodec {
    public static var ropID: RopID { Rop.ropID }

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var longTermID: LongTermID

    public init(logonID: UInt8, inputHandleIndex: UInt8, longTermID: LongTermID) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.longTermID = longTermID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        longTermID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let longTermID = try LongTermID.decode(from: &reader, "LongTermId")
        return Self(logonID: logonID, inputHandleIndex: inputHandleIndex, longTermID: longTermID)
    }
}
