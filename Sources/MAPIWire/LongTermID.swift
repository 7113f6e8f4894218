/// A LongTermID (MS-OXCDATA 2.2.1.3.1): DatabaseGuid (16, the REPLGUID), GlobalCounter (6, most
/// significant byte first, as in ``ObjectID``), Pad (2, 0x0000).
public struct LongTermID: Hashable, Sendable {
    public var databaseGuid: GUID
    /// The 48-bit global counter.
    public var globalCounter: UInt64
    /// Sent as 0x0000; kept so that a decoded value re-encodes byte for byte.
    public var pad: UInt16

    public init(databaseGuid: GUID, globalCounter: UInt64, pad: UInt16 = 0) {
        self.databaseGuid = databaseGuid
        self.globalCounter = globalCounter & ObjectID.maxGlobalCounter
        self.pad = pad
    }

    public static let encodedSize = 24

    public func encode(into buffer: inout [UInt8]) {
        databaseGuid.encode(into: &buffer)
        for shift in stride(from: 40, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: globalCounter >> UInt64(shift))) }
        buffer.appendUInt16(pad)
    }

    public static func decode(from reader: inout ByteReader, _ field: String) throws(WireError) -> LongTermID {
        try reader.require(encodedSize, field: field)
        let guid = try GUID.decode(from: &reader, field)
        var counter: UInt64 = 0
        for _ in 0..<6 { counter = counter << 8 | UInt64(try reader.readUInt8(field)) }
        return LongTermID(databaseGuid: guid, globalCounter: counter, pad: try reader.readUInt16(field))
    }
}
