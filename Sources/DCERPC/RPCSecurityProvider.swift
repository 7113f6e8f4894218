import MAPIWire

/// What a security provider answers to an authentication token (MS-RPCE 3.3.1.5.2).
public enum RPCSecurityStep: Sendable, Hashable {
    /// Send `token` back in the bind_ack / alter_context_resp and wait for the next leg (auth3 or alter_context).
    case continueNeeded(token: [UInt8])
    /// Authentication finished; `token` (possibly empty) goes back to the client when the leg has a response.
    case complete(token: [UInt8])
    /// Authentication failed: the bind is refused (bind_nak) or the call faults with access denied.
    case rejected
}

/// A server-side security context for one connection (NTLM lives in the `NTLM` module; the transport
/// adapts it to this protocol so `DCERPC` stays dependency-free).
///
/// Per-message protection (packet integrity / privacy) covers the PDU as laid out in MS-RPCE 3.3.1.5.2.2:
/// `sign` receives the bytes that are signed and `seal`/`unseal` work on the stub plus auth padding.
public protocol RPCSecurityProvider: Sendable {
    /// Which authentication services this provider implements (e.g. WinNT/NTLM = 10).
    func supports(_ type: AuthenticationType) -> Bool
    /// One authentication leg (bind, alter_context, or auth3 token).
    mutating func accept(type: AuthenticationType, level: AuthenticationLevel, token: [UInt8]) -> RPCSecurityStep
    /// Verifies (and for privacy decrypts in place) a request. `pdu` is the whole fragment; `stubRange`
    /// the stub plus auth padding inside it. Returns false when the verifier does not check.
    mutating func unprotect(level: AuthenticationLevel, pdu: inout [UInt8], stubRange: Range<Int>, signature: [UInt8]) -> Bool
    /// Protects an outgoing fragment; returns the auth_value (signature) to append. `pdu` already ends
    /// with the sec_trailer; `stubRange` is the stub plus auth padding to seal for privacy.
    mutating func protect(level: AuthenticationLevel, pdu: inout [UInt8], stubRange: Range<Int>) -> [UInt8]
    /// Size of the auth_value ``protect`` produces (16 for NTLM).
    var signatureSize: Int { get }
}
