/// An authenticated NTLM security context with its message signing and sealing state (MS-NLMP 3.4).
/// Herald is the server: it verifies with client-to-server keys and signs with server-to-client keys.
/// Each direction keeps its own sequence number and, for sealing, its own RC4 keystream
/// (connection-oriented mode).
public struct NTLMSession: Sendable {
    public let user: String
    public let domain: String
    public let flags: NTLMFlags
    public let exportedSessionKey: [UInt8]

    private let incomingSignKey: [UInt8]
    private let outgoingSignKey: [UInt8]
    private var incomingSeal: RC4
    private var outgoingSeal: RC4
    public private(set) var incomingSequence: UInt32 = 0
    public private(set) var outgoingSequence: UInt32 = 0

    public init(user: String, domain: String, flags: NTLMFlags, exportedSessionKey: [UInt8]) {
        self.user = user
        self.domain = domain
        self.flags = flags
        self.exportedSessionKey = exportedSessionKey
        incomingSignKey = NTLMCrypto.signKey(exportedSessionKey, clientToServer: true)
        outgoingSignKey = NTLMCrypto.signKey(exportedSessionKey, clientToServer: false)
        incomingSeal = RC4(key: NTLMCrypto.sealKey(exportedSessionKey, flags: flags, clientToServer: true))
        outgoingSeal = RC4(key: NTLMCrypto.sealKey(exportedSessionKey, flags: flags, clientToServer: false))
    }

    /// Whether per-message integrity is available (Herald requires extended session security for it).
    public var canSign: Bool { flags.contains(.extendedSessionSecurity) }

    /// MAC with extended session security (MS-NLMP 3.4.4.2): version 1, 8 bytes of HMAC (RC4-encrypted
    /// under key exchange), sequence number.
    private static func mac(signKey: [UInt8], seal: inout RC4, keyExchange: Bool, sequence: UInt32, message: [UInt8]) -> [UInt8] {
        var seq: [UInt8] = []
        seq.ntlmU32(sequence)
        var checksum = Array(NTLMCrypto.hmacMD5(key: signKey, seq + message).prefix(8))
        if keyExchange { checksum = seal.process(checksum) }
        var signature: [UInt8] = []
        signature.ntlmU32(1)
        signature += checksum
        signature += seq
        return signature
    }

    /// Signs an outgoing message (GSS_GetMIC).
    public mutating func sign(_ message: [UInt8]) -> [UInt8] {
        defer { outgoingSequence &+= 1 }
        return Self.mac(signKey: outgoingSignKey, seal: &outgoingSeal, keyExchange: flags.contains(.keyExchange), sequence: outgoingSequence, message: message)
    }

    /// Verifies an incoming signature (GSS_VerifyMIC).
    public mutating func verify(_ message: [UInt8], signature: [UInt8]) -> Bool {
        defer { incomingSequence &+= 1 }
        let expected = Self.mac(signKey: incomingSignKey, seal: &incomingSeal, keyExchange: flags.contains(.keyExchange), sequence: incomingSequence, message: message)
        return NTLMCrypto.equal(expected, signature)
    }

    /// Seals `range` of `pdu` in place and returns the signature over `signed` bytes (taken before
    /// sealing, as MS-RPCE signs the plaintext PDU). RC4 order: message first, then checksum (MS-NLMP 3.4.3).
    public mutating func seal(_ pdu: inout [UInt8], range: Range<Int>, signedLength: Int) -> [UInt8] {
        defer { outgoingSequence &+= 1 }
        let plaintext = Array(pdu[0..<signedLength])
        outgoingSeal.process(&pdu, range: range)
        return Self.mac(signKey: outgoingSignKey, seal: &outgoingSeal, keyExchange: flags.contains(.keyExchange), sequence: outgoingSequence, message: plaintext)
    }

    /// Unseals `range` of `pdu` in place and verifies `signature` over its first `signedLength` bytes.
    public mutating func unseal(_ pdu: inout [UInt8], range: Range<Int>, signedLength: Int, signature: [UInt8]) -> Bool {
        defer { incomingSequence &+= 1 }
        incomingSeal.process(&pdu, range: range)
        let expected = Self.mac(signKey: incomingSignKey, seal: &incomingSeal, keyExchange: flags.contains(.keyExchange), sequence: incomingSequence, message: Array(pdu[0..<signedLength]))
        return NTLMCrypto.equal(expected, signature)
    }
}
