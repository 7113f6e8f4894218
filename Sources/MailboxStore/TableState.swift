import MAPIWire
import NotificationEngine

/// What an open table lists (MS-OXCFOLD 2.2.1.13, 2.2.1.14).
public enum TableKind: Hashable, Sendable {
    /// Messages directly in the folder: normal ones, or FAI ones when `associated` (TableFlags 0x02).
    case contents(associated: Bool)
    /// Subfolders: direct children, or every descendant when `fullDepth` (TableFlags 0x04).
    case hierarchy(fullDepth: Bool)
}

/// One SortOrder of RopSortTable (MS-OXCDATA 2.13.1).
public struct SortOrder: Hashable, Sendable {
    public var tag: PropertyTag
    public var descending: Bool
    public init(tag: PropertyTag, descending: Bool) {
        self.tag = tag
        self.descending = descending
    }
}

/// BOOKMARK_BEGINNING / CURRENT / END (MS-OXCTABL 2.2.2.1.1).
public enum TableOrigin: UInt8, Sendable {
    case beginning = 0x00
    case current = 0x01
    case end = 0x02
}

/// A row's place in its table's order: the sort-column values, then a tie-break — the FID path for
/// full-depth hierarchy rows, else the id itself (`path` empty, no allocation) — so the order is
/// total.
struct RowKey: Hashable {
    var values: [PropertyValue?]
    var path: [UInt64]
    var id: UInt64
}

/// The live state of one open table: settings, the sorted row keys (kept up to date after every
/// commit), cursor and bookmarks.
final class TableState {
    let id: TableID
    let mailbox: MailboxID
    let folderID: UInt64
    let kind: TableKind
    let isSearchFolder: Bool
    /// Lists soft-deleted rows only (TableFlags SoftDeletes 0x20).
    let softDeletes: Bool
    var notificationsEnabled: Bool
    var unicode: Bool
    var columns: [PropertyTag]?
    var sortOrders: [SortOrder] = [] {
        didSet { sortOrdersChanged() }
    }
    var restriction: Restriction?
    /// Sorted row keys; `keys` maps each listed object to its key.
    var rows = SortedRowList()
    var keys: [UInt64: RowKey] = [:]
    /// 0…rows.count (rows.count = after the last row).
    var cursor = 0
    var bookmarks: [UInt32: RowKey] = [:]
    var nextBookmark: UInt32 = 1
    /// Bumped by sort/restrict/reset: bookmarks of an older generation are invalid.
    var generation: UInt32 = 1

    /// Sorts keys into table order. The default contents order (time, then MID, both descending)
    /// sorts plain integers — every RopGetContentsTable pays this sort.
    static func sortedKeys(_ keys: [RowKey], newestFirst: Bool, compare: (RowKey, RowKey) -> Int) -> [RowKey] {
        if newestFirst {
            var decorated: [(time: UInt64, id: UInt64, index: Int)] = []
            decorated.reserveCapacity(keys.count)
            for (index, key) in keys.enumerated() {
                guard key.path.isEmpty, case let .time(time)?? = key.values.first else {
                    return keys.sorted { compare($0, $1) < 0 }
                }
                decorated.append((time, key.id, index))
            }
            decorated.sort { $0.time != $1.time ? $0.time > $1.time : $0.id > $1.id }
            return decorated.map { keys[$0.index] }
        }
        return keys.sorted { compare($0, $1) < 0 }
    }

    /// Replaces every row (initial fill, new sort or restriction).
    func reload(_ keys: [RowKey]) {
        let sorted = Self.sortedKeys(keys, newestFirst: isContents && sortOrders.isEmpty, compare: compare)
        rows = SortedRowList(sorted: sorted)
        self.keys = Dictionary(uniqueKeysWithValues: sorted.map { ($0.id, $0) })
        cursor = 0
    }

    init(id: TableID, mailbox: MailboxID, folderID: UInt64, kind: TableKind, isSearchFolder: Bool, softDeletes: Bool, notifications: Bool, unicode: Bool) {
        self.softDeletes = softDeletes
        self.id = id
        self.mailbox = mailbox
        self.folderID = folderID
        self.kind = kind
        self.isSearchFolder = isSearchFolder
        self.notificationsEnabled = notifications
        self.unicode = unicode
    }

    var isContents: Bool { if case .contents = kind { true } else { false } }

    // Unsorted contents tables list newest first (delivery time, else last modification; newer MID
    // first on ties), as Exchange does; sorted ones break ties by ascending MID; hierarchy tables
    // follow the FID (path).
    /// The row order, rebuilt whenever the sort changes. It captures plain values only, so the hot
    /// comparison never reads (and access-checks) the table's mutable properties.
    private(set) lazy var compare: (RowKey, RowKey) -> Int = Self.makeComparator(isContents: isContents, sortOrders: sortOrders)

    func sortOrdersChanged() {
        compare = Self.makeComparator(isContents: isContents, sortOrders: sortOrders)
    }

    static func makeComparator(isContents: Bool, sortOrders: [SortOrder]) -> (RowKey, RowKey) -> Int {
        let newestFirst = isContents && sortOrders.isEmpty
        let descending = sortOrders.map(\.descending)
        let tieBreakDescending = newestFirst
        return { a, b in
            if newestFirst {
                let order = PropertyOrdering.keyCompare(a.values.first ?? nil, b.values.first ?? nil)
                if order != 0 { return -order }
            } else {
                for index in descending.indices {
                    let order = PropertyOrdering.keyCompare(a.values[index], b.values[index])
                    if order != 0 { return descending[index] ? -order : order }
                }
            }
            if a.path.isEmpty && b.path.isEmpty {
                guard a.id != b.id else { return 0 }
                let order = a.id < b.id ? -1 : 1
                return tieBreakDescending ? -order : order
            }
            for (p, q) in zip(a.path, b.path) where p != q {
                let order = p < q ? -1 : 1
                return tieBreakDescending ? -order : order
            }
            if a.path.count != b.path.count {
                let order = a.path.count < b.path.count ? -1 : 1
                return tieBreakDescending ? -order : order
            }
            return 0
        }
    }

    /// First index whose key is not before `key`.
    func lowerBound(_ key: RowKey) -> Int { rows.lowerBound(key, compare) }

    /// Index of a listed object's row.
    func index(of id: UInt64) -> Int? {
        guard let key = keys[id] else { return nil }
        let index = rows.lowerBound(key, compare)
        return index < rows.count && rows[index].id == id ? index : nil
    }

    /// Inserts a row; returns its index and the row now preceding it (the InsertAfter anchor).
    @discardableResult
    func insert(_ key: RowKey) -> (index: Int, predecessor: RowKey?) {
        let result = rows.insert(key, compare)
        keys[key.id] = key
        if result.index < cursor { cursor += 1 }
        return result
    }

    @discardableResult
    func remove(_ id: UInt64) -> Int? {
        guard let key = keys[id], let index = rows.remove(key, compare) else { return nil }
        keys[id] = nil
        if index < cursor { cursor -= 1 }
        return index
    }
}
