import Foundation
import GRDB
import MAPIWire
import NotificationEngine

/// The embedded backend: one SQLite database per server (all mailboxes), WAL mode, through GRDB.
///
/// One file per server keeps cross-mailbox delivery a single atomic transaction; docs/STORE.md
/// explains the choice. Tables: `mailbox`, `folder`, `message`, `property` (one row per stored
/// property, value = MAPIWire encoding), `recipient`, `per_user` (SQLiteBackend+PerUser.swift).
public final class SQLiteBackend: MailboxStoreBackend, @unchecked Sendable {
    // GRDB writers are thread-safe; @unchecked only because `any DatabaseWriter` is not declared Sendable.
    let writer: any DatabaseWriter

    public enum Durability: Sendable {
        /// synchronous=NORMAL: a committed transaction survives a process crash (kill -9); the
        /// last transactions may be lost on power failure.
        case processCrashSafe
        /// synchronous=FULL: survives power failure too, one fsync per commit.
        case powerLossSafe
    }

    /// A database file in WAL mode.
    public init(path: String, durability: Durability = .processCrashSafe) throws {
        var configuration = Configuration()
        let synchronous = durability == .powerLossSafe ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        writer = pool
        try Self.migrate(writer)
    }

    /// A private in-memory database (tests).
    public init() throws {
        writer = try DatabaseQueue()
        try Self.migrate(writer)
    }

