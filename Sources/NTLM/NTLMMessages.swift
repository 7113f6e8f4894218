/// NegotiateFlags (MS-NLMP 2.2.2.5).
public struct NTLMFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let unicode = NTLMFlags(rawValue: 0x0000_0001)
    public static let oem = NTLMFlags(rawValue: 0x0000_0002)
    public static let requestTarget = NTLMFlags(rawValue: 0x0000_0004)
    public static let sign = NTLMFlags(rawValue: 0x0000_0010)
    public static let seal = NTLMFlags(rawValue: 0x0000_0020)
    public static let datagram = NTLMFlags(rawValue: 0x0000_0040)
    public static let lmKey = NTLMFlags(rawValue: 0x0000_0080)
    public static let ntlm = NTLMFlags(rawValue: 0x0000_0200)
    public static let anonymous = NTLMFlags(rawValue: 0x0000_0800)
    public static let alwaysSign = NTLMFlags(rawValue: 0x0000_8000)
    public static let targetTypeDomain = NTLMFlags(rawValue: 0x0001_0000)
    public static let targetTypeServer = NTLMFlags(rawValue: 0x0002_0000)
    public static let extendedSessionSecurity = NTLMFlags(rawValue: 0x0008_0000)
    public static let identify = NTLMFlags(rawValue: 0x0010_0000)
    public static let targetInfo = NTLMFlags(rawValue: 0x0080_0000)
    public static let version = NTLMFlags(rawValue: 0x0200_0000)
    public static let negotiate128 = NTLMFlags(rawValue: 0x2000_0000)
    public static let keyExchange = NTLMFlags(rawValue: 0x4000_0000)
    public static let negotiate56 = NTLMFlags(rawValue: 0x8000_0000)
}

/// A malformed or unacceptable NTLM message.
public enum NTLMError: Error, Sendable, Hashable {
    case truncated(field: String)
    case badSignature
    case wrongMessageType(UInt32)
    case fieldOutOfBounds(field: String)
    case unsupported(String)
    case unknownUser
    case wrongPassword
    case badMIC
}

/// AV_PAIR ids (MS-NLMP 2.2.2.1).
public enum AVPairID: UInt16, Sendable {
    case eol = 0, nbComputerName = 1, nbDomainName = 2, dnsComputerName = 3, dnsDomainName = 4, dnsTreeName = 5
    case flags = 6, timestamp = 7, singleHost = 8, targetName = 9, channelBindings = 10
}

struct NTLMReader {
    let bytes: [UInt8]
    func u16(_ at: Int, _ field: String) throws(NTLMError) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { throw .truncated(field: field) }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }
    func u32(_ at: Int, _ field: String) throws(NTLMError) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { throw .truncated(field: field) }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
    func slice(_ at: Int, _ count: Int, _ field: String) throws(NTLMError) -> [UInt8] {
        guard at >= 0, count >= 0, at + count <= bytes.count else { throw .truncated(field: field) }
        return Array(bytes[at..<at + count])
    }
    /// A Len/MaxLen/BufferOffset field triple (MS-NLMP 2.2.1) and the payload it points at.
    func payload(fieldAt at: Int, _ field: String) throws(NTLMError) -> [UInt8] {
        let length = Int(try u16(at, field))
        let offset = Int(try u32(at + 4, field))
        guard offset + length <= bytes.count else { throw .fieldOutOfBounds(field: field) }
        return Array(bytes[offset..<offset + length])
    }
    func header(expecting type: UInt32) throws(NTLMError) {
        guard bytes.count >= 12 else { throw .truncated(field: "Signature") }
        guard Array(bytes[0..<8]) == Array("NTLMSSP\0".utf8) else { throw .badSignature }
        let actual = try u32(8, "MessageType")
        guard actual == type else { throw .wrongMessageType(actual) }
    }
}

extension Array where Element == UInt8 {
    mutating func ntlmU16(_ v: UInt16) { append(UInt8(truncatingIfNeeded: v)); append(UInt8(truncatingIfNeeded: v >> 8)) }
    mutating func ntlmU32(_ v: UInt32) { for s in [0, 8, 16, 24] as [UInt32] { append(UInt8(truncatingIfNeeded: v >> s)) } }
}

func utf16leString(_ bytes: [UInt8]) -> String {
    var units: [UInt16] = []
    var index = 0
    while index + 1 < bytes.count { units.append(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8); index += 2 }
    return String(decoding: units, as: UTF16.self)
}

/// NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1). Only the flags matter to the server.
public struct NTLMNegotiate: Sendable, Hashable {
    public var flags: NTLMFlags
    public var raw: [UInt8]

    public static func decode(_ bytes: [UInt8]) throws(NTLMError) -> NTLMNegotiate {
        let reader = NTLMReader(bytes: bytes)
        try reader.header(expecting: 1)
        return NTLMNegotiate(flags: NTLMFlags(rawValue: try reader.u32(12, "NegotiateFlags")), raw: bytes)
    }
}

