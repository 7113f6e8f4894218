import Foundation
import MAPIWire
import NotificationEngine

/// Receives the events of every commit, synchronously, in commit order, before the operation that
/// caused them returns (so a client polling right after sees them). Called with the store's lock
/// held: an implementation must not call back into the store.
public protocol MailboxEventSink: Sendable {
    func publish(_ events: [MailboxEvent])
}

/// A sink that drops everything.
public struct DiscardingEventSink: MailboxEventSink {
    public init() {}
    public func publish(_ events: [MailboxEvent]) {}
}

/// The mailbox store: users' private mailboxes with folders, messages, properties, recipients,
/// open tables and search folders, persisted through a ``MailboxStoreBackend``.
///
/// Every public operation is one transaction: it either commits entirely — then its events are
/// published — or throws a ``StoreError`` and leaves the store (memory and backend) unchanged.
/// Loaded mailboxes are kept in memory (write-through); one lock serialises all operations, which
/// also makes the event order the commit order.
public final class MailboxStore: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Largest encoded property value accepted (bytes); PtypBinary values are further limited
        /// to 65,535 bytes, their ROP count width.
        public var maximumPropertySize = 1 << 20
        /// Largest value written through a stream (RopCommitStream) or stored as attachment data.
        public var maximumStreamSize = 64 << 20
        /// A commit touching more rows of one table than this sends that table one TableChanged
        /// instead of row events.
        public var tableChangedThreshold = 64
        /// FILETIME "now"; injectable for deterministic tests.
        public var clock: @Sendable () -> UInt64 = { MailboxStore.fileTime(Date()) }
        /// Counters reserved per backend write (see ``MailboxRecord/counterReserved``).
        public var counterReservationBlock: UInt64 = 1024
        public init() {}
    }

    let backend: any MailboxStoreBackend
    let sink: any MailboxEventSink
    public let configuration: Configuration
    let lock = NSLock()
    var directory: [MailboxID: MailboxRecord] = [:]
    var loaded: [MailboxID: MailboxState] = [:]
    var tableOwners: [TableID: MailboxID] = [:]
    var nextTableID: UInt64 = 1

    public init(backend: any MailboxStoreBackend, sink: any MailboxEventSink = DiscardingEventSink(), configuration: Configuration = Configuration()) throws(StoreError) {
        self.backend = backend
        self.sink = sink
        self.configuration = configuration
        do {
            for record in try backend.loadMailboxes() { directory[record.id] = record }
        } catch {
            throw .backend(String(describing: error))
        }
    }

    /// FILETIME (100-ns ticks since 1601-01-01 UTC) of a date.
    public static func fileTime(_ date: Date) -> UInt64 {
        UInt64(max(0, (date.timeIntervalSince1970 + 11_644_473_600) * 10_000_000))
    }

    // MARK: Locking and transactions

    func locked<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Runs `body` as one transaction: commit + events on success, full rollback on error.
    func transaction<T>(_ body: (Transaction) throws(StoreError) -> T) throws(StoreError) -> T {
        try locked { () throws(StoreError) -> T in
            let tx = Transaction(store: self, now: configuration.clock())
            let result: T
            do throws(StoreError) {
                result = try body(tx)
                try tx.commit()
            } catch {
                tx.rollback()
                throw error
            }
            tx.publish()
            return result
        }
    }

    /// The loaded state of a mailbox (loading it on first use). Lock held.
    func state(_ mailbox: MailboxID) throws(StoreError) -> MailboxState {
        if let state = loaded[mailbox] { return state }
        guard var record = directory[mailbox] else { throw .notFound }
        let contents: (folders: [FolderRecord], messages: [MessageRecord])
        let storeProperties: PropertyBag
        let perUser: [PerUserRecord]
        do {
            contents = try backend.loadContents(of: mailbox)
            storeProperties = try backend.loadStoreProperties(of: mailbox)
            perUser = try backend.loadPerUserInformation(of: mailbox)
            record.eventEpoch += 1
            var batch = CommitBatch()
            batch.mailboxes = [record]
            try backend.commit(batch)
        } catch {
            throw .backend(String(describing: error))
        }
        directory[mailbox] = record
        let state = MailboxState(record: record, nextCounter: record.counterReserved)
        state.storeProperties = storeProperties
        for record in perUser { state.perUser[record.folder] = record }
        for folder in contents.folders { state.insertFolder(folder) }
        for message in contents.messages { state.insertMessage(message) }
        for folder in state.folders.values where folder.isSearchFolder {
            if let criteria = folder.searchCriteria { state.searchMembers[folder.id] = populate(state, criteria) }
        }
        loaded[mailbox] = state
        return state
    }

    // MARK: Mailboxes

    /// Creates a user's mailbox with its special folders (rop-reference §4.1), in one transaction.
    @discardableResult
    public func createMailbox(userName: String, legacyExchangeDN: String) throws(StoreError) -> MailboxRecord {
        try transaction { tx throws(StoreError) -> MailboxRecord in
            let lowered = userName.lowercased()
            guard !userName.isEmpty, !directory.values.contains(where: { $0.userName.lowercased() == lowered }) else {
                throw .invalidParameter("user exists or empty name")
            }
            let id = MailboxID((directory.keys.map(\.rawValue).max() ?? 0) + 1)
            let record = MailboxRecord(
                id: id, userName: userName, legacyExchangeDN: legacyExchangeDN,
                mailboxGuid: Self.randomGUID(), replGuid: Self.randomGUID(), replicaID: 1,
                counterReserved: 0, eventEpoch: 1)
            let state = MailboxState(record: record, nextCounter: 0)
            directory[id] = record
            loaded[id] = state
            tx.createdMailboxes.append(id)
            tx.touchMailbox(state)
            for special in SpecialFolder.allCases {
                let folderID = tx.allocate(state)
                var properties: PropertyBag = [Tags.displayName: .string(special.displayName)]
                if let containerClass = special.containerClass { properties[Tags.containerClass] = .string(containerClass) }
                let parent = special.parent.flatMap { state.special[$0] } ?? 0
                tx.putFolder(state, FolderRecord(
                    id: folderID, parentID: parent, special: special, isSearchFolder: false,
                    creationTime: tx.now, lastModificationTime: tx.now, changeNumber: tx.allocate(state),
                    hierarchyChangeNumber: 0, properties: properties, searchCriteria: nil))
            }
            return state.record
        }
    }

    static func randomGUID() -> GUID {
        let uuid = UUID().uuid
        return GUID(bytes: [uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5, uuid.6, uuid.7,
                            uuid.8, uuid.9, uuid.10, uuid.11, uuid.12, uuid.13, uuid.14, uuid.15]) ?? .zero
    }

    public func mailbox(_ id: MailboxID) -> MailboxRecord? {
        lock.lock(); defer { lock.unlock() }
        return loaded[id]?.record ?? directory[id]
    }

    /// By user name / SMTP address (case-insensitive).
    public func mailbox(userName: String) -> MailboxRecord? {
        lock.lock(); defer { lock.unlock() }
        let lowered = userName.lowercased()
        return directory.values.first { $0.userName.lowercased() == lowered }
    }

    /// By legacyExchangeDN (the ESSDN of RopLogon; case-insensitive).
    public func mailbox(legacyExchangeDN: String) -> MailboxRecord? {
        lock.lock(); defer { lock.unlock() }
        let lowered = legacyExchangeDN.lowercased()
        return directory.values.first { $0.legacyExchangeDN.lowercased() == lowered }
    }

    public var mailboxes: [MailboxRecord] {
        lock.lock(); defer { lock.unlock() }
        return directory.values.sorted { $0.id < $1.id }
    }

    /// The FID of a default folder.
    public func specialFolderID(_ mailbox: MailboxID, _ folder: SpecialFolder) throws(StoreError) -> FolderID {
        try locked { () throws(StoreError) -> FolderID in
            let state = try state(mailbox)
            guard let id = state.special[folder] else { throw .notFound }
            return state.objectID(id)
        }
    }

    /// RopLogon's thirteen FolderIds, in order (MS-OXCSTOR 2.2.1.1.3).
    public func logonFolderIDs(_ mailbox: MailboxID) throws(StoreError) -> [FolderID] {
        try locked { () throws(StoreError) -> [FolderID] in
            let state = try state(mailbox)
            return SpecialFolder.logonFolders.map { state.objectID(state.special[$0] ?? 0) }
        }
    }

    // MARK: Id resolution (lock held)

    func folderCounter(_ state: MailboxState, _ id: FolderID) throws(StoreError) -> UInt64 {
        guard let counter = state.counter(id) else { throw .notFound }
        if state.folders[counter] != nil { return counter }
        if state.messages[counter] != nil { throw .wrongObjectKind }
        throw .notFound
    }

    func messageCounter(_ state: MailboxState, _ id: MessageID, includeSoftDeleted: Bool = false) throws(StoreError) -> UInt64 {
        guard let counter = state.counter(id) else { throw .notFound }
        if let message = state.messages[counter] {
            guard includeSoftDeleted || !message.isSoftDeleted else { throw .notFound }
            return counter
        }
        if state.folders[counter] != nil { throw .wrongObjectKind }
        throw .notFound
    }

    /// Checks a value the client wants to store.
    func validate(_ tag: PropertyTag, _ value: PropertyValue) -> StoreError? {
        Self.validate(tag, value, maximumSize: configuration.maximumPropertySize)
    }
}

/// A property that could not be set or deleted (MS-OXCDATA 2.7 PropertyProblem).
public struct PropertyProblem: Hashable, Sendable {
    /// Position of the property in the request.
    public var index: Int
    public var tag: PropertyTag
    public var error: StoreError
    public init(index: Int, tag: PropertyTag, error: StoreError) {
        self.index = index
        self.tag = tag
        self.error = error
    }
}
