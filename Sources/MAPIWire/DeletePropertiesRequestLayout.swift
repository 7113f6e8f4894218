/// The request layout shared by the two property-deleting ROPs: RopId, LogonId, InputHandleIndex,
/// PropertyTagCount (2), PropertyTags (4 × count).
///
/// Used by RopDeleteProperties (MS-OXCROPS 2.2.8.8.1) and RopDeletePropertiesNoReplicate (2.2.8.9.1);
/// MS-OXCPRPT 2.2.8 says the second "has the same fields" as the first.
public struct DeletePropertiesRequestLayout<Rop: RopIdentity>: RopRequestCodec {
    public static var ropID: RopID { Rop.ropID }

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertyTags: [PropertyTag]

    public init(logonID: UInt8, inputHandleIndex: UInt8, propertyTags: [PropertyTag]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertyTags = propertyTags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendCountedPropertyTags(propertyTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertyTags = try reader.readCountedPropertyTags("PropertyTagCount", "PropertyTags")
        return Self(logonID: logonID, inputHandleIndex: inputHandleIndex, propertyTags: propertyTags)
    }
}
