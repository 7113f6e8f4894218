// Store workloads and their bare-SQLite baselines, shared by StoreBenchmarks.swift (and usable from
// any timing harness). Both sides use in-memory SQLite, so the ratios measure the store's own CPU
// cost (bookkeeping, encoding, events, table deltas), not fsync.
import Foundation
import GRDB
import MAPIWire
import MailboxStore
import NotificationEngine

/// Counts published events so the work cannot be optimised away.
final class CountingSink: MailboxEventSink, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var count = 0
    func publish(_ events: [MailboxEvent]) {
        lock.lock(); count += events.count; lock.unlock()
    }
}

/// A store with one mailbox; messages go to its Inbox.
struct StoreFixture {
    let store: MailboxStore
    let sink: CountingSink
    let mailbox: MailboxID
    let inbox: FolderID
    var tables: [TableID] = []

    init(tableChangedThreshold: Int = 64) throws {
        sink = CountingSink()
        var configuration = MailboxStore.Configuration()
        configuration.tableChangedThreshold = tableChangedThreshold
        store = try MailboxStore(backend: try SQLiteBackend(), sink: sink, configuration: configuration)
        mailbox = try store.createMailbox(userName: "bench@example.com", legacyExchangeDN: "/o=Herald/cn=bench").id
        inbox = try store.specialFolderID(mailbox, .inbox)
    }

    /// Create + save of a small message: subject and flags set by the client, plus the store's own
    /// initial properties (importance, class, sensitivity, local commit time) — one message row and
    /// six property rows.
    func createAndSave(_ n: Int) throws {
        var message = try store.createMessage(mailbox, folder: inbox)
        message.setProperties([
            TaggedPropertyValue(tag: Tags.subject, value: .string("Message \(n)")),
            TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(0x08)),
        ])
        try store.saveMessage(&message)
    }

    /// Opens `count` contents tables over the Inbox, each sorted by subject and with columns set.
    mutating func openSortedTables(_ count: Int) throws {
        for index in 0..<count {
            let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
            try store.setColumns(table, [Tags.mid, Tags.subject, Tags.messageFlags, Tags.messageDeliveryTime])
            let descending = index % 2 == 1
            try store.sortTable(table, [SortOrder(tag: Tags.subject, descending: descending), SortOrder(tag: Tags.lastModificationTime, descending: true)])
            tables.append(table)
        }
    }
}

/// The rows a small message save writes (1 message + 6 properties), inserted with plain prepared
/// statements into the same shape of tables.
final class BareSQLite {
    let queue: DatabaseQueue
    var next: Int64 = 1

    init() throws {
        queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE message (mailbox_id INTEGER NOT NULL, id INTEGER NOT NULL, folder_id INTEGER NOT NULL,
                    is_associated INTEGER NOT NULL, creation_time INTEGER NOT NULL, modification_time INTEGER NOT NULL,
                    change_number INTEGER NOT NULL, PRIMARY KEY (mailbox_id, id)) WITHOUT ROWID;
                CREATE INDEX message_folder ON message (mailbox_id, folder_id);
                CREATE TABLE property (mailbox_id INTEGER NOT NULL, object_id INTEGER NOT NULL, tag INTEGER NOT NULL,
                    value BLOB NOT NULL, PRIMARY KEY (mailbox_id, object_id, tag)) WITHOUT ROWID;
                """)
        }
    }

    /// One transaction: `messages` message rows, each with `properties` property rows.
    func insert(messages: Int = 1, properties: Int = 6) throws {
        try queue.write { db in
            let message = try db.cachedStatement(sql: "INSERT INTO message VALUES (1, ?, 5, 0, ?, ?, ?)")
            let property = try db.cachedStatement(sql: "INSERT INTO property VALUES (1, ?, ?, ?)")
            for _ in 0..<messages {
                let id = next
                next += 1
                try message.execute(arguments: [id, id, id, id])
                for tag in 0..<properties {
                    try property.execute(arguments: [id, Int64(tag), Data([0x4D, 0x00, 0x65, 0x00, 0x73, 0x00, 0x00, 0x00])])
                }
            }
        }
    }
}
