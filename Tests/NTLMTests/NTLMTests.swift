import Testing
@testable import NTLM

func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// MS-NLMP 4.2.1 / 4.2.4 (NTLMv2 authentication): user "User", domain "Domain", password "Password",
/// server challenge 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa, time 0, random session key 0x55×16,
/// flags 0xe28a8233. Values also recomputed with impacket's ntlm module.
enum NLMPVectors {
    static let flags = NTLMFlags(rawValue: 0xE28A_8233)
    static let ntHash = hex("a4f49c406510bdcab6824ee7c30fd852")
    static let ntowfv2 = hex("0c868a403bfd7a93a3001ef22ef02e3f")
    static let ntProofStr = hex("68cd0ab851e51c96aabc927bebef6a1c")
    static let sessionBaseKey = hex("8de40ccadbc14a82f15cb0ad0de95ca3")
    static let encryptedSessionKey = hex("c5dad2544fc9799094ce1ce90bc9d03e")
    /// temp (4.2.4.1.3): header, time 0, client challenge, AV pairs NbDomainName "Domain", NbComputerName "Server", EOL, 4 zero bytes.
    static let temp = hex("01010000000000000000000000000000aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000")
    /// 4.2.4.4 GSS_WrapEx of UTF-16LE "Plaintext" with sequence 0 (client to server).
    static let sealed = hex("54e50165bf1936dc996020c1811b0f06fb5f")
    static let signature = hex("01000000 7fb38ec5c55d4976 00000000")
}

/// impacket (Scripts/dcerpc-vectors/gen_ntlm.py) as the client against Herald's CHALLENGE below.
enum ImpacketNTLM {
    static let negotiate = hex("4e544c4d5353500001000000358288e000000000000000000000000000000000")
    /// NTLMServer.challenge(for: negotiate, serverChallenge: 0123456789abcdef, timestamp: 0x01D9000000000000); impacket parsed it.
    static let challenge = hex("4e544c4d53535000020000000c000c0038000000358289e00123456789abcdef00000000000000006a006a00440000000a007c4f0000000f48004500520041004c00440002000c0048004500520041004c004400010008004d00410049004c000400160068006500720061006c0064002e007400650073007400030020006d00610069006c002e0068006500720061006c0064002e00740065007300740007000800000000000000d90100000000")
    static let authenticate = hex("4e544c4d53535000030000001800180056000000c400c4006e0000000c000c00400000000a000a004c00000000000000560000001000100032010000358288e048004500520041004c00440061006c00690063006500bb844888543242f0aad6624536c6ef97364847714f744b30d431e81b2a29ca6b6123a848862bc9360101000000000000000000000000d901364847714f744b300000000002000c0048004500520041004c004400010008004d00410049004c000400160068006500720061006c0064002e007400650073007400030020006d00610069006c002e0068006500720061006c0064002e00740065007300740007000800000000000000d90109002a0063006900660073002f006d00610069006c002e0068006500720061006c0064002e00740065007300740000000000dda291dc0268873fe8b31784c7fc935b")
    static let exportedSessionKey = hex("49783973356a79797664385338454f31")
    static let sealed = hex("fe39d57eec24d4008a28546b1a2532f0d149")
    static let sealSignature = hex("010000006295450e24bb788b00000000")
    static let signSignature = hex("010000009391d4818d92361301000000")
}

func makeServer() -> NTLMServer {
    NTLMServer(netBIOSDomain: "HERALD", netBIOSComputer: "MAIL", dnsDomain: "herald.test", dnsComputer: "mail.herald.test")
}

@Suite struct NTLMTests {
    @Test func md4RFC1320Vectors() {
        #expect(MD4.hash([]) == hex("31d6cfe0d16ae931b73c59d7e0c089c0"))
        #expect(MD4.hash(Array("abc".utf8)) == hex("a448017aaf21d8525fc10ae87aa6729d"))
        #expect(MD4.hash(Array("12345678901234567890123456789012345678901234567890123456789012345678901234567890".utf8)) == hex("e33b4ddc9c38f2199c3e7b164fcc0536"))
    }

    @Test func rc4KnownAnswer() {
        // RFC 6229 test vector, key 0x0102030405, first 16 keystream bytes.
        #expect(RC4.oneShot(key: [1, 2, 3, 4, 5], [UInt8](repeating: 0, count: 16)) == hex("b2396305f03dc027ccc3524a0a1118a8"))
    }

