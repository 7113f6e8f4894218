import MAPIWire

/// p_syntax_id_t: an interface or transfer syntax UUID with its version (C706 12.6.3.1).
///
/// On the wire the version is one u32 whose low 16 bits are the major and high 16 bits the minor
/// version (`if_version` in C706; MS-RPCE 2.2.2.2 RPC_SYNTAX_IDENTIFIER).
public struct SyntaxIdentifier: Sendable, Hashable, CustomStringConvertible {
    public static let size = 20

    public var uuid: GUID
    public var majorVersion: UInt16
    public var minorVersion: UInt16

    public init(uuid: GUID, majorVersion: UInt16, minorVersion: UInt16) {
        self.uuid = uuid
        self.majorVersion = majorVersion
        self.minorVersion = minorVersion
    }

    /// NDR 2.0 transfer syntax 8A885D04-1CEB-11C9-9FE8-08002B104860 v2.0 (C706 appendix I).
    public static let ndr20 = SyntaxIdentifier(uuid: GUID("8A885D04-1CEB-11C9-9FE8-08002B104860")!, majorVersion: 2, minorVersion: 0)
    /// NDR64 transfer syntax 71710533-BEBA-4937-8319-B5DBEF9CCC36 v1.0 (MS-RPCE 2.2.5). Not supported by Herald.
    public static let ndr64 = SyntaxIdentifier(uuid: GUID("71710533-BEBA-4937-8319-B5DBEF9CCC36")!, majorVersion: 1, minorVersion: 0)
    /// EMSMDB A4F1DB00-CA47-1067-B31F-00DD010662DA v0.81 (MS-OXCRPC 2.1).
    public static let emsmdb = SyntaxIdentifier(uuid: GUID("A4F1DB00-CA47-1067-B31F-00DD010662DA")!, majorVersion: 0, minorVersion: 81)
    /// AsyncEMSMDB 5261574A-4572-206E-B268-6B199213B4E4 v0.01 (MS-OXCRPC 2.1).
    public static let asyncEMSMDB = SyntaxIdentifier(uuid: GUID("5261574A-4572-206E-B268-6B199213B4E4")!, majorVersion: 0, minorVersion: 1)
    /// Endpoint mapper E1AF8308-5D1F-11C9-91A4-08002B14A0FA v3.0 (C706 appendix O).
    public static let endpointMapper = SyntaxIdentifier(uuid: GUID("E1AF8308-5D1F-11C9-91A4-08002B14A0FA")!, majorVersion: 3, minorVersion: 0)

    /// The all-zero syntax a bind_ack carries for rejected contexts and negotiate_ack results.
    public static let zero = SyntaxIdentifier(uuid: .zero, majorVersion: 0, minorVersion: 0)

    /// Whether `uuid` is a bind time feature negotiation syntax: 6CB71C2C-9812-4540-xxxx-xxxxxxxxxxxx,
    /// whose last 8 bytes carry the feature bitmask (MS-RPCE 3.3.1.5.3).
    public var bindTimeFeatures: BindTimeFeatures? {
        let raw = uuid.array
        guard raw[0..<8].elementsEqual([0x2C, 0x1C, 0xB7, 0x6C, 0x12, 0x98, 0x40, 0x45]) else { return nil }
        return BindTimeFeatures(rawValue: UInt16(raw[8]) | UInt16(raw[9]) << 8)
    }

    public func encode(into buffer: inout [UInt8]) {
        uuid.encode(into: &buffer)
        buffer.appendUInt16(majorVersion)
        buffer.appendUInt16(minorVersion)
    }

    public static func decode(from reader: inout ByteReader, _ field: String) throws(WireError) -> SyntaxIdentifier {
        let uuid = try GUID.decode(from: &reader, field)
        let major = try reader.readUInt16(field + ".if_vers_major")
        let minor = try reader.readUInt16(field + ".if_vers_minor")
        return SyntaxIdentifier(uuid: uuid, majorVersion: major, minorVersion: minor)
    }

    public var description: String { "\(uuid) v\(majorVersion).\(minorVersion)" }
}

/// The bind time feature bitmask (MS-RPCE 2.2.2.14).
public struct BindTimeFeatures: OptionSet, Sendable, Hashable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let securityContextMultiplexing = BindTimeFeatures(rawValue: 0x0001)
    public static let keepConnectionOnOrphan = BindTimeFeatures(rawValue: 0x0002)
}
