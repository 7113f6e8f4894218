import Foundation
import MAPIWire
@testable import MailboxStore
import NotificationEngine

/// Collects published events.
final class CollectingSink: MailboxEventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [MailboxEvent] = []
    func publish(_ events: [MailboxEvent]) {
        lock.lock(); storage.append(contentsOf: events); lock.unlock()
    }
    var events: [MailboxEvent] { lock.lock(); defer { lock.unlock() }; return storage }
    func take() -> [MailboxEvent] {
        lock.lock(); defer { lock.unlock() }
        let taken = storage
        storage = []
        return taken
    }
}

/// A deterministic FILETIME clock: every reading is 1 s after the previous one.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: UInt64 = 133_000_000_000_000_000
    func read() -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        now += 10_000_000
        return now
    }
}

/// SplitMix64 (seeded, reproducible).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

func makeStore(sink: CollectingSink = CollectingSink(), threshold: Int = 64) throws -> (MailboxStore, CollectingSink) {
    var configuration = MailboxStore.Configuration()
    let clock = TestClock()
    configuration.clock = { clock.read() }
    configuration.tableChangedThreshold = threshold
    let store = try MailboxStore(backend: try SQLiteBackend(), sink: sink, configuration: configuration)
    return (store, sink)
}

extension MailboxStore {
    /// Creates and saves a message with a subject.
    @discardableResult
    func addMessage(_ mailbox: MailboxID, _ folder: FolderID, subject: String, read: Bool = true, associated: Bool = false) throws -> MessageID {
        var message = try createMessage(mailbox, folder: folder, associated: associated)
        var flags: UInt32 = read ? 0x09 : 0x08
        if associated { flags |= 0x40 }
        message.setProperties([
            TaggedPropertyValue(tag: Tags.subject, value: .string(subject)),
            TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(Int32(flags))),
        ])
        return try saveMessage(&message)
    }
}

extension MailboxEvent.Kind {
    var tableData: (TableID, NotificationData)? {
        if case let .tableModified(id, data) = self { return (id, data) }
        return nil
    }
}
