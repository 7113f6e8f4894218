import Foundation
import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

/// Per-user information of public folders (MS-OXCSTOR 3.1.4.3, 3.2.5.10–3.2.5.13): stored per folder
/// LongTermID with its REPLGUID, listed by REPLGUID, durable, rolled back with its transaction.
@Suite struct PerUserInformationTests {
    static let publicStore = GUID(bytes: Array(1...16))!
    static let otherStore = GUID(bytes: Array(17...32))!

    static func folder(_ counter: UInt64, in store: GUID = publicStore) -> LongTermID {
        LongTermID(databaseGuid: store, globalCounter: counter)
    }

    @Test func writeReadListReplaceAndRemove() throws {
        let (store, _) = try makeStore()
        let mailbox = try store.createMailbox(userName: "alice", legacyExchangeDN: "/o=H/cn=alice").id
        #expect(try store.perUserInformation(mailbox, folder: Self.folder(1)) == nil)
        try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(2), replGuid: Self.publicStore, data: [1, 2, 3]))
        try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(1), replGuid: Self.publicStore, data: [4]))
        try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(9, in: Self.otherStore), replGuid: Self.otherStore, data: [5]))
        // A non-zero Pad names the same record.
        let padded = LongTermID(databaseGuid: Self.publicStore, globalCounter: 2, pad: 7)
        #expect(try store.perUserInformation(mailbox, folder: padded)?.data == [1, 2, 3])
        #expect(try store.perUserLongTermIDs(mailbox, replGuid: Self.publicStore) == [Self.folder(1), Self.folder(2)])
        #expect(try store.perUserLongTermIDs(mailbox, replGuid: Self.otherStore) == [Self.folder(9, in: Self.otherStore)])
        // Replacing keeps one record; empty data removes it.
        try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(2), replGuid: Self.otherStore, data: [6]))
        #expect(try store.perUserInformation(mailbox, folder: Self.folder(2)) == PerUserRecord(folder: Self.folder(2), replGuid: Self.otherStore, data: [6]))
        try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(1), replGuid: Self.publicStore, data: []))
        #expect(try store.perUserLongTermIDs(mailbox, replGuid: Self.publicStore).isEmpty)
        // Another mailbox sees none of it.
        let bob = try store.createMailbox(userName: "bob", legacyExchangeDN: "/o=H/cn=bob").id
        #expect(try store.perUserInformation(bob, folder: Self.folder(2)) == nil)
    }

    @Test func tooLargeIsRefused() throws {
        var configuration = MailboxStore.Configuration()
        configuration.maximumStreamSize = 8
        let store = try MailboxStore(backend: try SQLiteBackend(), configuration: configuration)
        let mailbox = try store.createMailbox(userName: "alice", legacyExchangeDN: "/o=H/cn=alice").id
        #expect(throws: StoreError.self) {
            try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(1), replGuid: Self.publicStore, data: Array(repeating: 0, count: 9)))
        }
        #expect(try store.perUserInformation(mailbox, folder: Self.folder(1)) == nil)
    }

    @Test func survivesReopen() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-peruser-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let mailbox: MailboxID
        do {
            let store = try MailboxStore(backend: try SQLiteBackend(path: path))
            mailbox = try store.createMailbox(userName: "alice", legacyExchangeDN: "/o=H/cn=alice").id
            try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(3), replGuid: Self.publicStore, data: data))
            try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(4), replGuid: Self.publicStore, data: [1]))
            try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(4), replGuid: Self.publicStore, data: []))
        }
        let store = try MailboxStore(backend: try SQLiteBackend(path: path))
        #expect(try store.perUserInformation(mailbox, folder: Self.folder(3)) == PerUserRecord(folder: Self.folder(3), replGuid: Self.publicStore, data: data))
        #expect(try store.perUserLongTermIDs(mailbox, replGuid: Self.publicStore) == [Self.folder(3)])
    }

    @Test func failedCommitLeavesTheOldRecord() throws {
        let backend = FlakyBackend(try SQLiteBackend())
        let store = try MailboxStore(backend: backend)
        let mailbox = try store.createMailbox(userName: "alice", legacyExchangeDN: "/o=H/cn=alice").id
        try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(1), replGuid: Self.publicStore, data: [1]))
        backend.failNextCommit()
        #expect(throws: StoreError.self) {
            try store.setPerUserInformation(mailbox, PerUserRecord(folder: Self.folder(1), replGuid: Self.otherStore, data: [2]))
        }
        #expect(try store.perUserInformation(mailbox, folder: Self.folder(1)) == PerUserRecord(folder: Self.folder(1), replGuid: Self.publicStore, data: [1]))
    }
}