    @Test func nlmpKeyDerivation() {
        #expect(NTLMCrypto.ntHash(password: "Password") == NLMPVectors.ntHash)
        #expect(NTLMCrypto.ntowfv2(ntHash: NLMPVectors.ntHash, user: "User", domain: "Domain") == NLMPVectors.ntowfv2)
        #expect(NTLMCrypto.hmacMD5(key: NLMPVectors.ntowfv2, hex("0123456789abcdef") + NLMPVectors.temp) == NLMPVectors.ntProofStr)
        #expect(NTLMCrypto.hmacMD5(key: NLMPVectors.ntowfv2, NLMPVectors.ntProofStr) == NLMPVectors.sessionBaseKey)
        #expect(RC4.oneShot(key: NLMPVectors.sessionBaseKey, [UInt8](repeating: 0x55, count: 16)) == NLMPVectors.encryptedSessionKey)
    }

    /// An AUTHENTICATE carrying the 4.2.4 NTLMv2 response verifies, yields the 0x55 session key, and the
    /// session unseals the 4.2.4.4 message.
    @Test func nlmpAuthenticateAndUnseal() throws {
        var server = makeServer()
        var negotiate = Array("NTLMSSP\0".utf8) + [1, 0, 0, 0]
        negotiate += [0x33, 0x82, 0x8A, 0xE2] + [UInt8](repeating: 0, count: 16)
        _ = try server.challenge(for: negotiate, serverChallenge: hex("0123456789abcdef"), timestamp: 0)
        let message = NTLMAuthenticate(flags: NLMPVectors.flags, lmResponse: [UInt8](repeating: 0, count: 24),
                                       ntResponse: NLMPVectors.ntProofStr + NLMPVectors.temp, domain: "Domain", user: "User",
                                       workstation: "COMPUTER", encryptedRandomSessionKey: NLMPVectors.encryptedSessionKey, mic: nil, raw: [])
        var session = try server.verify(message, ntHash: NLMPVectors.ntHash)
        #expect(session.exportedSessionKey == [UInt8](repeating: 0x55, count: 16))
        var pdu = NLMPVectors.sealed
        let unsealed = session.unseal(&pdu, range: 0..<pdu.count, signedLength: pdu.count, signature: NLMPVectors.signature)
        #expect(unsealed)
        #expect(pdu == NTLMCrypto.utf16le("Plaintext"))
        #expect(throws: NTLMError.wrongPassword) { try server.verify(message, ntHash: NTLMCrypto.ntHash(password: "password")) }
    }

    @Test func impacketClientAuthenticates() throws {
        var server = makeServer()
        let challenge = try server.challenge(for: ImpacketNTLM.negotiate, serverChallenge: hex("0123456789abcdef"), timestamp: 0x01D9_0000_0000_0000)
        #expect(challenge == ImpacketNTLM.challenge)
        let authenticate = try NTLMAuthenticate.decode(ImpacketNTLM.authenticate)
        #expect(authenticate.user == "alice" && authenticate.domain == "HERALD")
        var session = try server.verify(authenticate, ntHash: NTLMCrypto.ntHash(password: "Secret#1"))
        #expect(session.exportedSessionKey == ImpacketNTLM.exportedSessionKey)
        var sealed = ImpacketNTLM.sealed
        let unsealed = session.unseal(&sealed, range: 0..<sealed.count, signedLength: sealed.count, signature: ImpacketNTLM.sealSignature)
        #expect(unsealed)
        #expect(sealed == Array("sealed by impacket".utf8))
        let verified = session.verify(Array("signed by impacket".utf8), signature: ImpacketNTLM.signSignature)
        #expect(verified)
        #expect(throws: NTLMError.wrongPassword) { try server.verify(authenticate, ntHash: NTLMCrypto.ntHash(password: "Secret#2")) }
    }

    @Test func serverSealRoundTripsThroughClientKeys() throws {
        // What Herald seals with server-to-client keys, a client holding the same exported key can open.
        var server = NTLMSession(user: "u", domain: "d", flags: NLMPVectors.flags, exportedSessionKey: [UInt8](repeating: 0x55, count: 16))
        var pdu = Array("response stub".utf8)
        let signature = server.seal(&pdu, range: 0..<pdu.count, signedLength: pdu.count)
        var clientOpen = RC4(key: NTLMCrypto.sealKey([UInt8](repeating: 0x55, count: 16), flags: NLMPVectors.flags, clientToServer: false))
        let opened = clientOpen.process(pdu)
        #expect(opened == Array("response stub".utf8))
        #expect(signature.count == 16 && signature[12..<16] == [0, 0, 0, 0])
    }