    static func migrate(_ writer: any DatabaseWriter) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE mailbox (
                    id INTEGER PRIMARY KEY,
                    user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    legacy_dn TEXT NOT NULL,
                    mailbox_guid BLOB NOT NULL,
                    repl_guid BLOB NOT NULL,
                    replica_id INTEGER NOT NULL,
                    counter_reserved INTEGER NOT NULL,
                    event_epoch INTEGER NOT NULL
                );
                CREATE TABLE folder (
                    mailbox_id INTEGER NOT NULL,
                    id INTEGER NOT NULL,
                    parent_id INTEGER NOT NULL,
                    special INTEGER,
                    is_search INTEGER NOT NULL,
                    creation_time INTEGER NOT NULL,
                    modification_time INTEGER NOT NULL,
                    change_number INTEGER NOT NULL,
                    hierarchy_change_number INTEGER NOT NULL,
                    search_restriction BLOB,
                    search_scope BLOB,
                    search_recursive INTEGER,
                    PRIMARY KEY (mailbox_id, id)
                ) WITHOUT ROWID;
                CREATE TABLE message (
                    mailbox_id INTEGER NOT NULL,
                    id INTEGER NOT NULL,
                    folder_id INTEGER NOT NULL,
                    is_associated INTEGER NOT NULL,
                    creation_time INTEGER NOT NULL,
                    modification_time INTEGER NOT NULL,
                    change_number INTEGER NOT NULL,
                    soft_deleted INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (mailbox_id, id)
                ) WITHOUT ROWID;
                CREATE INDEX message_folder ON message (mailbox_id, folder_id);
                CREATE TABLE property (
                    mailbox_id INTEGER NOT NULL,
                    object_id INTEGER NOT NULL,
                    tag INTEGER NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (mailbox_id, object_id, tag)
                ) WITHOUT ROWID;
                CREATE TABLE recipient (
                    mailbox_id INTEGER NOT NULL,
                    message_id INTEGER NOT NULL,
                    row_id INTEGER NOT NULL,
                    recipient_type INTEGER NOT NULL,
                    properties BLOB NOT NULL,
                    PRIMARY KEY (mailbox_id, message_id, row_id)
                ) WITHOUT ROWID;
                """)
        }
        registerUserDirectoryMigration(&migrator)
        registerPerUserMigration(&migrator)
        try migrator.migrate(writer)
    }

    // MARK: Loading

    public func loadMailboxes() throws -> [MailboxRecord] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM mailbox ORDER BY id").map { row in
                MailboxRecord(
                    id: MailboxID(UInt64(row["id"] as Int64)),
                    userName: row["user_name"], legacyExchangeDN: row["legacy_dn"],
                    mailboxGuid: GUID(bytes: [UInt8](row["mailbox_guid"] as Data)) ?? .zero,
                    replGuid: GUID(bytes: [UInt8](row["repl_guid"] as Data)) ?? .zero,
                    replicaID: UInt16(truncatingIfNeeded: row["replica_id"] as Int64),
                    counterReserved: UInt64(row["counter_reserved"] as Int64),
                    eventEpoch: UInt64(row["event_epoch"] as Int64))
            }
        }
    }

    public func loadContents(of mailbox: MailboxID) throws -> (folders: [FolderRecord], messages: [MessageRecord]) {
        try writer.read { db in
            let mailboxID = Int64(mailbox.rawValue)
            var properties: [UInt64: PropertyBag] = [:]
            let propertyRows = try Row.fetchCursor(db, sql: "SELECT object_id, tag, value FROM property WHERE mailbox_id = ?", arguments: [mailboxID])
            while let row = try propertyRows.next() {
                let tag = PropertyTag(UInt32(truncatingIfNeeded: row[1] as Int64))
                let value = try PropertyBagCoding.decode([UInt8](row[2] as Data), tag: tag)
                properties[UInt64(row[0] as Int64), default: [:]][tag] = value
            }
            var recipients: [UInt64: [RecipientRecord]] = [:]
            let recipientRows = try Row.fetchCursor(db, sql: "SELECT message_id, row_id, recipient_type, properties FROM recipient WHERE mailbox_id = ? ORDER BY message_id, row_id", arguments: [mailboxID])
            while let row = try recipientRows.next() {
                let record = RecipientRecord(
                    rowID: UInt32(truncatingIfNeeded: row[1] as Int64),
                    recipientType: UInt8(truncatingIfNeeded: row[2] as Int64),
                    properties: try PropertyBagCoding.decodeBag([UInt8](row[3] as Data)))
                recipients[UInt64(row[0] as Int64), default: []].append(record)
            }
            var folders: [FolderRecord] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM folder WHERE mailbox_id = ? ORDER BY id", arguments: [mailboxID]) {
                let id = UInt64(row["id"] as Int64)
                var criteria: SearchCriteria?
                if let restrictionData = row["search_restriction"] as Data?, let scopeData = row["search_scope"] as Data? {
                    let restriction = try Restriction.decode([UInt8](restrictionData))
                    var reader = ByteReader([UInt8](scopeData))
                    var scope: [UInt64] = []
                    while !reader.isAtEnd { scope.append(try reader.readUInt64("scope")) }
                    criteria = SearchCriteria(restriction: restriction, scope: scope, recursive: (row["search_recursive"] as Int64? ?? 0) != 0)
                }
                folders.append(FolderRecord(
                    id: id, parentID: UInt64(row["parent_id"] as Int64),
                    special: (row["special"] as Int64?).flatMap { SpecialFolder(rawValue: Int($0)) },
                    isSearchFolder: (row["is_search"] as Int64) != 0,
                    creationTime: UInt64(row["creation_time"] as Int64),
                    lastModificationTime: UInt64(row["modification_time"] as Int64),
                    changeNumber: UInt64(row["change_number"] as Int64),
                    hierarchyChangeNumber: UInt32(truncatingIfNeeded: row["hierarchy_change_number"] as Int64),
                    properties: properties[id] ?? [:], searchCriteria: criteria))
            }
            var messages: [MessageRecord] = []
            let messageRows = try Row.fetchCursor(db, sql: "SELECT id, folder_id, is_associated, creation_time, modification_time, change_number, soft_deleted FROM message WHERE mailbox_id = ?", arguments: [mailboxID])
            while let row = try messageRows.next() {
                let id = UInt64(row[0] as Int64)
                messages.append(MessageRecord(
                    id: id, folderID: UInt64(row[1] as Int64), isAssociated: (row[2] as Int64) != 0,
                    creationTime: UInt64(row[3] as Int64), lastModificationTime: UInt64(row[4] as Int64),
                    changeNumber: UInt64(row[5] as Int64), properties: properties[id] ?? [:],
                    recipients: recipients[id] ?? [], isSoftDeleted: (row[6] as Int64) != 0))
            }
            return (folders, messages)
        }
    }

    // MARK: Committing

    public func commit(_ batch: CommitBatch) throws {
        guard !batch.isEmpty else { return }
        try writer.write { db in
            for mailbox in batch.mailboxes {
                try db.cachedStatement(sql: """
                    INSERT INTO mailbox (id, user_name, legacy_dn, mailbox_guid, repl_guid, replica_id, counter_reserved, event_epoch)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET user_name = excluded.user_name, legacy_dn = excluded.legacy_dn,
                    counter_reserved = excluded.counter_reserved, event_epoch = excluded.event_epoch
                    """).execute(arguments: [
                        Int64(mailbox.id.rawValue), mailbox.userName, mailbox.legacyExchangeDN,
                        Data(mailbox.mailboxGuid.array), Data(mailbox.replGuid.array), Int64(mailbox.replicaID),
                        Int64(mailbox.counterReserved), Int64(mailbox.eventEpoch),
                    ])
            }
            for (mailbox, id) in batch.folderDeletes {
                try db.cachedStatement(sql: "DELETE FROM folder WHERE mailbox_id = ? AND id = ?").execute(arguments: [Int64(mailbox.rawValue), Int64(id)])
                try deleteProperties(db, mailbox, id)
            }
            for (mailbox, id) in batch.messageDeletes {
                try db.cachedStatement(sql: "DELETE FROM message WHERE mailbox_id = ? AND id = ?").execute(arguments: [Int64(mailbox.rawValue), Int64(id)])
                try deleteProperties(db, mailbox, id)
                try db.cachedStatement(sql: "DELETE FROM recipient WHERE mailbox_id = ? AND message_id = ?").execute(arguments: [Int64(mailbox.rawValue), Int64(id)])
            }
            for (mailbox, folder) in batch.folderUpserts {
                var restriction: Data?
                var scope: Data?
                if let criteria = folder.searchCriteria {
                    restriction = Data(criteria.restriction.encoded())
                    var bytes: [UInt8] = []
                    for id in criteria.scope { bytes.appendUInt64(id) }
                    scope = Data(bytes)
                }
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO folder (mailbox_id, id, parent_id, special, is_search, creation_time, modification_time,
                    change_number, hierarchy_change_number, search_restriction, search_scope, search_recursive)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        Int64(mailbox.rawValue), Int64(folder.id), Int64(folder.parentID), folder.special.map { Int64($0.rawValue) },
                        folder.isSearchFolder ? 1 : 0, Int64(folder.creationTime), Int64(folder.lastModificationTime),
                        Int64(folder.changeNumber), Int64(folder.hierarchyChangeNumber), restriction, scope,
                        folder.searchCriteria.map { $0.recursive ? 1 : 0 },
                    ])
                try replaceProperties(db, mailbox, folder.id, folder.properties)
            }
            for (mailbox, message) in batch.messageUpserts { try writeMessage(db, mailbox, message, replacing: true) }
            for (mailbox, message) in batch.messageInserts { try writeMessage(db, mailbox, message, replacing: false) }
            for (mailbox, bag) in batch.storeProperties { try replaceProperties(db, mailbox, Self.storeObjectID, bag) }
            try writePerUser(db, batch)
        }
    }

    /// Logon-object properties live in `property` under object id 0, which no FID or MID uses
    /// (global counters start at 1), so no schema change was needed.
    static let storeObjectID: UInt64 = 0

    public func loadStoreProperties(of mailbox: MailboxID) throws -> PropertyBag {
        try writer.read { db in
            var bag = PropertyBag()
            let rows = try Row.fetchCursor(db, sql: "SELECT tag, value FROM property WHERE mailbox_id = ? AND object_id = ?",
                                           arguments: [Int64(mailbox.rawValue), Int64(Self.storeObjectID)])
            while let row = try rows.next() {
                let tag = PropertyTag(UInt32(truncatingIfNeeded: row[0] as Int64))
                bag[tag] = try PropertyBagCoding.decode([UInt8](row[1] as Data), tag: tag)
            }
            return bag
        }
    }

    private func writeMessage(_ db: Database, _ mailbox: MailboxID, _ message: MessageRecord, replacing: Bool) throws {
        let mailboxID = Int64(mailbox.rawValue)
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO message (mailbox_id, id, folder_id, is_associated, creation_time, modification_time, change_number, soft_deleted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                mailboxID, Int64(message.id), Int64(message.folderID), message.isAssociated ? 1 : 0,
                Int64(message.creationTime), Int64(message.lastModificationTime), Int64(message.changeNumber),
                message.isSoftDeleted ? 1 : 0,
            ])
        if replacing {
            try deleteProperties(db, mailbox, message.id)
            try db.cachedStatement(sql: "DELETE FROM recipient WHERE mailbox_id = ? AND message_id = ?").execute(arguments: [mailboxID, Int64(message.id)])
        }
        try insertProperties(db, mailbox, message.id, message.properties)
        guard !message.recipients.isEmpty else { return }
        let insertRecipient = try db.cachedStatement(sql: "INSERT INTO recipient (mailbox_id, message_id, row_id, recipient_type, properties) VALUES (?, ?, ?, ?, ?)")
        for recipient in message.recipients {
            try insertRecipient.execute(arguments: [
                mailboxID, Int64(message.id), Int64(recipient.rowID), Int64(recipient.recipientType),
                Data(PropertyBagCoding.encode(recipient.properties)),
            ])
        }
    }

    private func deleteProperties(_ db: Database, _ mailbox: MailboxID, _ id: UInt64) throws {
        try db.cachedStatement(sql: "DELETE FROM property WHERE mailbox_id = ? AND object_id = ?").execute(arguments: [Int64(mailbox.rawValue), Int64(id)])
    }

    private func replaceProperties(_ db: Database, _ mailbox: MailboxID, _ id: UInt64, _ properties: PropertyBag) throws {
        try deleteProperties(db, mailbox, id)
        try insertProperties(db, mailbox, id, properties)
    }

    private func insertProperties(_ db: Database, _ mailbox: MailboxID, _ id: UInt64, _ properties: PropertyBag) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO property (mailbox_id, object_id, tag, value) VALUES (?, ?, ?, ?)")
        for (tag, value) in properties {
            try insert.execute(arguments: [Int64(mailbox.rawValue), Int64(id), Int64(tag.rawValue), Data(PropertyBagCoding.encode(value))])
        }
    }
}
