import MAPIWire
import NotificationEngine

/// One store transaction: mutations go to the in-memory state at once (so an operation reads its
/// own writes), with the first-seen version of every touched object kept for rollback and for
/// computing events and table deltas after the backend commit.
final class Transaction {
    unowned let store: MailboxStore
    let now: UInt64
    var createdMailboxes: [MailboxID] = []
    private var touchOrder: [MailboxID] = []
    private var states: [MailboxID: MailboxState] = [:]
    private var originalRecords: [MailboxID: MailboxRecord] = [:]
    private var originalFolders: [MailboxID: [UInt64: FolderRecord?]] = [:]
    private var folderOrder: [MailboxID: [UInt64]] = [:]
    private var originalMessages: [MailboxID: [UInt64: MessageRecord?]] = [:]
    private var messageOrder: [MailboxID: [UInt64]] = [:]
    private var originalCounts: [MailboxID: [UInt64: FolderCounts]] = [:]
    private var countOrder: [MailboxID: [UInt64]] = [:]
    private var originalStoreProperties: [MailboxID: PropertyBag] = [:]
    private var originalPerUser: [MailboxID: [LongTermID: PerUserRecord?]] = [:]
    private var perUserOrder: [MailboxID: [LongTermID]] = [:]
    private var events: [MailboxID: [MailboxEvent.Kind]] = [:]
    /// Search folders whose criteria changed: repopulated after commit, then SearchCompleted.
    private var repopulate: [MailboxID: [UInt64]] = [:]
    private var published: [MailboxEvent] = []

    init(store: MailboxStore, now: UInt64) {
        self.store = store
        self.now = now
    }

    func touchMailbox(_ state: MailboxState) {
        let id = state.record.id
        if states[id] == nil {
            states[id] = state
            touchOrder.append(id)
        }
        if originalRecords[id] == nil { originalRecords[id] = state.record }
    }

    private func register(_ state: MailboxState) {
        let id = state.record.id
        if states[id] == nil {
            states[id] = state
            touchOrder.append(id)
        }
    }

    /// A new global counter (FID, MID or change number), never reused (MS-OXCFXICS 3.1.5.3).
    func allocate(_ state: MailboxState) -> UInt64 {
        state.nextCounter += 1
        if state.nextCounter > state.record.counterReserved {
            touchMailbox(state)
            state.record.counterReserved = state.nextCounter + store.configuration.counterReservationBlock
        }
        return state.nextCounter
    }

    func emit(_ state: MailboxState, _ kind: MailboxEvent.Kind) {
        register(state)
        events[state.record.id, default: []].append(kind)
    }

    /// ObjectDeleted for a live message that left `folder` (a folder counter) by deletion, whichever
    /// ROP removed it: a client subscribed to the message must hear of it (docs/STORE.md).
    func emitMessageDeleted(_ state: MailboxState, _ message: MessageID, folder: UInt64) {
        emit(state, .objectDeleted(.message(message, in: state.objectID(folder)), parentFolderID: state.objectID(folder)))
    }

    func searchCriteriaChanged(_ state: MailboxState, _ folder: UInt64) {
        register(state)
        repopulate[state.record.id, default: []].append(folder)
    }

    private func noteCounts(_ state: MailboxState, _ folder: UInt64) {
        let id = state.record.id
        if originalCounts[id]?[folder] == nil, let counts = state.counts[folder] {
            originalCounts[id, default: [:]][folder] = counts
            countOrder[id, default: []].append(folder)
        }
    }

    // MARK: Mutations

    func putFolder(_ state: MailboxState, _ folder: FolderRecord) {
        register(state)
        let mailbox = state.record.id
        if originalFolders[mailbox]?[folder.id] == nil {
            originalFolders[mailbox, default: [:]][folder.id] = .some(state.folders[folder.id])
            folderOrder[mailbox, default: []].append(folder.id)
        }
        state.insertFolder(folder)
    }

    func deleteFolder(_ state: MailboxState, _ id: UInt64) {
        register(state)
        let mailbox = state.record.id
        if originalFolders[mailbox]?[id] == nil {
            originalFolders[mailbox, default: [:]][id] = .some(state.folders[id])
            folderOrder[mailbox, default: []].append(id)
        }
        state.removeFolder(id)
    }

    func putMessage(_ state: MailboxState, _ message: MessageRecord) {
        register(state)
        let mailbox = state.record.id
        if originalMessages[mailbox]?[message.id] == nil {
            originalMessages[mailbox, default: [:]][message.id] = .some(state.messages[message.id])
            messageOrder[mailbox, default: []].append(message.id)
        }
        if let old = state.messages[message.id] { noteCounts(state, old.folderID) }
        noteCounts(state, message.folderID)
        state.insertMessage(message)
    }

