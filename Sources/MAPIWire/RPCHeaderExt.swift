/// RPC_HEADER_EXT (MS-OXCRPC 2.2.2.1): the 8-byte header in front of every payload of an extended
/// buffer — the rgbIn / rgbOut of EcDoRpcExt2 and the RopBuffer of a MAPI/HTTP Execute body.
///
/// | Offset | Field      | Size |
/// |--------|------------|------|
/// | 0      | Version    | 2    |
/// | 2      | Flags      | 2    |
/// | 4      | Size       | 2    |
/// | 6      | SizeActual | 2    |
///
/// The header itself is never compressed or obfuscated; only the payload after it is.
public struct RPCHeaderExt: Hashable, Sendable {
    /// MS-OXCRPC 2.2.2.1 Flags.
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// The payload is LZ77 + DIRECT2 compressed (MS-OXCRPC 3.1.4.1.1.2); SizeActual is its
        /// uncompressed length.
        public static let compressed = Flags(rawValue: 0x0001)
        /// The payload is XORed with 0xA5 (MS-OXCRPC 3.1.4.1.1.3).
        public static let xorMagic = Flags(rawValue: 0x0002)
        /// No further RPC_HEADER_EXT follows this header's payload.
        public static let last = Flags(rawValue: 0x0004)

        /// Every bit MS-OXCRPC 2.2.2.1 defines.
        public static let all: Flags = [.compressed, .xorMagic, .last]
    }

    /// MUST be 0x0000 (MS-OXCRPC 2.2.2.1).
    public var version: UInt16
    public var flags: Flags
    /// Payload bytes following the header, as transmitted (after compression).
    public var size: UInt16
    /// Payload bytes once decompressed; equal to ``size`` when ``Flags/compressed`` is clear.
    public var sizeActual: UInt16

    public static let encodedSize = 8
    /// The only Version MS-OXCRPC 2.2.2.1 allows.
    public static let currentVersion: UInt16 = 0x0000

    public init(version: UInt16 = RPCHeaderExt.currentVersion, flags: Flags, size: UInt16, sizeActual: UInt16) {
        self.version = version
        self.flags = flags
        self.size = size
        self.sizeActual = sizeActual
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt16(version)
        buffer.appendUInt16(flags.rawValue)
        buffer.appendUInt16(size)
        buffer.appendUInt16(sizeActual)
    }

    /// Reads and validates a header: Version MUST be 0; no flag bits beyond Compressed, XorMagic and
    /// Last; without Compressed, Size MUST equal SizeActual; with Compressed, Size MUST be less than
    /// SizeActual (MS-OXCRPC 2.2.2.1).
    public static func decode(from reader: inout ByteReader) throws(WireError) -> RPCHeaderExt {
        let start = reader.offset
        try reader.require(encodedSize, field: "RPC_HEADER_EXT")
        let version = try reader.readUInt16("Version")
        guard version == currentVersion else {
            throw WireError(offset: start, field: "Version", kind: .invalidValue(UInt64(version)))
        }
        let flags = Flags(rawValue: try reader.readUInt16("Flags"))
        guard Flags.all.isSuperset(of: flags) else {
            throw WireError(offset: start + 2, field: "Flags", kind: .invalidValue(UInt64(flags.rawValue)))
        }
        let size = try reader.readUInt16("Size")
        let sizeActual = try reader.readUInt16("SizeActual")
        if flags.contains(.compressed) {
            guard size < sizeActual else {
                throw WireError(offset: start + 4, field: "Size", kind: .invalidValue(UInt64(size)))
            }
        } else {
            guard size == sizeActual else {
                throw WireError(offset: start + 6, field: "SizeActual", kind: .invalidValue(UInt64(sizeActual)))
            }
        }
        return RPCHeaderExt(version: version, flags: flags, size: size, sizeActual: sizeActual)
    }
}