/// AV pairs as an ordered list (MS-NLMP 2.2.2.1).
public struct AVPairs: Sendable, Hashable {
    public var pairs: [(id: UInt16, value: [UInt8])] = []
    public init(_ pairs: [(id: UInt16, value: [UInt8])] = []) { self.pairs = pairs }

    public static func == (lhs: AVPairs, rhs: AVPairs) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.id == $1.id && $0.value == $1.value }
    }
    public func hash(into hasher: inout Hasher) { for pair in pairs { hasher.combine(pair.id); hasher.combine(pair.value) } }

    public func value(_ id: AVPairID) -> [UInt8]? { pairs.first { $0.id == id.rawValue }?.value }

    /// Encoded with the terminating MsvAvEOL.
    public func encode() -> [UInt8] {
        var bytes: [UInt8] = []
        for pair in pairs where pair.id != AVPairID.eol.rawValue {
            bytes.ntlmU16(pair.id)
            bytes.ntlmU16(UInt16(truncatingIfNeeded: pair.value.count))
            bytes.append(contentsOf: pair.value)
        }
        bytes.ntlmU32(0)
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(NTLMError) -> AVPairs {
        let reader = NTLMReader(bytes: bytes)
        var pairs: [(id: UInt16, value: [UInt8])] = []
        var offset = 0
        while true {
            let id = try reader.u16(offset, "AvId")
            let length = Int(try reader.u16(offset + 2, "AvLen"))
            if id == AVPairID.eol.rawValue { return AVPairs(pairs) }
            pairs.append((id, try reader.slice(offset + 4, length, "Value")))
            offset += 4 + length
        }
    }
}

/// CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2).
public struct NTLMChallenge: Sendable, Hashable {
    public var flags: NTLMFlags
    public var targetName: String
    public var serverChallenge: [UInt8]
    public var targetInfo: AVPairs
    /// Version (MS-NLMP 2.2.2.10): 10.0 build 20348, NTLM revision 15.
    public var version: [UInt8] = [10, 0, 0x7C, 0x4F, 0, 0, 0, 15]

    public func encode() -> [UInt8] {
        let name = NTLMCrypto.utf16le(targetName)
        let info = targetInfo.encode()
        var bytes = Array("NTLMSSP\0".utf8)
        bytes.ntlmU32(2)
        let payloadStart: UInt32 = 56
        bytes.ntlmU16(UInt16(name.count)); bytes.ntlmU16(UInt16(name.count)); bytes.ntlmU32(payloadStart)
        bytes.ntlmU32(flags.rawValue)
        bytes.append(contentsOf: serverChallenge)
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 8))
        bytes.ntlmU16(UInt16(info.count)); bytes.ntlmU16(UInt16(info.count)); bytes.ntlmU32(payloadStart + UInt32(name.count))
        bytes.append(contentsOf: version)
        bytes.append(contentsOf: name)
        bytes.append(contentsOf: info)
        return bytes
    }
}

/// AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3).
public struct NTLMAuthenticate: Sendable, Hashable {
    public var flags: NTLMFlags
    public var lmResponse: [UInt8]
    public var ntResponse: [UInt8]
    public var domain: String
    public var user: String
    public var workstation: String
    public var encryptedRandomSessionKey: [UInt8]
    /// The MIC, when the NTLMv2 response's MsvAvFlags says one is present (bit 0x2).
    public var mic: [UInt8]?
    public var raw: [UInt8]

    public static func decode(_ bytes: [UInt8]) throws(NTLMError) -> NTLMAuthenticate {
        let reader = NTLMReader(bytes: bytes)
        try reader.header(expecting: 3)
        let flags = NTLMFlags(rawValue: try reader.u32(60, "NegotiateFlags"))
        guard flags.contains(.unicode) else { throw .unsupported("OEM character set") }
        let lm = try reader.payload(fieldAt: 12, "LmChallengeResponse")
        let nt = try reader.payload(fieldAt: 20, "NtChallengeResponse")
        let domain = utf16leString(try reader.payload(fieldAt: 28, "DomainName"))
        let user = utf16leString(try reader.payload(fieldAt: 36, "UserName"))
        let workstation = utf16leString(try reader.payload(fieldAt: 44, "Workstation"))
        let key = try reader.payload(fieldAt: 52, "EncryptedRandomSessionKey")
        var mic: [UInt8]? = nil
        if nt.count > 44, let pairs = try? AVPairs.decode(Array(nt[44...])), let rawFlags = pairs.value(.flags), rawFlags.count == 4,
           rawFlags[0] & 0x02 != 0 {
            mic = try reader.slice(72, 16, "MIC")
        }
        return NTLMAuthenticate(flags: flags, lmResponse: lm, ntResponse: nt, domain: domain, user: user, workstation: workstation,
                                encryptedRandomSessionKey: key, mic: mic, raw: bytes)
    }
}
