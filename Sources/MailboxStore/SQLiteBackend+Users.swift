import Foundation
import GRDB

/// A user who may log on: the logon name (the mailbox's `user_name`), a password hash and a
/// display name. The hash is opaque here (the transport's PasswordHasher string).
public struct UserAccount: Hashable, Sendable {
    public var name: String
    public var passwordHash: String
    public var displayName: String

    public init(name: String, passwordHash: String, displayName: String) {
        self.name = name
        self.passwordHash = passwordHash
        self.displayName = displayName
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
    }

    public func account(named name: String) throws -> UserAccount? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT name, password_hash, display_name FROM account WHERE name = ?", arguments: [name]).map {
                UserAccount(name: $0[0], passwordHash: $0[1], displayName: $0[2])
            }
        }
    }

    public func accounts() throws -> [UserAccount] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, password_hash, display_name FROM account ORDER BY name").map {
                UserAccount(name: $0[0], passwordHash: $0[1], displayName: $0[2])
            }
        }
    }

    /// Adds or replaces an account.
    public func saveAccount(_ account: UserAccount) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO account (name, password_hash, display_name) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, display_name = excluded.display_name
                """, arguments: [account.name, account.passwordHash, account.displayName])
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
