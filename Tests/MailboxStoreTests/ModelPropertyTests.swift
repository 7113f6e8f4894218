import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

/// Random operation sequences against the store and a deliberately simple model. After every
/// operation: same folder contents and counts, same rows in each table's order, the same object
/// events, and a client-side replica of each table — fed only with the published row events and
/// their InsertAfter anchors — equal to the table itself.
@Suite struct ModelPropertyTests {
    struct ModelMessage {
        var folder: FolderID
        var subject: String
        var read: Bool
        /// Order of the last save (the store's PidTagLastModificationTime order).
        var savedAt: Int
    }

    struct Model {
        var messages: [MessageID: ModelMessage] = [:]
        var folders: [FolderID] = []
        var parents: [FolderID: FolderID] = [:]
        var clock = 0

        /// Full-depth hierarchy below `root`: depth-first, siblings by FID.
        func hierarchy(below root: FolderID) -> [FolderID] {
            parents.filter { $0.value == root }.keys.sorted().flatMap { [$0] + hierarchy(below: $0) }
        }

        func unread() -> Set<MessageID> { Set(messages.filter { !$0.value.read }.keys) }

        func searchOrder() -> [MessageID] {
            messages.filter { !$0.value.read }.sorted { a, b in
                a.value.savedAt != b.value.savedAt ? a.value.savedAt > b.value.savedAt : a.key > b.key
            }.map(\.key)
        }

        func counts(_ folder: FolderID) -> (UInt32, UInt32) {
            let inFolder = messages.values.filter { $0.folder == folder }
            return (UInt32(inFolder.count), UInt32(inFolder.count { !$0.read }))
        }

        /// Unsorted contents table: newest first, MID breaking ties.
        func defaultOrder(_ folder: FolderID) -> [MessageID] {
            messages.filter { $0.value.folder == folder }.sorted { a, b in
                a.value.savedAt != b.value.savedAt ? a.value.savedAt > b.value.savedAt : a.key > b.key
            }.map(\.key)
        }

        /// Sorted by subject ascending (MID ascending on ties), unread only.
        func unreadBySubject(_ folder: FolderID) -> [MessageID] {
            messages.filter { $0.value.folder == folder && !$0.value.read }.sorted { a, b in
                let x = a.value.subject.lowercased(), y = b.value.subject.lowercased()
                return x != y ? x < y : a.key < b.key
            }.map(\.key)
        }
    }

    /// A client's copy of a table, maintained only from notifications.
    struct Replica {
        var rows: [ObjectID]
        var folders = false
        mutating func apply(_ data: NotificationData, reload: () throws -> [ObjectID]) rethrows {
            let row = folders ? data.tableRowFolderID : data.tableRowMessageID
            let anchor = folders ? data.insertAfterTableRowFolderID : data.insertAfterTableRowID
            switch data.tableEventType {
            case .tableRowAdded, .tableRowModified:
                rows.removeAll { $0 == row }
                if anchor.isZero {
                    rows.insert(row, at: 0)
                } else if let index = rows.firstIndex(of: anchor) {
                    rows.insert(row, at: index + 1)
                } else {
                    Issue.record("anchor \(anchor) not in the replica")
                }
            case .tableRowDeleted:
                rows.removeAll { $0 == row }
            default:
                rows = try reload()
            }
        }
    }

