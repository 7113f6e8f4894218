import MAPIWire
import NotificationEngine

/// Per-folder figures derived from its messages (never stored; rebuilt on load).
struct FolderCounts: Hashable, Sendable {
    var total: UInt32 = 0
    var unread: UInt32 = 0
    var associated: UInt32 = 0
    var size: UInt64 = 0
}

/// One loaded mailbox: its records and the indexes derived from them. Mutated only inside a
/// ``Transaction`` while the store's lock is held.
final class MailboxState {
    var record: MailboxRecord
    var nextCounter: UInt64
    var nextSequence: UInt64 = 1
    var folders: [UInt64: FolderRecord] = [:]
    var messages: [UInt64: MessageRecord] = [:]
    /// Parent folder → child folders.
    var children: [UInt64: Set<UInt64>] = [:]
    /// Folder → messages directly in it (normal and associated), soft-deleted ones excluded.
    var contents: [UInt64: Set<UInt64>] = [:]
    /// Folder → its soft-deleted messages.
    var softDeleted: [UInt64: Set<UInt64>] = [:]
    var counts: [UInt64: FolderCounts] = [:]
    var special: [SpecialFolder: UInt64] = [:]
    /// Search folder → messages it links to.
    var searchMembers: [UInt64: Set<UInt64>] = [:]
    /// Open tables over this mailbox.
    var tables: [TableID: TableState] = [:]
    /// Stored properties of the Logon object (MS-OXCSTOR 2.2.2); computed ones are never in here.
    var storeProperties: PropertyBag = [:]
    /// Per-user information of public folders (MS-OXCSTOR 3.1.4.3), by folder LongTermID.
    var perUser: [LongTermID: PerUserRecord] = [:]

    init(record: MailboxRecord, nextCounter: UInt64) {
        self.record = record
        self.nextCounter = nextCounter
    }

    var replicaID: UInt16 { record.replicaID }

    func objectID(_ counter: UInt64) -> ObjectID { ObjectID(replicaID: record.replicaID, globalCounter: counter) }

    /// The counter of an id of this mailbox, or nil for another replica / zero.
    func counter(_ id: ObjectID) -> UInt64? {
        guard id.replicaID == record.replicaID, id.globalCounter != 0 else { return nil }
        return id.globalCounter
    }

    // MARK: Index maintenance (used by transactions and rollback alike)

    /// Inserts or replaces a folder, keeping the child index and counts.
    func insertFolder(_ folder: FolderRecord) {
        if let old = folders[folder.id] {
            if old.parentID != folder.parentID, old.parentID != 0 { children[old.parentID]?.remove(folder.id) }
            if let special = old.special, self.special[special] == folder.id, old.special != folder.special { self.special[special] = nil }
        }
        folders[folder.id] = folder
        if folder.parentID != 0 { children[folder.parentID, default: []].insert(folder.id) }
        if counts[folder.id] == nil { counts[folder.id] = FolderCounts() }
        if let special = folder.special { self.special[special] = folder.id }
    }

    func removeFolder(_ id: UInt64) {
        guard let folder = folders.removeValue(forKey: id) else { return }
        if folder.parentID != 0 { children[folder.parentID]?.remove(id) }
        if let special = folder.special, self.special[special] == id { self.special[special] = nil }
        counts[id] = nil
        searchMembers[id] = nil
    }

    /// Inserts or replaces a message, keeping the content index and folder counts.
    func insertMessage(_ message: MessageRecord) {
        removeMessage(message.id)
        messages[message.id] = message
        if message.isSoftDeleted {
            softDeleted[message.folderID, default: []].insert(message.id)
        } else {
            contents[message.folderID, default: []].insert(message.id)
            counts[message.folderID, default: FolderCounts()].add(message, sign: 1)
        }
    }

    func removeMessage(_ id: UInt64) {
        guard let message = messages.removeValue(forKey: id) else { return }
        if message.isSoftDeleted {
            softDeleted[message.folderID]?.remove(id)
        } else {
            contents[message.folderID]?.remove(id)
            counts[message.folderID]?.add(message, sign: -1)
        }
    }

    // MARK: Queries

    func isAncestor(_ ancestor: UInt64, of folder: UInt64) -> Bool {
        var current = folder
        var steps = 0
        while current != 0, steps < 10_000 {
            if current == ancestor { return true }
            current = folders[current]?.parentID ?? 0
            steps += 1
        }
        return false
    }

    /// The folder and every folder below it, parents before children.
    func subtree(_ root: UInt64) -> [UInt64] {
        var result: [UInt64] = []
        var stack = [root]
        while let id = stack.popLast() {
            result.append(id)
            stack.append(contentsOf: (children[id] ?? []).sorted(by: >))
        }
        return result
    }

    /// Depth of `folder` below `ancestor` (1 for a direct child), nil if not below it.
    func depth(of folder: UInt64, below ancestor: UInt64) -> Int? {
        var depth = 0
        var current = folder
        while current != 0, depth < 10_000 {
            if current == ancestor { return depth == 0 ? nil : depth }
            current = folders[current]?.parentID ?? 0
            depth += 1
        }
        return nil
    }

    /// FIDs from `ancestor` (exclusive) down to `folder` (inclusive): the full-depth hierarchy order key.
    func path(of folder: UInt64, below ancestor: UInt64) -> [UInt64] {
        var path: [UInt64] = []
        var current = folder
        while current != 0, current != ancestor, path.count < 10_000 {
            path.append(current)
            current = folders[current]?.parentID ?? 0
        }
        return path.reversed()
    }

    func childNamed(_ name: String, in parent: UInt64) -> UInt64? {
        let wanted = name.lowercased()
        for child in children[parent] ?? [] {
            if case let .string(existing)? = folders[child]?.properties[Tags.displayName], existing.lowercased() == wanted {
                return child
            }
        }
        return nil
    }
}

extension FolderCounts {
    mutating func add(_ message: MessageRecord, sign: Int) {
        let delta = UInt32(1)
        let size = UInt64(message.computedSize)
        if message.isAssociated {
            associated = sign > 0 ? associated &+ delta : associated &- delta
        } else {
            total = sign > 0 ? total &+ delta : total &- delta
            if !message.isRead { unread = sign > 0 ? unread &+ delta : unread &- delta }
            self.size = sign > 0 ? self.size &+ size : self.size &- size
        }
    }
}

extension MessageRecord {
    /// PidTagMessageSize: the encoded size of the stored properties and recipients.
    var computedSize: Int {
        var size = 0
        for (_, value) in properties { size += 4 + value.encodedSize }
        for recipient in recipients { for (_, value) in recipient.properties { size += 4 + value.encodedSize } }
        return size
    }
}