    /// Replaces the Logon-object property bag (MS-OXCSTOR 2.2.2).
    func putStoreProperties(_ state: MailboxState, _ bag: PropertyBag) {
        register(state)
        if originalStoreProperties[state.record.id] == nil { originalStoreProperties[state.record.id] = state.storeProperties }
        state.storeProperties = bag
    }

    /// Replaces (nil: removes) a public folder's per-user information (MS-OXCSTOR 3.1.4.3).
    func putPerUser(_ state: MailboxState, _ folder: LongTermID, _ record: PerUserRecord?) {
        register(state)
        let mailbox = state.record.id
        if originalPerUser[mailbox]?[folder] == nil {
            originalPerUser[mailbox, default: [:]][folder] = .some(state.perUser[folder])
            perUserOrder[mailbox, default: []].append(folder)
        }
        state.perUser[folder] = record
    }

    func deleteMessage(_ state: MailboxState, _ id: UInt64) {
        register(state)
        let mailbox = state.record.id
        if originalMessages[mailbox]?[id] == nil {
            originalMessages[mailbox, default: [:]][id] = .some(state.messages[id])
            messageOrder[mailbox, default: []].append(id)
        }
        if let old = state.messages[id] { noteCounts(state, old.folderID) }
        state.removeMessage(id)
    }

    // MARK: Commit / rollback

    func commit() throws(StoreError) {
        var batch = CommitBatch()
        for mailbox in touchOrder {
            guard let state = states[mailbox] else { continue }
            if originalRecords[mailbox] != nil { batch.mailboxes.append(state.record) }
            for id in folderOrder[mailbox] ?? [] {
                if let folder = state.folders[id] {
                    batch.folderUpserts.append((mailbox, folder))
                } else if case .some(.some) = originalFolders[mailbox]?[id] {
                    batch.folderDeletes.append((mailbox, id))
                }
            }
            for id in messageOrder[mailbox] ?? [] {
                if let message = state.messages[id] {
                    if case .some(.none) = originalMessages[mailbox]?[id] {
                        batch.messageInserts.append((mailbox, message))
                    } else {
                        batch.messageUpserts.append((mailbox, message))
                    }
                } else if case .some(.some) = originalMessages[mailbox]?[id] {
                    batch.messageDeletes.append((mailbox, id))
                }
            }
            if originalStoreProperties[mailbox] != nil { batch.storeProperties.append((mailbox, state.storeProperties)) }
            for folder in perUserOrder[mailbox] ?? [] {
                if let record = state.perUser[folder] {
                    batch.perUserUpserts.append((mailbox, record))
                } else {
                    batch.perUserDeletes.append((mailbox, folder))
                }
            }
        }
        do {
            try store.backend.commit(batch)
        } catch {
            throw .backend(String(describing: error))
        }
        for mailbox in touchOrder { if let state = states[mailbox] { store.directory[mailbox] = state.record } }
    }

    func rollback() {
        for mailbox in touchOrder {
            guard let state = states[mailbox] else { continue }
            let messages = originalMessages[mailbox] ?? [:]
            for id in messageOrder[mailbox] ?? [] { state.removeMessage(id) }
            for id in (folderOrder[mailbox] ?? []).reversed() {
                if case let .some(.some(original)) = originalFolders[mailbox]?[id] {
                    state.insertFolder(original)
                    if original.isSearchFolder, let criteria = original.searchCriteria {
                        state.searchMembers[id] = store.populate(state, criteria)
                    }
                } else {
                    state.removeFolder(id)
                }
            }
            for id in messageOrder[mailbox] ?? [] {
                if case let .some(.some(original)) = messages[id] { state.insertMessage(original) }
            }
            // `nextCounter` is not rolled back: counters handed out stay used, and the next
            // allocation above the restored reservation reserves (and persists) a new block.
            if let record = originalRecords[mailbox] { state.record = record }
            if let bag = originalStoreProperties[mailbox] { state.storeProperties = bag }
            for (folder, original) in originalPerUser[mailbox] ?? [:] { state.perUser[folder] = original }
        }
        for mailbox in createdMailboxes {
            store.directory[mailbox] = nil
            store.loaded[mailbox] = nil
        }
    }

    // MARK: After commit

