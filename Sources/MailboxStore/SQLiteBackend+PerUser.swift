import Foundation
import GRDB
import MAPIWire
import NotificationEngine

/// The `per_user` table (MS-OXCSTOR 3.1.4.3): one row per public folder whose read state a mailbox
/// caches, keyed by the folder's LongTermID (24 bytes as on the wire), with the providing store's
/// REPLGUID and the data BLOB.
extension SQLiteBackend {
    static func registerPerUserMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("per-user-v1") { db in
            try db.execute(sql: """
                CREATE TABLE per_user (
                    mailbox_id INTEGER NOT NULL,
                    folder_ltid BLOB NOT NULL,
                    repl_guid BLOB NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (mailbox_id, folder_ltid)
                ) WITHOUT ROWID;
                """)
        }
    }

    public func loadPerUserInformation(of mailbox: MailboxID) throws -> [PerUserRecord] {
        try writer.read { db in
            var records: [PerUserRecord] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT folder_ltid, repl_guid, data FROM per_user WHERE mailbox_id = ?",
                                           arguments: [Int64(mailbox.rawValue)])
            while let row = try rows.next() {
                var ltid = ByteReader([UInt8](row[0] as Data))
                var guid = ByteReader([UInt8](row[1] as Data))
                records.append(PerUserRecord(
                    folder: try LongTermID.decode(from: &ltid, "folder_ltid"), replGuid: try GUID.decode(from: &guid, "repl_guid"),
                    data: [UInt8](row[2] as Data)))
            }
            return records
        }
    }

    func writePerUser(_ db: Database, _ batch: CommitBatch) throws {
        for (mailbox, folder) in batch.perUserDeletes {
            try db.cachedStatement(sql: "DELETE FROM per_user WHERE mailbox_id = ? AND folder_ltid = ?")
                .execute(arguments: [Int64(mailbox.rawValue), Data(Self.bytes(folder))])
        }
        for (mailbox, record) in batch.perUserUpserts {
            var guid: [UInt8] = []
            record.replGuid.encode(into: &guid)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO per_user (mailbox_id, folder_ltid, repl_guid, data) VALUES (?, ?, ?, ?)")
                .execute(arguments: [Int64(mailbox.rawValue), Data(Self.bytes(record.folder)), Data(guid), Data(record.data)])
        }
    }

    static func bytes(_ folder: LongTermID) -> [UInt8] {
        var bytes: [UInt8] = []
        folder.encode(into: &bytes)
        return bytes
    }
}
