import NIOConcurrencyHelpers
import NTLM

/// A user who may log on over DCE/RPC with NTLM.
///
/// NTLM proves knowledge of the **NT hash** (MD4 of the UTF-16LE password, MS-NLMP 3.3.1), not of
/// the password: the server must hold that hash, and it is password-equivalent for NTLM (anyone who
/// reads it can log on over NTLM, not over HTTP Basic). Herald's HTTP credential store keeps only a
/// salted PBKDF2 hash, from which the NT hash cannot be derived, so the NT hash is kept apart and
/// only for users who may use the RPC transport: computed when the password is set (account
/// creation or change), stored next to the PBKDF2 hash, and protected at rest like it.
public struct NTLMAccount: Sendable, Hashable {
    /// Canonical lower-case logon name (the NTLM UserName is matched case-insensitively).
    public var name: String
    public var ntHash: [UInt8]
    /// The user's distinguished name (legacyExchangeDN); EcDoConnectEx's szUserDN must equal it.
    public var essdn: String
    public var displayName: String

    public init(name: String, ntHash: [UInt8], essdn: String, displayName: String) {
        self.name = name.lowercased()
        self.ntHash = ntHash
        self.essdn = essdn
        self.displayName = displayName
    }

    /// The account name an NTLM UserName refers to: case-insensitive, and a UPN-style
    /// `user@domain` (sent with an empty DomainName) names `user`.
    public static func accountName(forNTLMUser user: String) -> String {
        let lower = user.lowercased()
        if let at = lower.firstIndex(of: "@") { return String(lower[..<at]) }
        return lower
    }

    /// Herald's default DN shape (the same as the MAPI/HTTP credential store's).
    public static func defaultESSDN(for name: String) -> String {
        "/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=\(name.lowercased())"
    }
}

/// Looks NTLM accounts up synchronously: the NTLM exchange runs inside the sans-I/O connection,
/// on the event loop, so the lookup must not suspend.
public protocol NTLMAccountStore: Sendable {
    func account(named name: String) -> NTLMAccount?
}

/// Accounts held in memory (tests, development, and a cache the durable store fills at start-up).
public final class InMemoryNTLMAccounts: NTLMAccountStore {
    private let accounts = NIOLockedValueBox<[String: NTLMAccount]>([:])

    public init() {}

    public func account(named name: String) -> NTLMAccount? {
        accounts.withLockedValue { $0[name.lowercased()] }
    }

    /// Adds or replaces a user, computing the NT hash from the password (the only moment Herald sees it).
    public func addUser(_ name: String, password: String, displayName: String? = nil, essdn: String? = nil) {
        put(NTLMAccount(name: name, ntHash: NTLMCrypto.ntHash(password: password),
                        essdn: essdn ?? NTLMAccount.defaultESSDN(for: name), displayName: displayName ?? name))
    }

    public func put(_ account: NTLMAccount) {
        accounts.withLockedValue { $0[account.name] = account }
    }

    public func removeUser(_ name: String) {
        _ = accounts.withLockedValue { $0.removeValue(forKey: name.lowercased()) }
    }
}
