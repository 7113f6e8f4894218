import MAPIWire

/// Authentication services (MS-RPCE 2.2.1.1.7).
public struct AuthenticationType: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let none = AuthenticationType(rawValue: 0)
    public static let gssNegotiate = AuthenticationType(rawValue: 9)
    public static let winNT = AuthenticationType(rawValue: 10)
    public static let gssSchannel = AuthenticationType(rawValue: 14)
    public static let gssKerberos = AuthenticationType(rawValue: 16)
}

/// Authentication levels (MS-RPCE 2.2.1.1.8).
public enum AuthenticationLevel: UInt8, Sendable, Hashable, Comparable {
    case `default` = 0
    case none = 1
    case connect = 2
    case call = 3
    case packet = 4
    case packetIntegrity = 5
    case packetPrivacy = 6

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// sec_trailer plus auth_value: the authentication verifier at the end of a PDU (C706 13.2.6.1;
/// MS-RPCE 2.2.2.11).
public struct AuthVerifier: Sendable, Hashable {
    public static let trailerSize = 8

    public var type: AuthenticationType
    public var level: AuthenticationLevel
    /// Bytes of padding between the stub (or PDU body) and the sec_trailer, to a 4-byte boundary
    /// (MS-RPCE 2.2.2.11; 16 for packet privacy with some providers, so it is kept as sent).
    public var padLength: UInt8
    public var contextID: UInt32
    public var value: [UInt8]

    public init(type: AuthenticationType, level: AuthenticationLevel, padLength: UInt8 = 0, contextID: UInt32 = 0, value: [UInt8]) {
        self.type = type
        self.level = level
        self.padLength = padLength
        self.contextID = contextID
        self.value = value
    }

    /// Appends auth padding (so the trailer starts 4-byte aligned relative to the PDU start, which
    /// `buffer` begins at) followed by the trailer and the auth value; records the pad length used.
    public mutating func encode(into buffer: inout [UInt8]) {
        let pad = (4 - buffer.count % 4) % 4
        padLength = UInt8(pad)
        buffer.append(contentsOf: repeatElement(0, count: pad))
        encodeTrailer(into: &buffer)
        buffer.append(contentsOf: value)
    }

    public func encodeTrailer(into buffer: inout [UInt8]) {
        buffer.appendUInt8(type.rawValue)
        buffer.appendUInt8(level.rawValue)
        buffer.appendUInt8(padLength)
        buffer.appendUInt8(0)
        buffer.appendUInt32(contextID)
    }
}

/// A PDU split into its common header, its body (everything between the header and the auth padding)
/// and its optional verifier, with every length checked against the others (C706 12.6.3.1, 13.2.6.1).
struct FramedPDU {
    var header: CommonHeader
    var bytes: [UInt8]
    /// Range of the body (after the 16-byte header, before auth padding / sec_trailer).
    var bodyStart: Int
    var bodyEnd: Int
    var verifier: AuthVerifier?

    /// `minimumBody` is the size of the PTYPE's fixed fields after the common header.
    init(_ bytes: [UInt8], minimumBody: Int) throws(WireError) {
        var reader = ByteReader(bytes)
        header = try CommonHeader.decode(from: &reader)
        self.bytes = bytes
        let fragmentLength = Int(header.fragmentLength)
        guard fragmentLength == bytes.count else {
            throw WireError(offset: 8, field: "frag_length", kind: .invalidValue(UInt64(fragmentLength)))
        }
        bodyStart = CommonHeader.size
        guard fragmentLength >= bodyStart + minimumBody else {
            throw WireError(offset: 8, field: "frag_length", kind: .truncated(needed: bodyStart + minimumBody, available: fragmentLength))
        }
        let authLength = Int(header.authLength)
        if authLength == 0 {
            bodyEnd = fragmentLength
            verifier = nil
            return
        }
        let trailerStart = fragmentLength - authLength - AuthVerifier.trailerSize
        guard trailerStart >= bodyStart + minimumBody else {
            throw WireError(offset: 10, field: "auth_length", kind: .invalidValue(UInt64(authLength)))
        }
        var trailer = ByteReader(bytes, from: trailerStart, to: fragmentLength)
        let type = AuthenticationType(rawValue: try trailer.readUInt8("auth_type"))
        let rawLevel = try trailer.readUInt8("auth_level")
        guard let level = AuthenticationLevel(rawValue: rawLevel) else {
            throw trailer.error("auth_level", .invalidValue(UInt64(rawLevel)), at: trailerStart + 1)
        }
        let padLength = try trailer.readUInt8("auth_pad_length")
        _ = try trailer.readUInt8("auth_reserved")
        let contextID = try trailer.readUInt32("auth_context_id")
        guard Int(padLength) <= trailerStart - bodyStart - minimumBody else {
            throw WireError(offset: trailerStart + 2, field: "auth_pad_length", kind: .invalidValue(UInt64(padLength)))
        }
        bodyEnd = trailerStart - Int(padLength)
        verifier = AuthVerifier(type: type, level: level, padLength: padLength, contextID: contextID,
                                value: trailer.readRemaining())
    }

    /// A reader over the body.
    var bodyReader: ByteReader { ByteReader(bytes, from: bodyStart, to: bodyEnd) }
}

/// Writes the common header with a placeholder length, lets `body` append, adds the verifier, then
/// patches frag_length and auth_length.
func encodePDU(_ header: CommonHeader, verifier: AuthVerifier?, body: (inout [UInt8]) -> Void) -> [UInt8] {
    var buffer: [UInt8] = []
    buffer.reserveCapacity(64)
    var header = header
    header.fragmentLength = 0
    header.authLength = UInt16(truncatingIfNeeded: verifier?.value.count ?? 0)
    header.encode(into: &buffer)
    body(&buffer)
    if var verifier {
        verifier.encode(into: &buffer)
    }
    buffer.setUInt16(UInt16(truncatingIfNeeded: buffer.count), at: 8)
    return buffer
}
