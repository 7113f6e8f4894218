/// RopGetPropertiesSpecific request (MS-OXCROPS 2.2.8.3.1).
public struct RopGetPropertiesSpecificRequest: RopRequestCodec {
    public static let ropID = RopID.getPropertiesSpecific

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertySizeLimit: UInt16
    /// Nonzero: untyped string properties come back as UTF-16LE.
    public var wantUnicode: UInt16
    public var propertyTags: [PropertyTag]

    public init(logonID: UInt8, inputHandleIndex: UInt8, propertySizeLimit: UInt16, wantUnicode: UInt16, propertyTags: [PropertyTag]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertySizeLimit = propertySizeLimit
        self.wantUnicode = wantUnicode
        self.propertyTags = propertyTags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt16(propertySizeLimit)
        buffer.appendUInt16(wantUnicode)
        buffer.appendCountedPropertyTags(propertyTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertiesSpecificRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertySizeLimit = try reader.readUInt16("PropertySizeLimit")
        let wantUnicode = try reader.readUInt16("WantUnicode")
        let propertyTags = try reader.readCountedPropertyTags("PropertyTagCount", "PropertyTags")
        return RopGetPropertiesSpecificRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, propertySizeLimit: propertySizeLimit, wantUnicode: wantUnicode, propertyTags: propertyTags)
    }
}
