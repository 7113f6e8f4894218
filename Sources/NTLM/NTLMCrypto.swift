import Crypto

/// The MS-NLMP 3.3.2 / 3.4.5 key functions, over swift-crypto's MD5 and HMAC-MD5.
public enum NTLMCrypto {
    public static func md5(_ data: [UInt8]) -> [UInt8] { Array(Insecure.MD5.hash(data: data)) }

    public static func hmacMD5(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        Array(HMAC<Insecure.MD5>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// NTOWFv1 = MD4(UNICODE(Passwd)) — the NT hash the password store keeps (MS-NLMP 3.3.1).
    public static func ntHash(password: String) -> [UInt8] { MD4.hash(utf16le(password)) }

    /// NTOWFv2 = HMACMD5(NTOWFv1, UNICODE(Uppercase(User) ‖ UserDom)) (MS-NLMP 3.3.2).
    public static func ntowfv2(ntHash: [UInt8], user: String, domain: String) -> [UInt8] {
        hmacMD5(key: ntHash, utf16le(user.uppercased() + domain))
    }

    public static func utf16le(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for unit in string.utf16 { bytes.append(UInt8(truncatingIfNeeded: unit)); bytes.append(UInt8(truncatingIfNeeded: unit >> 8)) }
        return bytes
    }

    /// Constant-time comparison for MACs and proofs.
    public static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    static let clientSigning = Array("session key to client-to-server signing key magic constant\0".utf8)
    static let serverSigning = Array("session key to server-to-client signing key magic constant\0".utf8)
    static let clientSealing = Array("session key to client-to-server sealing key magic constant\0".utf8)
    static let serverSealing = Array("session key to server-to-client sealing key magic constant\0".utf8)

    /// SIGNKEY (MS-NLMP 3.4.5.2), extended session security.
    public static func signKey(_ exportedSessionKey: [UInt8], clientToServer: Bool) -> [UInt8] {
        md5(exportedSessionKey + (clientToServer ? clientSigning : serverSigning))
    }

    /// SEALKEY (MS-NLMP 3.4.5.3), extended session security: the key is cut to 16/7/5 bytes by the
    /// 128/56/neither negotiation flags before hashing.
    public static func sealKey(_ exportedSessionKey: [UInt8], flags: NTLMFlags, clientToServer: Bool) -> [UInt8] {
        let cut: [UInt8]
        if flags.contains(.negotiate128) { cut = exportedSessionKey }
        else if flags.contains(.negotiate56) { cut = Array(exportedSessionKey.prefix(7)) }
        else { cut = Array(exportedSessionKey.prefix(5)) }
        return md5(cut + (clientToServer ? clientSealing : serverSealing))
    }
}