    static let subjects = ["alpha", "Beta", "gamma", "delta", "beta", "Alpha"]

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomOperationSequences(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let (store, sink) = try makeStore(threshold: 1000)
        let mailbox = try store.createMailbox(userName: "m@x", legacyExchangeDN: "/cn=m").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        var model = Model()
        model.folders = [inbox]
        for name in ["One", "Two"] {
            let id = try store.createFolder(mailbox, parent: inbox, name: name).id
            model.folders.append(id)
            model.parents[id] = inbox
        }
        let finder = try store.specialFolderID(mailbox, .finder)
        let search = try store.createFolder(mailbox, parent: finder, name: "Unread", searchFolder: true).id
        try store.setSearchCriteria(mailbox, folder: search, restriction: .bitmask(.equalToZero, tag: Tags.messageFlags, mask: 0x01), scope: [inbox], recursive: true)
        let searchTable = try store.openTable(mailbox, folder: search, kind: .contents(associated: false))
        try store.setColumns(searchTable, [Tags.mid, Tags.subject, Tags.messageFlags])
        let hierarchyTable = try store.openTable(mailbox, folder: inbox, kind: .hierarchy(fullDepth: true))
        try store.setColumns(hierarchyTable, [Tags.folderID, Tags.displayName, Tags.contentCount])
        var createdFolders = 0
        let columns = [Tags.mid, Tags.subject, Tags.messageFlags]
        var defaultTables: [FolderID: TableID] = [:]
        var sortedTables: [FolderID: TableID] = [:]
        var replicas: [TableID: Replica] = [:]
        for folder in model.folders {
            let plain = try store.openTable(mailbox, folder: folder, kind: .contents(associated: false))
            try store.setColumns(plain, columns)
            let sorted = try store.openTable(mailbox, folder: folder, kind: .contents(associated: false))
            try store.setColumns(sorted, columns)
            try store.sortTable(sorted, [SortOrder(tag: Tags.subject, descending: false)])
            try store.restrictTable(sorted, .bitmask(.equalToZero, tag: Tags.messageFlags, mask: 0x01))
            defaultTables[folder] = plain
            sortedTables[folder] = sorted
            replicas[plain] = Replica(rows: [])
            replicas[sorted] = Replica(rows: [])
        }
        replicas[searchTable] = Replica(rows: [])
        replicas[hierarchyTable] = Replica(rows: try store.tableRowIDs(hierarchyTable), folders: true)
        let checkedFolders = model.folders
        _ = sink.take()
        var lastSequence: UInt64 = 0

        for step in 0..<300 {
            var expected: [MailboxEvent.Kind] = []
            let ids = model.messages.keys.sorted()
            let pick = ids.isEmpty ? nil : ids[random.below(ids.count)]
            switch (random.below(9), pick) {
            case (0, _), (1, nil), (2, nil), (3, nil), (4, nil), (5, nil), (6, nil):
                let folder = model.folders[random.below(model.folders.count)]
                let subject = Self.subjects[random.below(Self.subjects.count)]
                let read = random.chance(50)
                let mid = try store.addMessage(mailbox, folder, subject: subject, read: read)
                model.clock += 1
                model.messages[mid] = ModelMessage(folder: folder, subject: subject, read: read, savedAt: model.clock)
                let (total, unread) = model.counts(folder)
                expected = [.objectCreated(.message(mid, in: folder), parentFolderID: folder, tags: []),
                            .objectModified(.folder(folder), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: total, unreadMessageCount: unread)]
            case let (1, mid?):
                let folder = model.messages[mid]!.folder
                var message = try store.openMessage(mailbox, folder: folder, message: mid)
                let subject = Self.subjects[random.below(Self.subjects.count)]
                message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string(subject))])
                try store.saveMessage(&message)
                model.clock += 1
                model.messages[mid]!.subject = subject
                model.messages[mid]!.savedAt = model.clock
                expected = [.objectModified(.message(mid, in: folder), tags: [], totalMessageCount: nil, unreadMessageCount: nil)]
            case let (2, mid?):
                let folder = model.messages[mid]!.folder
                let read = model.messages[mid]!.read
                try store.setReadFlags(mailbox, folder: folder, messages: [mid], flags: read ? 0x05 : 0x00)
                model.messages[mid]!.read.toggle()
                let (total, unread) = model.counts(folder)
                expected = [.objectModified(.message(mid, in: folder), tags: [], totalMessageCount: nil, unreadMessageCount: nil),
                            .objectModified(.folder(folder), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: total, unreadMessageCount: unread)]
            case let (3, mid?):
                let folder = model.messages[mid]!.folder
                #expect(try store.deleteMessages(mailbox, folder: folder, messages: [mid]) == false)
                model.messages[mid] = nil
                let (total, unread) = model.counts(folder)
                expected = [.objectDeleted(.message(mid, in: folder), parentFolderID: folder),
                            .objectModified(.folder(folder), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: total, unreadMessageCount: unread)]
            case let (4, mid?), let (5, mid?):
                let copy = random.chance(40)
                let source = model.messages[mid]!.folder
                let destination = model.folders[random.below(model.folders.count)]
                let (partial, newIDs) = try store.moveCopyMessages(mailbox, from: source, messages: [mid], to: destination, copy: copy)
                #expect(!partial)
                let newID = try #require(newIDs.first ?? nil)
                var moved = model.messages[mid]!
                moved.folder = destination
                if !copy { model.messages[mid] = nil }
                model.messages[newID] = moved
                let (dt, du) = model.counts(destination)
                if copy {
                    expected = [.objectCopied(.message(newID, in: destination), parentFolderID: destination, old: .message(mid, in: source), oldParentFolderID: source),
                                .objectModified(.folder(destination), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: dt, unreadMessageCount: du)]
                } else {
                    expected = [.objectMoved(.message(newID, in: destination), parentFolderID: destination, old: .message(mid, in: source), oldParentFolderID: source)]
                    if source != destination {
                        let (st, su) = model.counts(source)
                        expected.append(.objectModified(.folder(source), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: st, unreadMessageCount: su))
                        expected.append(.objectModified(.folder(destination), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: dt, unreadMessageCount: du))
                    }
                }
            case (7, _):
                let parent = model.folders[random.below(model.folders.count)]
                createdFolders += 1
                let id = try store.createFolder(mailbox, parent: parent, name: "F\(createdFolders)").id
                model.folders.append(id)
                model.parents[id] = parent
                expected = [.objectCreated(.folder(id), parentFolderID: parent, tags: [Tags.displayName]),
                            .objectModified(.folder(parent), tags: [Tags.subfolders, Tags.folderChildCount, Tags.hierarchyChangeNumber], totalMessageCount: nil, unreadMessageCount: nil)]
            case (8, _) where model.folders.count > 3:
                // Delete a leaf folder created by the test, with its messages.
                let leaves = model.folders.dropFirst(3).filter { folder in !model.parents.values.contains(folder) }
                guard let victim = leaves.first else { continue }
                let parent = model.parents[victim]!
                #expect(try store.deleteFolder(mailbox, parent: parent, folder: victim, deleteMessages: true, deleteSubfolders: true) == false)
                model.folders.removeAll { $0 == victim }
                model.parents[victim] = nil
                // Its live messages are deleted for their subscribers first (docs/STORE.md).
                let dying = model.messages.filter { $0.value.folder == victim }.keys.sorted()
                model.messages = model.messages.filter { $0.value.folder != victim }
                expected = dying.map { .objectDeleted(.message($0, in: victim), parentFolderID: victim) }
                    + [.objectDeleted(.folder(victim), parentFolderID: parent),
                       .objectModified(.folder(parent), tags: [Tags.subfolders, Tags.folderChildCount, Tags.hierarchyChangeNumber], totalMessageCount: nil, unreadMessageCount: nil)]
            default:
                // An operation that fails must change nothing and publish nothing.
                let folder = model.folders[random.below(model.folders.count)]
                #expect(throws: StoreError.folderCycle) { try store.moveFolder(mailbox, from: inbox, folder: model.folders[1], to: model.folders[1]) }
                #expect(throws: StoreError.collidingNames) { try store.createFolder(mailbox, parent: inbox, name: "one") }
                _ = folder
            }

            let events = sink.take()
            for event in events {
                #expect(event.mailbox == mailbox)
                #expect(event.sequence > lastSequence, "sequence must increase (step \(step))")
                lastSequence = event.sequence
            }
            // Search-folder events are checked through membership and the search table below.
            let objectEvents = events.map(\.kind).filter { $0.tableData == nil && !Self.concernsSearch($0, search) }.map(Self.normalized)
            #expect(objectEvents == expected, "step \(step)")
            for kind in events.map(\.kind) {
                if case let .objectModified(ref, _, total?, unread?) = kind, ref == .folder(search) {
                    #expect(total == UInt32(model.unread().count) && unread == total, "search folder counts, step \(step)")
                }
            }
            for (tableID, data) in events.compactMap(\.kind.tableData) {
                try replicas[tableID]?.apply(data) { try store.tableRowIDs(tableID) }
                if data.tableEventType == .tableRowAdded || data.tableEventType == .tableRowModified {
                    var reader = ByteReader(data.tableRowData)
                    let row = try PropertyRow.decode(columns: columns, from: &reader)
                    if tableID == hierarchyTable { continue }
                    let message = try #require(model.messages[data.tableRowMessageID])
                    #expect(row.cells[0] == .value(.integer64(Int64(bitPattern: data.tableRowMessageID.wireValue))))
                    #expect(row.cells[1] == .value(.string(message.subject)))
                }
            }
            #expect(try store.searchFolderMembers(mailbox, folder: search) == model.unread(), "search members, step \(step)")
            #expect(try store.tableRowIDs(searchTable) == model.searchOrder(), "search table, step \(step)")
            #expect(replicas[searchTable]!.rows == model.searchOrder(), "search replica, step \(step)")
            #expect(try store.tableRowIDs(hierarchyTable) == model.hierarchy(below: inbox), "hierarchy, step \(step)")
            #expect(replicas[hierarchyTable]!.rows == model.hierarchy(below: inbox), "hierarchy replica, step \(step)")
            for folder in model.folders where !checkedFolders.contains(folder) {
                let (total, unread) = model.counts(folder)
                #expect(try store.folderProperties(mailbox, folder, [Tags.contentCount, Tags.contentUnreadCount])
                        == [.value(.integer32(Int32(total))), .value(.integer32(Int32(unread)))])
            }
            for folder in checkedFolders {
                let plain = defaultTables[folder]!
                let sorted = sortedTables[folder]!
                #expect(try store.tableRowIDs(plain) == model.defaultOrder(folder), "default order, step \(step)")
                #expect(try store.tableRowIDs(sorted) == model.unreadBySubject(folder), "sorted+restricted order, step \(step)")
                #expect(replicas[plain]!.rows == model.defaultOrder(folder), "replica of the default table, step \(step)")
                #expect(replicas[sorted]!.rows == model.unreadBySubject(folder), "replica of the sorted table, step \(step)")
                let (total, unread) = model.counts(folder)
                #expect(try store.folderProperties(mailbox, folder, [Tags.contentCount, Tags.contentUnreadCount])
                        == [.value(.integer32(Int32(total))), .value(.integer32(Int32(unread)))])
            }
        }
    }

    static func concernsSearch(_ kind: MailboxEvent.Kind, _ search: FolderID) -> Bool {
        switch kind {
        case let .objectCreated(ref, _, _), let .objectDeleted(ref, _), let .objectModified(ref, _, _, _):
            return ref.inSearchFolder || ref == .folder(search)
        default:
            return false
        }
    }

    /// Message ObjectModified tags depend on what a save touched; compare the rest.
    static func normalized(_ kind: MailboxEvent.Kind) -> MailboxEvent.Kind {
        if case let .objectModified(ref, _, nil, nil) = kind, ref.isMessage {
            return .objectModified(ref, tags: [], totalMessageCount: nil, unreadMessageCount: nil)
        }
        if case let .objectCreated(ref, parent, _) = kind, ref.isMessage, !ref.inSearchFolder {
            return .objectCreated(ref, parentFolderID: parent, tags: [])
        }
        return kind
    }
}
