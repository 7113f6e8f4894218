import MAPIWire

/// How an entry takes part in coalescing.
enum EntryKind: Hashable {
    case plain
    /// ObjectModified about `object` (the MessageId, else the FolderId, as its wire value).
    case objectModified(object: UInt64)
    /// TableRowAdded / Deleted / Modified of a table.
    case tableRow(TableFlavor)
    /// TableChanged of a table (from the store, or synthesized by a collapse).
    case tableChanged(TableFlavor)
}

/// What a synthesized TableChanged of a table says in its NotificationFlags (MS-OXCNOTIF
/// 2.2.1.4.1.2): M for contents tables, M and S for a search folder's contents table. The raw value
/// is the queue entry's key.
enum TableFlavor: UInt64 {
    case hierarchy = 0
    case contents = 1
    case searchContents = 3
}

/// One pending RopNotify: the shared payload plus what makes it this subscriber's.
struct QueueEntry {
    enum Role: UInt8 { case plain, objectModified, tableRow, tableChanged }

    /// nil marks a tombstone: an entry superseded by a later one, skipped by packing.
    var payload: EncodedNotification?
    var handle: UInt32
    var logonID: UInt8
    var role: Role
    /// RopNotify wire size, kept here (in what would be padding) so packing can measure without
    /// touching the payload; 0xFFFF means "look at the payload".
    var wireSize: UInt16 = 0
    /// ObjectModified: the object's id; table roles: the table's ``TableFlavor``.
    var key: UInt64

    init(payload: EncodedNotification?, handle: UInt32, logonID: UInt8, role: Role, key: UInt64) {
        self.payload = payload
        self.handle = handle
        self.logonID = logonID
        self.role = role
        self.key = key
        wireSize = payload.map { UInt16(clamping: $0.ropNotifySize) } ?? 0
    }

    @inline(__always)
    var size: Int { wireSize == 0xFFFF ? (payload?.ropNotifySize ?? 0) : Int(wireSize) }

    static let empty = QueueEntry(payload: nil, handle: 0, logonID: 0, role: .plain, key: 0)
}

/// A subscription or table as addressed by RopNotify (NotificationHandle + LogonId).
struct HandleKey: Hashable {
    var handle: UInt32
    var logonID: UInt8
}

struct ObjectKey: Hashable {
    var handle: UInt32
    var logonID: UInt8
    var object: UInt64
}

/// What one table has pending in this queue.
struct PendingTable {
    /// Positions of its pending row events, oldest first (never more than the collapse threshold).
    var rows: [UInt64] = []
    /// Position of its pending TableChanged, if any.
    var changed: UInt64?
    var flavor: TableFlavor
    var isEmpty: Bool { rows.isEmpty && changed == nil }
}

/// Limits a queue enforces (from ``EngineConfiguration``).
struct QueueLimits {
    var maxEntries: Int
    var maxBytes: Int
    var tableRowThreshold: Int
}

/// The pending notifications of one session context: a FIFO ring of entries with absolute
/// positions, tombstones for superseded entries, and O(1) indexes for coalescing.
///
/// Order rule ("order is sacred", design-notes): the live entries are always a subsequence of the
/// entries appended, in append order. Coalescing removes the *older* entry and appends the newer one
/// at the tail — never moves an entry forward, never re-queues one.
struct NotificationQueue {
    private var storage = ContiguousArray<QueueEntry>()
    /// Absolute position of the first slot in use (live whenever `count > 0`).
    private(set) var head: UInt64 = 0
    /// Absolute position the next entry gets.
    private(set) var tail: UInt64 = 0
    /// Live entries.
    private(set) var count = 0
    /// Wire bytes of the live entries.
    private(set) var byteCount = 0
    private var modifiedIndex: [ObjectKey: UInt64] = [:]
    private var tables: [HandleKey: PendingTable] = [:]

    var isEmpty: Bool { count == 0 }

    /// Ring capacity kept after a drain (8 × 24 bytes).
    static let retainedCapacity = 8

    @inline(__always)
    private func slot(_ position: UInt64) -> Int { Int(truncatingIfNeeded: position) & (storage.count - 1) }

    // MARK: Enqueue

