/// The server side of one NTLM exchange (MS-NLMP 3.2): NEGOTIATE → CHALLENGE, then AUTHENTICATE →
/// verified user and session keys. NTLMv2 only (LM / NTLMv1 responses are refused). Sans-I/O and
/// password-store agnostic: ``verify(_:ntHash:)`` takes the user's NT hash (MD4 of the UTF-16LE password).
public struct NTLMServer: Sendable {
    public var netBIOSDomain: String
    public var netBIOSComputer: String
    public var dnsDomain: String
    public var dnsComputer: String

    public private(set) var negotiate: NTLMNegotiate?
    public private(set) var challenge: NTLMChallenge?
    private var challengeBytes: [UInt8] = []

    public init(netBIOSDomain: String, netBIOSComputer: String, dnsDomain: String, dnsComputer: String) {
        self.netBIOSDomain = netBIOSDomain
        self.netBIOSComputer = netBIOSComputer
        self.dnsDomain = dnsDomain
        self.dnsComputer = dnsComputer
    }

    /// Flags Herald can honour; the CHALLENGE carries the intersection with the client's (MS-NLMP 3.2.5.1.1).
    public static let supportedFlags: NTLMFlags = [.unicode, .requestTarget, .sign, .seal, .ntlm, .alwaysSign,
                                                  .extendedSessionSecurity, .targetInfo, .version, .negotiate128,
                                                  .keyExchange, .negotiate56]

    /// Answers a NEGOTIATE with a CHALLENGE. `serverChallenge` must be 8 fresh random bytes and
    /// `timestamp` the current FILETIME; both are inputs so the exchange stays deterministic in tests.
    public mutating func challenge(for negotiateBytes: [UInt8], serverChallenge: [UInt8], timestamp: UInt64) throws(NTLMError) -> [UInt8] {
        let negotiate = try NTLMNegotiate.decode(negotiateBytes)
        guard negotiate.flags.contains(.unicode) else { throw .unsupported("OEM character set") }
        guard serverChallenge.count == 8 else { throw .unsupported("server challenge must be 8 bytes") }
        var flags = negotiate.flags.intersection(Self.supportedFlags)
        flags.formUnion([.ntlm, .targetInfo, .targetTypeDomain, .unicode])
        if negotiate.flags.contains(.requestTarget) { flags.insert(.requestTarget) }
        var stamp: [UInt8] = []
        stamp.ntlmU32(UInt32(truncatingIfNeeded: timestamp)); stamp.ntlmU32(UInt32(truncatingIfNeeded: timestamp >> 32))
        let info = AVPairs([
            (AVPairID.nbDomainName.rawValue, NTLMCrypto.utf16le(netBIOSDomain)),
            (AVPairID.nbComputerName.rawValue, NTLMCrypto.utf16le(netBIOSComputer)),
            (AVPairID.dnsDomainName.rawValue, NTLMCrypto.utf16le(dnsDomain)),
            (AVPairID.dnsComputerName.rawValue, NTLMCrypto.utf16le(dnsComputer)),
            (AVPairID.timestamp.rawValue, stamp),
        ])
        let challenge = NTLMChallenge(flags: flags, targetName: netBIOSDomain, serverChallenge: serverChallenge, targetInfo: info)
        self.negotiate = negotiate
        self.challenge = challenge
        challengeBytes = challenge.encode()
        return challengeBytes
    }

    /// Verifies an AUTHENTICATE against the user's NT hash (MS-NLMP 3.2.5.1.2, 3.3.2) and derives the
    /// session keys. Checks the MIC when the client sent one. Does not check the client timestamp's age.
    public func verify(_ authenticate: NTLMAuthenticate, ntHash: [UInt8]) throws(NTLMError) -> NTLMSession {
        guard let challenge, let negotiate else { throw .unsupported("AUTHENTICATE before CHALLENGE") }
        guard !authenticate.user.isEmpty else { throw .unsupported("anonymous") }
        // An NTLMv2 response is NTProofStr (16) + temp (≥ 28 bytes header + AV pairs).
        guard authenticate.ntResponse.count >= 16 + 28 + 4 else { throw .unsupported("not an NTLMv2 response") }
        let responseKey = NTLMCrypto.ntowfv2(ntHash: ntHash, user: authenticate.user, domain: authenticate.domain)
        let proof = Array(authenticate.ntResponse[0..<16])
        let temp = Array(authenticate.ntResponse[16...])
        let expected = NTLMCrypto.hmacMD5(key: responseKey, challenge.serverChallenge + temp)
        guard NTLMCrypto.equal(proof, expected) else { throw .wrongPassword }
        let sessionBaseKey = NTLMCrypto.hmacMD5(key: responseKey, proof)
        // NTLMv2: KeyExchangeKey = SessionBaseKey (MS-NLMP 3.4.5.1).
        let flags = authenticate.flags.intersection(challenge.flags)
        var exported = sessionBaseKey
        if flags.contains(.keyExchange) {
            guard authenticate.encryptedRandomSessionKey.count == 16 else { throw .fieldOutOfBounds(field: "EncryptedRandomSessionKey") }
            exported = RC4.oneShot(key: sessionBaseKey, authenticate.encryptedRandomSessionKey)
        }
        if let mic = authenticate.mic {
            var zeroed = authenticate.raw
            for index in 72..<88 { zeroed[index] = 0 }
            let computed = NTLMCrypto.hmacMD5(key: exported, negotiate.raw + challengeBytes + zeroed)
            guard NTLMCrypto.equal(mic, computed) else { throw .badMIC }
        }
        return NTLMSession(user: authenticate.user, domain: authenticate.domain, flags: flags, exportedSessionKey: exported)
    }
}
