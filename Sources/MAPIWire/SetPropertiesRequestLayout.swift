/// The request layout shared by the two property-setting ROPs: RopId, LogonId, InputHandleIndex,
/// PropertyValueSize (2), PropertyValueCount (2), PropertyValues (TaggedPropertyValue × count).
///
/// PropertyValueSize counts the bytes of PropertyValueCount and PropertyValues; the values must fill
/// exactly that many bytes.
///
/// Used by RopSetProperties (MS-OXCROPS 2.2.8.6.1) and RopSetPropertiesNoReplicate (2.2.8.7.1).
public struct SetPropertiesRequestLayout<Rop: RopIdentity>: RopRequestCodec {
    public static var ropID: RopID { Rop.ropID }

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertyValues: [TaggedPropertyValue]

    public init(logonID: UInt8, inputHandleIndex: UInt8, propertyValues: [TaggedPropertyValue]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertyValues = propertyValues
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedTaggedValues(propertyValues)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertyValues = try reader.readSizedTaggedValues()
        return Self(logonID: logonID, inputHandleIndex: inputHandleIndex, propertyValues: propertyValues)
    }
}
