/// A property data type (MS-OXCDATA 2.11.1).
public struct PropertyType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    public static let unspecified = PropertyType(0x0000)
    public static let null = PropertyType(0x0001)
    public static let integer16 = PropertyType(0x0002)
    public static let integer32 = PropertyType(0x0003)
    public static let floating32 = PropertyType(0x0004)
    public static let floating64 = PropertyType(0x0005)
    public static let currency = PropertyType(0x0006)
    public static let floatingTime = PropertyType(0x0007)
    public static let errorCode = PropertyType(0x000A)
    public static let boolean = PropertyType(0x000B)
    public static let object = PropertyType(0x000D)
    public static let integer64 = PropertyType(0x0014)
    public static let string8 = PropertyType(0x001E)
    public static let string = PropertyType(0x001F)
    public static let time = PropertyType(0x0040)
    public static let guid = PropertyType(0x0048)
    public static let serverID = PropertyType(0x00FB)
    public static let restriction = PropertyType(0x00FD)
    public static let ruleAction = PropertyType(0x00FE)
    public static let binary = PropertyType(0x0102)
    public static let multipleInteger16 = PropertyType(0x1002)
    public static let multipleInteger32 = PropertyType(0x1003)
    public static let multipleFloating32 = PropertyType(0x1004)
    public static let multipleFloating64 = PropertyType(0x1005)
    public static let multipleCurrency = PropertyType(0x1006)
    public static let multipleFloatingTime = PropertyType(0x1007)
    public static let multipleInteger64 = PropertyType(0x1014)
    public static let multipleString8 = PropertyType(0x101E)
    public static let multipleString = PropertyType(0x101F)
    public static let multipleTime = PropertyType(0x1040)
    public static let multipleGuid = PropertyType(0x1048)
    public static let multipleBinary = PropertyType(0x1102)

    /// MS-OXCDATA 2.11.1: 0x1000 marks a multi-valued type.
    public static let multipleFlag: UInt16 = 0x1000
    /// MS-OXCDATA 2.11.1.3: 0x2000 marks a multi-value instance column.
    public static let multivalueInstanceFlag: UInt16 = 0x2000

    public var isMultiple: Bool { rawValue & Self.multipleFlag != 0 }
    /// The type with the MultivalueInstance bit cleared.
    public var withoutInstanceFlag: PropertyType { PropertyType(rawValue & ~Self.multivalueInstanceFlag) }
    /// The single-valued element type of a multi-valued type.
    public var elementType: PropertyType { PropertyType(rawValue & ~(Self.multipleFlag | Self.multivalueInstanceFlag)) }

    static let names: [UInt16: String] = [
        0x0000: "PtypUnspecified", 0x0001: "PtypNull", 0x0002: "PtypInteger16", 0x0003: "PtypInteger32",
        0x0004: "PtypFloating32", 0x0005: "PtypFloating64", 0x0006: "PtypCurrency", 0x0007: "PtypFloatingTime",
        0x000A: "PtypErrorCode", 0x000B: "PtypBoolean", 0x000D: "PtypObject", 0x0014: "PtypInteger64",
        0x001E: "PtypString8", 0x001F: "PtypString", 0x0040: "PtypTime", 0x0048: "PtypGuid",
        0x00FB: "PtypServerId", 0x00FD: "PtypRestriction", 0x00FE: "PtypRuleAction", 0x0102: "PtypBinary",
        0x1002: "PtypMultipleInteger16", 0x1003: "PtypMultipleInteger32", 0x1004: "PtypMultipleFloating32",
        0x1005: "PtypMultipleFloating64", 0x1006: "PtypMultipleCurrency", 0x1007: "PtypMultipleFloatingTime",
        0x1014: "PtypMultipleInteger64", 0x101E: "PtypMultipleString8", 0x101F: "PtypMultipleString",
        0x1040: "PtypMultipleTime", 0x1048: "PtypMultipleGuid", 0x1102: "PtypMultipleBinary",
    ]

    public var name: String? { Self.names[rawValue] }
    public var description: String { name ?? "0x" + String(rawValue, radix: 16, uppercase: true).leftPadded(to: 4) }
}

/// A property tag (MS-OXCDATA 2.9): PropertyType (u16) then PropertyId (u16), i.e. the little-endian
/// u32 `id << 16 | type`.
public struct PropertyTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    public init(id: UInt16, type: PropertyType) { rawValue = UInt32(id) << 16 | UInt32(type.rawValue) }

    public var id: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var type: PropertyType { PropertyType(UInt16(truncatingIfNeeded: rawValue)) }

    public func with(type: PropertyType) -> PropertyTag { PropertyTag(id: id, type: type) }

    public var description: String { "0x" + String(rawValue, radix: 16, uppercase: true).leftPadded(to: 8) }

    @inline(__always)
    public func encode(into buffer: inout [UInt8]) { buffer.appendUInt32(rawValue) }

    @inline(__always)
    public static func decode(from reader: inout ByteReader, _ field: String = "PropertyTag") throws(WireError) -> PropertyTag {
        PropertyTag(try reader.readUInt32(field))
    }
}
