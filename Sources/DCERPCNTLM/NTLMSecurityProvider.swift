import DCERPC
import NTLM

/// NTLM (RPC_C_AUTHN_WINNT, 10) as a DCE/RPC security provider (MS-RPCE 3.3.1.5.2; MS-NLMP 3.2).
///
/// Legs: bind carries NEGOTIATE → bind_ack carries CHALLENGE → auth3 (or alter_context) carries
/// AUTHENTICATE. Packet integrity signs the whole PDU up to the auth value; packet privacy also seals
/// the stub and auth padding (MS-RPCE 3.3.1.5.2.2, as Windows and impacket do with extended session security).
public struct NTLMSecurityProvider: RPCSecurityProvider {
    /// Resolves a user to their NT hash (MD4 of the UTF-16LE password); nil = unknown user.
    public typealias NTHashLookup = @Sendable (_ user: String, _ domain: String) -> [UInt8]?

    private var server: NTLMServer
    private let lookup: NTHashLookup
    private let serverChallenge: [UInt8]
    private let timestamp: UInt64
    public private(set) var session: NTLMSession?
    private var awaitingAuthenticate = false

    /// `serverChallenge` must be 8 bytes from a CSPRNG; `timestamp` the current FILETIME.
    public init(server: NTLMServer, serverChallenge: [UInt8], timestamp: UInt64, lookup: @escaping NTHashLookup) {
        self.server = server
        self.serverChallenge = serverChallenge
        self.timestamp = timestamp
        self.lookup = lookup
    }

    public var authenticatedUser: (user: String, domain: String)? { session.map { ($0.user, $0.domain) } }

    public func supports(_ type: AuthenticationType) -> Bool { type == .winNT }

    public var signatureSize: Int { 16 }

    public mutating func accept(type: AuthenticationType, level: AuthenticationLevel, token: [UInt8]) -> RPCSecurityStep {
        guard type == .winNT, session == nil else { return .rejected }
        if !awaitingAuthenticate {
            guard let challenge = try? server.challenge(for: token, serverChallenge: serverChallenge, timestamp: timestamp) else { return .rejected }
            awaitingAuthenticate = true
            return .continueNeeded(token: challenge)
        }
        awaitingAuthenticate = false
        guard let message = try? NTLMAuthenticate.decode(token), let hash = lookup(message.user, message.domain),
              let verified = try? server.verify(message, ntHash: hash) else { return .rejected }
        // Integrity and privacy need extended session security keys.
        if level >= .packetIntegrity, !verified.canSign { return .rejected }
        session = verified
        return .complete(token: [])
    }

    public mutating func unprotect(level: AuthenticationLevel, pdu: inout [UInt8], stubRange: Range<Int>, signature: [UInt8]) -> Bool {
        guard var session, signature.count == 16 else { return false }
        defer { self.session = session }
        let signedLength = pdu.count - signature.count
        if level == .packetPrivacy {
            return session.unseal(&pdu, range: stubRange, signedLength: signedLength, signature: signature)
        }
        return session.verify(Array(pdu[0..<signedLength]), signature: signature)
    }

    public mutating func protect(level: AuthenticationLevel, pdu: inout [UInt8], stubRange: Range<Int>) -> [UInt8] {
        guard var session else { return [UInt8](repeating: 0, count: 16) }
        defer { self.session = session }
        if level == .packetPrivacy {
            return session.seal(&pdu, range: stubRange, signedLength: pdu.count)
        }
        return session.sign(pdu)
    }
}
