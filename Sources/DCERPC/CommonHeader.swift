import MAPIWire

/// The 16-byte header every connection-oriented PDU starts with (C706 12.6.3.1).
///
/// Herald speaks NDR little-endian, ASCII, IEEE only (packed drep `10 00 00 00`); a peer announcing a
/// different data representation is refused by ``CommonHeader/decode(from:)`` because every later
/// length would have to be byte-swapped — no Windows or impacket client sends one.
public struct CommonHeader: Sendable, Hashable {
    public static let size = 16
    /// packed_drep for little-endian integers, ASCII characters, IEEE floats (C706 14.1).
    public static let littleEndianDataRepresentation: [UInt8] = [0x10, 0x00, 0x00, 0x00]

    public var packetType: RPCPacketType
    public var flags: PFCFlags
    /// rpc_vers_minor: 0 or 1 (MS-RPCE 2.2.2.1 lets clients send 1; the server answers with the minor it received).
    public var minorVersion: UInt8
    public var fragmentLength: UInt16
    public var authLength: UInt16
    public var callID: UInt32

    public init(packetType: RPCPacketType, flags: PFCFlags, minorVersion: UInt8 = 0,
                fragmentLength: UInt16 = 0, authLength: UInt16 = 0, callID: UInt32) {
        self.packetType = packetType
        self.flags = flags
        self.minorVersion = minorVersion
        self.fragmentLength = fragmentLength
        self.authLength = authLength
        self.callID = callID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt8(5)
        buffer.appendUInt8(minorVersion)
        buffer.appendUInt8(packetType.rawValue)
        buffer.appendUInt8(flags.rawValue)
        buffer.append(contentsOf: Self.littleEndianDataRepresentation)
        buffer.appendUInt16(fragmentLength)
        buffer.appendUInt16(authLength)
        buffer.appendUInt32(callID)
    }

    /// Reads only `frag_length` from the first 10 bytes of a stream, so a framer can tell where the
    /// next PDU ends before the whole PDU has arrived. Returns nil when fewer than 10 bytes are buffered.
    public static func peekFragmentLength(_ bytes: [UInt8], at start: Int = 0) -> Int? {
        guard start >= 0, bytes.count - start >= 10 else { return nil }
        // Byte 4 high nibble 0 means big-endian integers (C706 14.1); honour it here so a big-endian
        // peer's PDU is still framed correctly and can be refused rather than misframed.
        let bigEndian = bytes[start + 4] & 0xF0 == 0
        let low = Int(bytes[start + 8]), high = Int(bytes[start + 9])
        return bigEndian ? (low << 8 | high) : (high << 8 | low)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> CommonHeader {
        let start = reader.offset
        let version = try reader.readUInt8("rpc_vers")
        guard version == 5 else { throw reader.error("rpc_vers", .invalidValue(UInt64(version)), at: start) }
        let minor = try reader.readUInt8("rpc_vers_minor")
        guard minor <= 1 else { throw reader.error("rpc_vers_minor", .invalidValue(UInt64(minor)), at: start + 1) }
        let rawType = try reader.readUInt8("PTYPE")
        guard let type = RPCPacketType(rawValue: rawType), type.isConnectionOriented else {
            throw reader.error("PTYPE", .invalidValue(UInt64(rawType)), at: start + 2)
        }
        let flags = PFCFlags(rawValue: try reader.readUInt8("pfc_flags"))
        let drep = try reader.readBytes(4, "packed_drep")
        // Integer representation (high nibble of byte 0) must be little-endian; character
        // representation ASCII (low nibble 0); floating point IEEE (byte 1 = 0).
        guard drep[0] == 0x10, drep[1] == 0 else {
            throw reader.error("packed_drep", .invalidValue(UInt64(drep[0]) << 8 | UInt64(drep[1])), at: start + 4)
        }
        let fragmentLength = try reader.readUInt16("frag_length")
        let authLength = try reader.readUInt16("auth_length")
        let callID = try reader.readUInt32("call_id")
        return CommonHeader(packetType: type, flags: flags, minorVersion: minor,
                            fragmentLength: fragmentLength, authLength: authLength, callID: callID)
    }
}