    /// Appends a notification, coalescing and collapsing as the rules require. Returns false when it
    /// was dropped at the limit (counted in `metrics`).
    @discardableResult
    mutating func enqueue(
        _ payload: EncodedNotification, handle: UInt32, logonID: UInt8, kind: EntryKind,
        limits: QueueLimits, metrics: inout EngineMetrics
    ) -> Bool {
        let handleKey = HandleKey(handle: handle, logonID: logonID)
        switch kind {
        case .plain:
            return appendWithinLimits(QueueEntry(payload: payload, handle: handle, logonID: logonID, role: .plain, key: 0),
                                      limits: limits, metrics: &metrics)
        case let .objectModified(object):
            let key = ObjectKey(handle: handle, logonID: logonID, object: object)
            if let old = modifiedIndex[key] {
                tombstone(old, metrics: &metrics)
                metrics.objectModifiedCoalesced += 1
            }
            return appendWithinLimits(QueueEntry(payload: payload, handle: handle, logonID: logonID, role: .objectModified, key: object),
                                      limits: limits, metrics: &metrics)
        case let .tableRow(flavor):
            if let table = tables[handleKey], table.changed != nil || table.rows.count >= limits.tableRowThreshold {
                // Already collapsed, or about to be: the row folds into a TableChanged at the tail.
                metrics.tableRowsCollapsed += 1
                collapseTable(handleKey, flavor: flavor, including: payload.publishedAt, metrics: &metrics)
                return true
            }
            return appendWithinLimits(QueueEntry(payload: payload, handle: handle, logonID: logonID, role: .tableRow, key: flavor.rawValue),
                                      limits: limits, metrics: &metrics)
        case let .tableChanged(flavor):
            // A TableChanged supersedes everything the table had pending; the client's view has been
            // stale since the oldest of those, so latency counts from there.
            let stale = Self.earliest(removeTableEntries(handleKey, metrics: &metrics), payload.publishedAt)
            append(QueueEntry(payload: payload.republished(at: stale ?? payload.publishedAt), handle: handle, logonID: logonID,
                              role: .tableChanged, key: flavor.rawValue))
            metrics.entriesQueued += 1
            return true
        }
    }

    private mutating func appendWithinLimits(_ entry: QueueEntry, limits: QueueLimits, metrics: inout EngineMetrics) -> Bool {
        let size = entry.size
        if count + 1 > limits.maxEntries || byteCount + size > limits.maxBytes {
            metrics.queueOverflows += 1
            // Degrade, do not drop: every table's pending rows become one TableChanged each.
            for key in tables.keys where !(tables[key]?.rows.isEmpty ?? true) {
                collapseTable(key, flavor: tables[key]?.flavor ?? .hierarchy, including: nil, metrics: &metrics)
            }
            if entry.role == .tableRow {
                metrics.tableRowsCollapsed += 1
                collapseTable(HandleKey(handle: entry.handle, logonID: entry.logonID), flavor: TableFlavor(rawValue: entry.key) ?? .hierarchy,
                              including: entry.payload?.publishedAt, metrics: &metrics)
                return true
            }
            if count + 1 > limits.maxEntries || byteCount + size > limits.maxBytes {
                metrics.entriesDropped += 1
                return false
            }
        }
        append(entry)
        metrics.entriesQueued += 1
        return true
    }

    /// Replaces everything `table` has pending by one TableChanged at the tail. TableChanged entries
    /// may exceed the limits: there is at most one per open table.
    ///
    /// The TableChanged shares the static bytes but carries the publication time of the oldest entry
    /// it replaces (or of `incoming`, the row event folding into it, when that is older or alone):
    /// the client's view has been stale since then.
    private mutating func collapseTable(_ table: HandleKey, flavor: TableFlavor, including incoming: EngineTime?, metrics: inout EngineMetrics) {
        metrics.tableRowsCollapsed += UInt64(tables[table]?.rows.count ?? 0)
        let stale = Self.earliest(removeTableEntries(table, metrics: &metrics), incoming) ?? .zero
        append(QueueEntry(payload: EncodedNotification.tableChanged(flavor, publishedAt: stale), handle: table.handle,
                          logonID: table.logonID, role: .tableChanged, key: flavor.rawValue))
        metrics.tableChangedSynthesized += 1
        metrics.entriesQueued += 1
    }

