import DCERPCServer
import Foundation
import MailboxStore

/// Herald's users as the DCE/RPC transport's NTLM sees them: the NT hash stored with each account
/// (`account.nt_hash`, set whenever the password is set), the mailbox's legacyExchangeDN and the
/// display name.
///
/// NTLM runs inside the connection state machine on an event loop, so lookups must not touch
/// SQLite: they read an in-memory copy, filled by ``reload()`` when the server starts and refreshed
/// per user by ``refresh(_:)``, which ``HeraldAccounts`` calls after every add, password change and
/// removal — including those made through the admin API while the server runs (the server owns the
/// database, so no other process changes accounts underneath it).
public final class HeraldNTLMAccounts: NTLMAccountStore, @unchecked Sendable {
    private let backend: SQLiteBackend
    private let store: MailboxStore
    private let lock = NSLock()
    private var accounts: [String: NTLMAccount] = [:]

    init(backend: SQLiteBackend, store: MailboxStore) {
        self.backend = backend
        self.store = store
    }

    public func account(named name: String) -> NTLMAccount? {
        lock.withLock { accounts[name.lowercased()] }
    }

    /// Reads every account. Returns the names of accounts without an NT hash (their password was
    /// set before Herald stored one): they cannot log on over DCE/RPC until `herald user passwd`.
    @discardableResult
    public func reload() throws -> [String] {
        var loaded: [String: NTLMAccount] = [:]
        var withoutHash: [String] = []
        for account in try backend.accounts() {
            if let entry = ntlmAccount(account) { loaded[entry.name] = entry } else { withoutHash.append(account.name) }
        }
        lock.withLock { accounts = loaded }
        return withoutHash
    }

    /// Re-reads one account (gone, added or changed).
    func refresh(_ name: String) {
        let entry = ((try? backend.account(named: name)) ?? nil).flatMap(ntlmAccount)
        lock.withLock { accounts[name.lowercased()] = entry }
    }

    private func ntlmAccount(_ account: UserAccount) -> NTLMAccount? {
        guard let ntHash = account.ntHash, ntHash.count == 16 else { return nil }
        let essdn = store.mailbox(userName: account.name)?.legacyExchangeDN ?? HeraldAccounts.essdn(for: account.name)
        return NTLMAccount(name: account.name, ntHash: ntHash, essdn: essdn, displayName: account.displayName)
    }
}