    @Test func hostileMessagesThrow() {
        var rng: UInt64 = 0x1234
        func next() -> UInt64 { rng &+= 0x9E37_79B9_7F4A_7C15; var z = rng; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; return z ^ (z >> 31) }
        for cut in 0..<ImpacketNTLM.authenticate.count { _ = try? NTLMAuthenticate.decode(Array(ImpacketNTLM.authenticate.prefix(cut))) }
        for _ in 0..<3000 {
            var bytes = ImpacketNTLM.authenticate
            for _ in 0..<3 { bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next()) }
            if let message = try? NTLMAuthenticate.decode(bytes) {
                var server = makeServer()
                _ = try? server.challenge(for: ImpacketNTLM.negotiate, serverChallenge: hex("0123456789abcdef"), timestamp: 0)
                _ = try? server.verify(message, ntHash: NTLMCrypto.ntHash(password: "Secret#1"))
            }
        }
        #expect(throws: NTLMError.badSignature) { try NTLMNegotiate.decode([UInt8](repeating: 0x41, count: 32)) }
        #expect(throws: NTLMError.wrongMessageType(1)) { try NTLMAuthenticate.decode(ImpacketNTLM.negotiate) }
    }
}

import DCERPC
import DCERPCNTLM

@Suite struct NTLMProviderTests {
    func provider() -> NTLMSecurityProvider {
        NTLMSecurityProvider(server: makeServer(), serverChallenge: hex("0123456789abcdef"), timestamp: 0x01D9_0000_0000_0000,
                             lookup: { user, _ in user == "alice" ? NTLMCrypto.ntHash(password: "Secret#1") : nil })
    }

    /// The impacket exchange from `ImpacketNTLM`, driven through the provider's legs.
    @Test func legsFollowBindAndAuth3() {
        var ntlm = provider()
        #expect(ntlm.accept(type: .winNT, level: .packetPrivacy, token: ImpacketNTLM.negotiate) == .continueNeeded(token: ImpacketNTLM.challenge))
        #expect(ntlm.accept(type: .winNT, level: .packetPrivacy, token: ImpacketNTLM.authenticate) == .complete(token: []))
        #expect(ntlm.authenticatedUser?.user == "alice" && ntlm.authenticatedUser?.domain == "HERALD")
        // Established: further legs are refused rather than restarting the exchange.
        #expect(ntlm.accept(type: .winNT, level: .packetPrivacy, token: ImpacketNTLM.negotiate) == .rejected)
        var other = provider()
        #expect(other.accept(type: .gssKerberos, level: .connect, token: ImpacketNTLM.negotiate) == .rejected)
        var unknownUser = NTLMSecurityProvider(server: makeServer(), serverChallenge: hex("0123456789abcdef"), timestamp: 0x01D9_0000_0000_0000,
                                               lookup: { _, _ in nil })
        _ = unknownUser.accept(type: .winNT, level: .connect, token: ImpacketNTLM.negotiate)
        #expect(unknownUser.accept(type: .winNT, level: .connect, token: ImpacketNTLM.authenticate) == .rejected)
    }

    @Test func hostileTokensThroughTheConnection() {
        var state: UInt64 = 77
        func next() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; return z ^ (z >> 31) }
        for iteration in 0..<500 {
            var connection = RPCServerConnection(configuration: RPCServerConfiguration(interfaces: [.emsmdb], secondaryAddress: "1"), security: provider())
            var token = iteration % 2 == 0 ? ImpacketNTLM.negotiate : (0..<Int(next() % 80)).map { _ in UInt8(truncatingIfNeeded: next()) }
            if !token.isEmpty { token[Int(next() % UInt64(token.count))] ^= UInt8(truncatingIfNeeded: next() | 1) }
            let bind = BindPDU(callID: 1, contexts: [PresentationContextElement(contextID: 0, abstractSyntax: .emsmdb, transferSyntaxes: [.ndr20])],
                               verifier: AuthVerifier(type: .winNT, level: .packetPrivacy, value: token))
            _ = connection.receive(bind.encode())
            var third = ImpacketNTLM.authenticate
            third[Int(next() % UInt64(third.count))] ^= 0xFF
            _ = connection.receive(Auth3PDU(callID: 1, verifier: AuthVerifier(type: .winNT, level: .packetPrivacy, value: third)).encode())
            // Whatever happened above, a request with a zero signature never reaches dispatch.
            let actions = connection.receive(RequestPDU(callID: 2, contextID: 0, opnum: 6, stub: [],
                                              verifier: AuthVerifier(type: .winNT, level: .packetPrivacy, value: [UInt8](repeating: 0, count: 16))).encode())
            #expect(!actions.contains { if case .dispatch = $0 { true } else { false } })
        }
    }
}