    /// The table's view changed (columns, sort, restriction): its pending row events no longer fit
    /// it, so when it has any they become one TableChanged. Nothing pending → nothing queued.
    mutating func supersedePendingRows(handle: UInt32, logonID: UInt8, flavor: TableFlavor, metrics: inout EngineMetrics) {
        let key = HandleKey(handle: handle, logonID: logonID)
        guard let pending = tables[key], !pending.rows.isEmpty else { return }
        collapseTable(key, flavor: flavor, including: nil, metrics: &metrics)
    }

    /// Tombstones the table's pending entries; returns the oldest publication time among them.
    @discardableResult
    private mutating func removeTableEntries(_ table: HandleKey, metrics: inout EngineMetrics) -> EngineTime? {
        guard let pending = tables[table] else { return nil }
        var oldest: EngineTime?
        for position in pending.rows {
            oldest = Self.earliest(oldest, publishedAt(position))
            tombstone(position, metrics: &metrics)
        }
        if let changed = pending.changed {
            oldest = Self.earliest(oldest, publishedAt(changed))
            tombstone(changed, metrics: &metrics)
        }
        return oldest
    }

    private func publishedAt(_ position: UInt64) -> EngineTime? {
        guard position >= head, position < tail else { return nil }
        return storage[slot(position)].payload?.publishedAt
    }

    private static func earliest(_ a: EngineTime?, _ b: EngineTime?) -> EngineTime? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    private mutating func append(_ entry: QueueEntry) {
        if tail - head == UInt64(storage.count) { makeRoom() }
        let position = tail
        storage[slot(position)] = entry
        tail += 1
        count += 1
        byteCount += entry.size
        index(entry, at: position)
    }

    private mutating func index(_ entry: QueueEntry, at position: UInt64) {
        switch entry.role {
        case .plain: break
        case .objectModified:
            modifiedIndex[ObjectKey(handle: entry.handle, logonID: entry.logonID, object: entry.key)] = position
        case .tableRow:
            tables[HandleKey(handle: entry.handle, logonID: entry.logonID), default: PendingTable(flavor: TableFlavor(rawValue: entry.key) ?? .hierarchy)]
                .rows.append(position)
        case .tableChanged:
            tables[HandleKey(handle: entry.handle, logonID: entry.logonID), default: PendingTable(flavor: TableFlavor(rawValue: entry.key) ?? .hierarchy)]
                .changed = position
        }
    }

    /// Grows the ring, or squeezes out tombstones when they fill at least half of it. Squeezing
    /// renumbers positions, so the indexes are rebuilt; both are amortised O(1) per append.
    private mutating func makeRoom() {
        let span = Int(tail - head)
        if span >= 16, span - count >= span / 2 {
            var live = ContiguousArray<QueueEntry>()
            live.reserveCapacity(count)
            var position = head
            while position < tail {
                let entry = storage[slot(position)]
                if entry.payload != nil { live.append(entry) }
                position += 1
            }
            modifiedIndex.removeAll(keepingCapacity: true)
            tables.removeAll(keepingCapacity: true)
            for offset in 0..<storage.count { storage[offset] = .empty }
            tail = head
            count = 0
            byteCount = 0
            for entry in live { append(entry) }
            return
        }
        let newCapacity = Swift.max(4, storage.count * 2)
        var grown = ContiguousArray<QueueEntry>(repeating: .empty, count: newCapacity)
        var position = head
        while position < tail {
            grown[Int(truncatingIfNeeded: position) & (newCapacity - 1)] = storage[slot(position)]
            position += 1
        }
        storage = grown
    }

    // MARK: Removal

    /// Turns the live entry at `position` into a tombstone and unindexes it.
    private mutating func tombstone(_ position: UInt64, metrics: inout EngineMetrics) {
        guard position >= head, position < tail else { return }
        let index = slot(position)
        let entry = storage[index]
        guard let payload = entry.payload else { return }
        storage[index].payload = nil
        count -= 1
        byteCount -= payload.ropNotifySize
        unindex(entry, at: position)
        trimHead()
    }

    private mutating func unindex(_ entry: QueueEntry, at position: UInt64) {
        switch entry.role {
        case .plain: break
        case .objectModified:
            let key = ObjectKey(handle: entry.handle, logonID: entry.logonID, object: entry.key)
            if modifiedIndex[key] == position { modifiedIndex[key] = nil }
        case .tableRow, .tableChanged:
            let key = HandleKey(handle: entry.handle, logonID: entry.logonID)
            guard var table = tables[key] else { return }
            if entry.role == .tableRow {
                if let at = table.rows.firstIndex(of: position) { table.rows.remove(at: at) }
            } else if table.changed == position {
                table.changed = nil
            }
            tables[key] = table.isEmpty ? nil : table
        }
    }

