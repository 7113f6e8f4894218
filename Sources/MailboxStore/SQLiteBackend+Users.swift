import Foundation
import GRDB

/// A user who may log on: the logon name (the mailbox's `user_name`), a password hash and a
/// display name. The hash is opaque here (the transport's PasswordHasher string).
public struct UserAccount: Hashable, Sendable {
    public var name: String
    public var passwordHash: String
    public var displayName: String
    /// The NT hash (MD4 of the UTF-16LE password, MS-NLMP 3.3.1) the DCE/RPC transport's NTLM
    /// logon needs; password-equivalent for NTLM. Opaque here. nil for accounts whose password was
    /// set before Herald stored it (migration `accounts-v2-nt-hash`): they cannot log on over
    /// DCE/RPC until the password is set again.
    public var ntHash: [UInt8]?

    public init(name: String, passwordHash: String, displayName: String, ntHash: [UInt8]? = nil) {
        self.name = name
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.ntHash = ntHash
    }

    init(row: Row) {
        let hash: Data? = row[3]
        self.init(name: row[0], passwordHash: row[1], displayName: row[2], ntHash: hash.map { Array($0) })
    }
}

/// The `account` table: who may log on. It sits beside the mailboxes in the same database file,
/// so users and their mailboxes are backed up, moved and restored together. It is read straight
/// from SQLite on every lookup (no cache), so a change committed by any process is seen at once.
extension SQLiteBackend {
    static func registerUserDirectoryMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("accounts-v1") { db in
            try db.execute(sql: """
                CREATE TABLE account (
                    name TEXT PRIMARY KEY COLLATE NOCASE,
                    password_hash TEXT NOT NULL,
                    display_name TEXT NOT NULL
                );
                """)
        }
        // Nullable: accounts created before have no NT hash until their password is set again.
        migrator.registerMigration("accounts-v2-nt-hash") { db in
            try db.execute(sql: "ALTER TABLE account ADD COLUMN nt_hash BLOB")
        }
    }

    public func account(named name: String) throws -> UserAccount? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT name, password_hash, display_name, nt_hash FROM account WHERE name = ?", arguments: [name])
                .map(UserAccount.init(row:))
        }
    }

    public func accounts() throws -> [UserAccount] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, password_hash, display_name, nt_hash FROM account ORDER BY name")
                .map(UserAccount.init(row:))
        }
    }

    /// Adds or replaces an account.
    public func saveAccount(_ account: UserAccount) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO account (name, password_hash, display_name, nt_hash) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, display_name = excluded.display_name,
                    nt_hash = excluded.nt_hash
                """, arguments: [account.name, account.passwordHash, account.displayName, account.ntHash.map { Data($0) }])
        }
    }

    /// Removes an account; true when there was one.
    @discardableResult
    public func removeAccount(named name: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM account WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
