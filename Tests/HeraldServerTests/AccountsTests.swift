import Foundation
import HeraldClient
import HeraldServer
import MAPIHTTP
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Records what the store publishes.
final class RecordingSink: MailboxEventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [MailboxEvent] = []
    func publish(_ events: [MailboxEvent]) {
        lock.lock(); defer { lock.unlock() }
        recorded += events
    }
    var events: [MailboxEvent] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }
}

func temporaryDirectory(_ name: String = #function) -> String {
    let path = FileManager.default.temporaryDirectory.path + "/herald-test-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.removeItem(atPath: path)
    return path
}

@Suite("Accounts, local delivery and the data directory")
struct AccountsTests {
    let hasher = PasswordHasher(iterations: PasswordHasher.minimumIterations)

    func open(_ path: String, sink: any MailboxEventSink = DiscardingEventSink()) throws -> HeraldAccounts {
        let directory = HeraldDataDirectory(path: path)
        try directory.create()
        let backend = try SQLiteBackend(path: directory.databasePath)
        let store = try MailboxStore(backend: backend, sink: sink)
        return HeraldAccounts(backend: backend, store: store, domain: "Example.org", hasher: hasher)
    }

    @Test("Users and password hashes are durable; the mailbox is provisioned with its special folders")
    func durableUsers() async throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let accounts = try open(path)
            let added = try accounts.addUser("Alice", password: "s3cret", displayName: "Alice Liddell")
            #expect(added == .init(name: "alice", displayName: "Alice Liddell", address: "alice@example.org",
                                   essdn: HeraldAccounts.essdn(for: "alice"), hasMailbox: true))
            #expect(throws: HeraldError.self) { try accounts.addUser("alice", password: "x") }
            #expect(throws: HeraldError.self) { try accounts.addUser("bad name", password: "x") }
            #expect(throws: HeraldError.self) { try accounts.addUser("bob", password: "") }
            let mailbox = try #require(accounts.store.mailbox(userName: "alice"))
            #expect(try accounts.store.logonFolderIDs(mailbox.id).count == 13)
        }
        // Reopened: the credential verifies, the identity comes from the mailbox.
        let accounts = try open(path)
        let credentials = SQLiteCredentialStore(accounts: accounts)
        let credential = try #require(await credentials.credential(forUser: "alice"))
        #expect(PasswordHasher.verify(password: "s3cret", against: credential.passwordHash))
        #expect(credential.essdn == HeraldAccounts.essdn(for: "alice"))
        #expect(credential.displayName == "Alice Liddell")
        #expect(await credentials.credential(forUser: "nobody") == nil)

        try accounts.setPassword("ALICE", password: "new")
        let changed = try #require(await credentials.credential(forUser: "alice"))
        #expect(PasswordHasher.verify(password: "new", against: changed.passwordHash))
        #expect(!PasswordHasher.verify(password: "s3cret", against: changed.passwordHash))
        #expect(throws: HeraldError.self) { try accounts.setPassword("nobody", password: "x") }

        try accounts.removeUser("alice")
        #expect(await credentials.credential(forUser: "alice") == nil)
        #expect(try accounts.listUsers().isEmpty)
        #expect(throws: HeraldError.self) { try accounts.removeUser("alice") }
        // Adding the user again reattaches the kept mailbox.
        try accounts.addUser("alice", password: "again")
        #expect(accounts.store.mailboxes.count == 1)
    }

    @Test("Local delivery: ObjectCreated then NewMail in the Inbox, unread, with the given class and subject")
    func delivery() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = RecordingSink()
        let accounts = try open(path, sink: sink)
        try accounts.addUser("carol", password: "pw")
        let before = sink.events.count
        let receipt = try accounts.deliver(.init(to: "carol@example.org", from: "dave@elsewhere", subject: "hi", body: "text", messageClass: "IPM.Note.Test"))
        let mailbox = try #require(accounts.store.mailbox(userName: "carol"))
        let inbox = try accounts.store.specialFolderID(mailbox.id, .inbox)
        #expect(receipt.folderID == inbox.description)
        let kinds = sink.events.dropFirst(before).map(\.kind)
        let newMail = kinds.compactMap { kind -> (FolderID, MessageID, UInt32, String)? in
            if case let .newMail(folder, message, flags, messageClass) = kind { return (folder, message, flags, messageClass) }
            return nil
        }
        #expect(newMail.count == 1)
        #expect(newMail.first?.0 == inbox)
        #expect(newMail.first?.1.description == receipt.messageID)
        #expect(newMail.first.map { $0.2 & MessageFlags.read.rawValue } == 0)
        #expect(newMail.first?.3 == "IPM.Note.Test")
        #expect(throws: HeraldError.self) { try accounts.deliver(.init(to: "nobody")) }
        #expect(throws: HeraldError.self) { try accounts.deliver(.init(to: "carol@other.domain")) }
    }

    @Test("The data directory lock: one holder at a time; the CLI goes direct when it is free")
    func dataDirectoryLock() async throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = HeraldDataDirectory(path: path)
        let held = try #require(try directory.tryLock())
        #expect(try directory.tryLock() == nil)
        // Locked and no server.json: the CLI says so instead of writing underneath the holder.
        await #expect(throws: HeraldError.self) {
            _ = try await HeraldAdmin.perform(dataDirectory: path, domain: "herald.local") { _ in 0 } local: { _ in 1 }
        }
        held.unlock()
        let (value, route) = try await HeraldAdmin.perform(dataDirectory: path, domain: "herald.local") { _ in 0 } local: { accounts in
            try accounts.addUser("erin", password: "pw")
            return 1
        }
        #expect(value == 1 && route == .direct)
        #expect(try directory.tryLock() != nil)
    }

    @Test("Options: configuration file keys are optional, --listen forms")
    func options() throws {
        let path = temporaryDirectory() + ".json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"listen": "[::1]:9000", "domain": "example.com", "pendingPeriodMilliseconds": 500}"#.utf8).write(to: URL(fileURLWithPath: path))
        let options = try HeraldServerOptions.load(configFile: path)
        #expect(options.domain == "example.com")
        #expect(options.pendingPeriodMilliseconds == 500)
        #expect(options.dataDirectory == "./herald-data")
        #expect(try options.listenAddress() == ("::1", 9000))
        var other = HeraldServerOptions()
        #expect(try other.listenAddress() == ("127.0.0.1", 8080))
        for bad in ["8080", "host:", "host:99999", "[::1]", ":80"] {
            other.listen = bad
            #expect(throws: HeraldError.self) { try other.listenAddress() }
        }
    }
}
