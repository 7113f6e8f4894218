/// A user's stored credential and mailbox identity.
public struct StoredCredential: Sendable, Hashable {
    /// Canonical lower-case logon name, without domain.
    public var name: String
    /// A ``PasswordHasher`` string.
    public var passwordHash: String
    /// The user's distinguished name (legacyExchangeDN), returned by Autodiscover as LegacyDN.
    public var essdn: String
    public var displayName: String

    public init(name: String, passwordHash: String, essdn: String, displayName: String) {
        self.name = name
        self.passwordHash = passwordHash
        self.essdn = essdn
        self.displayName = displayName
    }

    public var user: MailboxUser { MailboxUser(name: name, essdn: essdn, displayName: displayName) }
}

/// Where users come from. The durable implementation will live in the mailbox store; tests and
/// development use ``InMemoryCredentialStore``.
public protocol CredentialStore: Sendable {
    /// Looks a user up by canonical (lower-case, domain-less) name.
    func credential(forUser name: String) async -> StoredCredential?
}

public actor InMemoryCredentialStore: CredentialStore {
    private var credentials: [String: StoredCredential] = [:]

    public init() {}

    public func credential(forUser name: String) async -> StoredCredential? {
        credentials[name.lowercased()]
    }

    /// Adds or replaces a user. The essdn defaults to the shape Herald gives every mailbox.
    public func addUser(
        _ name: String,
        password: String,
        displayName: String? = nil,
        essdn: String? = nil,
        hasher: PasswordHasher = PasswordHasher()
    ) {
        let canonical = name.lowercased()
        credentials[canonical] = StoredCredential(
            name: canonical,
            passwordHash: hasher.hash(password: password),
            essdn: essdn ?? "/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=\(canonical)",
            displayName: displayName ?? name
        )
    }

    public func removeUser(_ name: String) {
        credentials[name.lowercased()] = nil
    }
}