    /// Search-folder upkeep, folder count events, table deltas; then numbers and publishes every
    /// event of this commit.
    func publish() {
        for mailbox in touchOrder {
            guard let state = states[mailbox] else { continue }
            var kinds = events[mailbox] ?? []
            let touchedMessages = messageOrder[mailbox] ?? []
            let touchedFolders = folderOrder[mailbox] ?? []
            let created = Set(touchedFolders.filter { id in
                if case .some(.none) = originalFolders[mailbox]?[id] { return true }
                return false
            })
            let repopulated = Set(repopulate[mailbox] ?? [])

            // Search folders: membership follows content changes (MS-OXCFOLD 3.2.5.4, dynamic searches).
            var searchCountsBefore: [UInt64: (UInt32, UInt32)] = [:]
            for folder in state.folders.values where folder.isSearchFolder {
                guard let criteria = folder.searchCriteria else { continue }
                let before = state.searchMembers[folder.id] ?? []
                searchCountsBefore[folder.id] = (UInt32(before.count), UInt32(before.count { wasUnread(state, mailbox, $0) }))
                if repopulated.contains(folder.id) {
                    state.searchMembers[folder.id] = store.populate(state, criteria)
                    kinds.append(.searchCompleted(folderID: state.objectID(folder.id)))
                    continue
                }
                var members = before
                for id in touchedMessages {
                    let was = members.contains(id)
                    let isNow = state.messages[id].map { store.searchMatches(state, criteria, $0) } ?? false
                    let fid = state.objectID(folder.id)
                    let mid = state.objectID(id)
                    if isNow && !was {
                        members.insert(id)
                        kinds.append(.objectCreated(.message(mid, in: fid, inSearchFolder: true), parentFolderID: state.objectID(state.messages[id]?.folderID ?? 0), tags: []))
                    } else if was && !isNow {
                        members.remove(id)
                        let parent: UInt64
                        if case let .some(.some(original)) = originalMessages[mailbox]?[id] { parent = original.folderID } else { parent = state.messages[id]?.folderID ?? 0 }
                        kinds.append(.objectDeleted(.message(mid, in: fid, inSearchFolder: true), parentFolderID: state.objectID(parent)))
                    } else if was && isNow {
                        kinds.append(.objectModified(.message(mid, in: fid, inSearchFolder: true), tags: [], totalMessageCount: nil, unreadMessageCount: nil))
                    }
                }
                state.searchMembers[folder.id] = members
            }

            // Folder counts (T/U): the latest counts of every folder whose counts changed.
            for folder in countOrder[mailbox] ?? [] {
                guard let before = originalCounts[mailbox]?[folder], let after = state.counts[folder],
                      state.folders[folder] != nil, !created.contains(folder) else { continue }
                if before.total != after.total || before.unread != after.unread {
                    kinds.append(.objectModified(.folder(state.objectID(folder)), tags: [Tags.contentCount, Tags.contentUnreadCount],
                                                 totalMessageCount: after.total, unreadMessageCount: after.unread))
                }
            }
            var searchCountsChanged: [UInt64] = []
            for (folder, before) in searchCountsBefore.sorted(by: { $0.key < $1.key }) {
                let members = state.searchMembers[folder] ?? []
                let total = UInt32(members.count)
                let unread = UInt32(members.count { state.messages[$0]?.isRead == false })
                if before.0 != total || before.1 != unread {
                    searchCountsChanged.append(folder)
                    kinds.append(.objectModified(.folder(state.objectID(folder)), tags: [Tags.contentCount, Tags.contentUnreadCount],
                                                 totalMessageCount: total, unreadMessageCount: unread))
                }
            }

            // Table deltas.
            var hierarchyCandidates = touchedFolders
            var seen = Set(touchedFolders)
            for folder in (countOrder[mailbox] ?? []) + searchCountsChanged where seen.insert(folder).inserted { hierarchyCandidates.append(folder) }
            let reparented = touchedFolders.contains { id in
                if case let .some(.some(original)) = originalFolders[mailbox]?[id], let current = state.folders[id] {
                    return original.parentID != current.parentID
                }
                return false
            }
            for table in state.tables.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
                let rebuild: Bool
                switch table.kind {
                case .contents: rebuild = table.isSearchFolder && repopulated.contains(table.folderID)
                case let .hierarchy(fullDepth): rebuild = fullDepth && reparented
                }
                if rebuild {
                    store.refill(state, table)
                    if table.notificationsEnabled {
                        kinds.append(.tableModified(table.id, .tableEvent(.tableChanged, contents: table.isContents, searchFolder: table.isSearchFolder)))
                    }
                    continue
                }
                let candidates = table.isContents ? touchedMessages : hierarchyCandidates
                kinds.append(contentsOf: store.applyDeltas(state, table, candidates: candidates))
            }

            for kind in kinds {
                let sequence = state.record.eventEpoch << 40 | state.nextSequence
                state.nextSequence += 1
                published.append(MailboxEvent(mailbox: mailbox, sequence: sequence, kind: kind))
            }
        }
        if !published.isEmpty { store.sink.publish(published) }
    }

    /// Whether a message was unread before this transaction.
    private func wasUnread(_ state: MailboxState, _ mailbox: MailboxID, _ id: UInt64) -> Bool {
        if let original = originalMessages[mailbox]?[id] { return original.map { !$0.isRead } ?? false }
        return state.messages[id]?.isRead == false
    }
}
