import Crypto
import NIOConcurrencyHelpers

/// HTTP Basic authentication (RFC 7617) against a ``CredentialStore``.
///
/// Accepted user-name forms: `user`, `DOMAIN\user` (any NetBIOS domain) and `user@<domain>`
/// (only Herald's own mail domain). Because PBKDF2 is deliberately slow and MAPI clients send
/// credentials on every request, successful verifications are remembered for a short time,
/// keyed by a keyed hash of the Authorization header (never the password itself).
///
/// Every MAPI/HTTP request authenticates, so a cache hit is a lock and a dictionary lookup on the
/// caller's own task; only a miss awaits the store and runs PBKDF2 (concurrently with other misses).
public final class BasicAuthenticator: Sendable {
    private struct Cache {
        var verified: [[UInt8]: (user: MailboxUser, expires: ContinuousClock.Instant)] = [:]
        /// Bumped by ``forgetVerifiedCredentials()``: a verification that started before a forget
        /// must not repopulate the cache with what was just forgotten.
        var generation: UInt64 = 0
    }

    public let store: any CredentialStore
    public let domain: String
    public let cacheLifetime: Duration
    /// Immutable after init; Crypto does not mark it Sendable, but concurrent reads of an immutable key are safe.
    nonisolated(unsafe) private let cacheKey: SymmetricKey
    private let cache = NIOLockedValueBox(Cache())
    private static let cacheCapacity = 10_000
    private static let decoyHash = PasswordHasher().hash(password: MapiSessionCookies.randomToken())

    public init(store: any CredentialStore, domain: String, cacheLifetime: Duration = .seconds(300)) {
        self.store = store
        self.domain = domain.lowercased()
        self.cacheLifetime = cacheLifetime
        self.cacheKey = SymmetricKey(size: .bits256)
    }

    /// The user the `Authorization` header value proves, or nil (answer 401).
    public func authenticate(authorization: String?) async -> MailboxUser? {
        guard let authorization, let (userName, password) = Self.parseBasic(authorization) else { return nil }
        guard let canonical = canonicalUserName(userName) else { return nil }
        let now = ContinuousClock.now
        let key = Array(HMAC<SHA256>.authenticationCode(for: Array(authorization.utf8), using: cacheKey))
        let (hit, generation) = cache.withLockedValue { cache -> (MailboxUser?, UInt64) in
            guard let entry = cache.verified[key] else { return (nil, cache.generation) }
            if entry.expires > now { return (entry.user, cache.generation) }
            cache.verified[key] = nil
            return (nil, cache.generation)
        }
        if let hit { return hit }
        guard let credential = await store.credential(forUser: canonical) else {
            // Spend the same time as a wrong password, so response times do not reveal which
            // user names exist.
            _ = PasswordHasher.verify(password: password, against: Self.decoyHash)
            return nil
        }
        guard PasswordHasher.verify(password: password, against: credential.passwordHash) else { return nil }
        cache.withLockedValue { cache in
            guard cache.generation == generation else { return }
            if cache.verified.count >= Self.cacheCapacity { cache.verified.removeAll(keepingCapacity: true) }
            cache.verified[key] = (credential.user, now.advanced(by: cacheLifetime))
        }
        return credential.user
    }

    /// Forgets cached verifications (call after a password change or user removal).
    public func forgetVerifiedCredentials() {
        cache.withLockedValue { cache in
            cache.verified.removeAll()
            cache.generation &+= 1
        }
    }

    /// `user`, `DOMAIN\user`, `user@domain` → canonical lower-case name; nil for a foreign mail domain.
    public func canonicalUserName(_ raw: String) -> String? {
        var name = Substring(raw)
        if let backslash = name.lastIndex(of: "\\") {
            name = name[name.index(after: backslash)...]
        } else if let at = name.lastIndex(of: "@") {
            guard name[name.index(after: at)...].lowercased() == domain else { return nil }
            name = name[..<at]
        }
        guard !name.isEmpty else { return nil }
        return name.lowercased()
    }

    /// Splits `Basic <base64(user:password)>` into its parts.
    static func parseBasic(_ header: String) -> (String, String)? {
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.count > 6, trimmed.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = trimmed.dropFirst(6).trimmingSpaces()
        guard let decoded = Base64.decode(encoded),
              let text = String(validating: decoded, as: UTF8.self),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var trimmed = self
        while trimmed.first == " " { trimmed = trimmed.dropFirst() }
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        return trimmed
    }
}

/// Standard base64 (RFC 4648 §4), padding optional; nil on any invalid character.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let b0 = chunk[0], b1 = chunk.count > 1 ? chunk[1] : 0, b2 = chunk.count > 2 ? chunk[2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(chunk.count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(chunk.count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for c in text.utf8 {
            if c == UInt8(ascii: "=") { padding += 1; continue }
            guard padding == 0 else { return nil }
            switch c {
            case 0x41...0x5A: values.append(c - 0x41)
            case 0x61...0x7A: values.append(c - 0x61 + 26)
            case 0x30...0x39: values.append(c - 0x30 + 52)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            default: return nil
            }
        }
        guard padding <= 2, values.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < values.count {
            let group = values[index..<min(index + 4, values.count)]
            let v = Array(group) + Array(repeating: 0, count: 4 - group.count)
            let triple = UInt32(v[0]) << 18 | UInt32(v[1]) << 12 | UInt32(v[2]) << 6 | UInt32(v[3])
            bytes.append(UInt8(truncatingIfNeeded: triple >> 16))
            if group.count > 2 { bytes.append(UInt8(truncatingIfNeeded: triple >> 8)) }
            if group.count > 3 { bytes.append(UInt8(truncatingIfNeeded: triple)) }
            index += 4
        }
        return bytes
    }
}