    private mutating func trimHead() {
        while head < tail, storage[slot(head)].payload == nil { head += 1 }
        if count == 0, storage.count > Self.retainedCapacity {
            // Drained after a burst: free the large ring. A small one is kept, so steady traffic
            // (one event, one poll) allocates nothing per receiving session.
            storage = []
            head = tail
        }
    }

    /// Removes every entry addressed to (handle, logon id): its subscription or table was released
    /// or reset. O(queue length); releases are rare.
    mutating func purge(handle: UInt32, logonID: UInt8, metrics: inout EngineMetrics) {
        var position = head
        while position < tail, !storage.isEmpty {
            let entry = storage[slot(position)]
            if entry.payload != nil, entry.handle == handle, entry.logonID == logonID {
                tombstone(position, metrics: &metrics)
                metrics.entriesPurged += 1
            }
            position += 1
        }
    }

    mutating func removeAll() {
        self = NotificationQueue()
    }

    // MARK: Packing

    /// Appends whole RopNotify entries in queue order while they fit in `budget` bytes, keeping
    /// `reserve` bytes free while further entries remain. An entry leaves the queue only after its
    /// bytes are written, and its commit-to-delivery latency (`now` − its payload's publication time)
    /// is recorded. Returns the number written and the bytes used.
    mutating func pack(
        into output: inout [UInt8], budget: Int, reserve: Int, now: EngineTime, metrics: inout EngineMetrics
    ) -> (entries: Int, bytes: Int) {
        guard count > 0 else { return (0, 0) }
        // Pass 1: how many entries fit (live ones in order; tombstones cost nothing).
        var used = 0
        var written = 0
        var end = head
        storage.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var position = head
            var live = count
            while position < tail, live > 0 {
                let entry = slots[Int(truncatingIfNeeded: position) & mask]
                guard entry.payload != nil else { position += 1; continue }
                let size = entry.size
                let keep = live > 1 ? reserve : 0
                guard used + size + keep <= budget else { break }
                used += size
                written += 1
                live -= 1
                position += 1
                end = position
            }
        }
        guard written > 0 else { return (0, 0) }

        // Pass 2: grow the output once, copy headers and shared payloads in place, and take each
        // written entry off the queue (its bytes are out).
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: used))
        // Latency is recorded as each entry goes out (docs/ENGINE.md "Delivery latency").
        metrics.deliveryLatency.recordDeliveries(now: now) { latency in
            output.withUnsafeMutableBytes { out in
                let mask = storage.count - 1
                var offset = start
                var position = head
                while position < end {
                    let index = Int(truncatingIfNeeded: position) & mask
                    position += 1
                    let entry = storage[index]
                    guard let payload = entry.payload else { continue }
                    out[offset] = RopNotify.ropID.rawValue
                    out.storeBytes(of: entry.handle.littleEndian, toByteOffset: offset + 1, as: UInt32.self)
                    out[offset + 5] = entry.logonID
                    offset += RopNotify.headerSize
                    payload.bytes.withUnsafeBytes { bytes in
                        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
                        (out.baseAddress! + offset).copyMemory(from: base, byteCount: bytes.count)
                    }
                    offset += payload.bytes.count
                    latency.record(publishedAt: payload.publishedAt)
                    if entry.role != .plain { unindex(entry, at: position - 1) }
                    storage[index] = .empty
                }
            }
        }
        head = end
        count -= written
        byteCount -= used
        trimHead()
        metrics.entriesDelivered += UInt64(written)
        return (written, used)
    }

    /// Live entries in order, as (handle, logon id, payload) — for tests and diagnostics.
    var entries: [(handle: UInt32, logonID: UInt8, payload: EncodedNotification)] {
        var result: [(handle: UInt32, logonID: UInt8, payload: EncodedNotification)] = []
        var position = head
        while position < tail, !storage.isEmpty {
            let entry = storage[slot(position)]
            if let payload = entry.payload { result.append((entry.handle, entry.logonID, payload)) }
            position += 1
        }
        return result
    }
}
