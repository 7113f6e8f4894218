import MAPIWire
import NotificationEngine

/// Result of ``MailboxStore/queryRows(_:count:forward:advance:accept:)``.
public struct QueryRowsResult: Sendable {
    public var rows: [PropertyRow]
    /// Cursor position after the call (MS-OXCTABL 2.2.2.5.2 Origin).
    public var origin: TableOrigin
}

/// Where RopFindRow starts (MS-OXCTABL 2.2.2.14).
public enum FindRowOrigin: Sendable {
    case beginning, current, end
    case bookmark([UInt8])
}

// MARK: - Tables (MS-OXCTABL; rop-reference §6)

extension MailboxStore {
    /// Opens a contents or hierarchy table over a folder (RopGetContentsTable / RopGetHierarchyTable).
    /// The table starts with no columns, no sort (contents: newest first), no restriction, cursor
    /// at the beginning. With `notifications`, every later commit that changes its rows publishes
    /// `.tableModified(id, …)` events.
    /// `softDeletes` (TableFlags 0x20) lists only soft-deleted messages (contents tables of
    /// ordinary folders only).
    public func openTable(_ mailbox: MailboxID, folder: FolderID, kind: TableKind, notifications: Bool = true, unicode: Bool = true, softDeletes: Bool = false) throws(StoreError) -> TableID {
        try locked { () throws(StoreError) -> TableID in
            let state = try state(mailbox)
            let folderCounter = try folderCounter(state, folder)
            let isSearch = state.folders[folderCounter]?.isSearchFolder ?? false
            if isSearch, kind != .contents(associated: false) {
                if case .hierarchy = kind {} else { throw .notSupported }
            }
            if softDeletes {
                guard case .contents = kind, !isSearch else { throw .notSupported }
            }
            let id = TableID(nextTableID)
            nextTableID += 1
            let table = TableState(id: id, mailbox: mailbox, folderID: folderCounter, kind: kind,
                                   isSearchFolder: isSearch && kind == .contents(associated: false), softDeletes: softDeletes,
                                   notifications: notifications, unicode: unicode)
            refill(state, table)
            state.tables[id] = table
            tableOwners[id] = mailbox
            return id
        }
    }

    /// RopRelease of a table.
    public func closeTable(_ id: TableID) {
        lock.lock(); defer { lock.unlock() }
        if let mailbox = tableOwners.removeValue(forKey: id) { loaded[mailbox]?.tables[id] = nil }
    }

    /// Turns a table's notifications on or off (view created, RopResetTable, NoNotifications).
    public func setTableNotifications(_ id: TableID, enabled: Bool) throws(StoreError) {
        try withTable(id) { _, table throws(StoreError) in table.notificationsEnabled = enabled }
    }

    public func tableRowCount(_ id: TableID) throws(StoreError) -> Int {
        try withTable(id) { _, table throws(StoreError) in table.rows.count }
    }

    /// RopSetColumns (MS-OXCTABL 3.2.5.2).
    public func setColumns(_ id: TableID, _ columns: [PropertyTag]) throws(StoreError) {
        try withTable(id) { _, table throws(StoreError) in
            guard !columns.isEmpty else { throw .invalidParameter("no columns") }
            for tag in columns where tag.type == .unspecified || tag.type == .errorCode || (tag.type.name == nil && !tag.type.isMultiple) {
                throw .invalidParameter("column \(tag)")
            }
            table.columns = columns
        }
    }

    public func columns(_ id: TableID) throws(StoreError) -> [PropertyTag]? {
        try withTable(id) { _, table throws(StoreError) in table.columns }
    }

    /// RopSortTable without categories (MS-OXCTABL 3.2.5.3): contents tables only; resets the
    /// cursor and invalidates bookmarks.
    public func sortTable(_ id: TableID, _ orders: [SortOrder]) throws(StoreError) {
        try withTable(id) { state, table throws(StoreError) in
            guard table.isContents else { throw .notSupported }
            for order in orders where order.tag.type.rawValue & PropertyType.multivalueInstanceFlag != 0 { throw .tooComplex }
            table.sortOrders = orders
            table.generation &+= 1
            table.bookmarks = [:]
            refill(state, table)
        }
    }

    public func sortOrders(_ id: TableID) throws(StoreError) -> [SortOrder] {
        try withTable(id) { _, table throws(StoreError) in table.sortOrders }
    }

    /// RopRestrict (MS-OXCTABL 3.2.5.4); nil removes the restriction.
    public func restrictTable(_ id: TableID, _ restriction: Restriction?) throws(StoreError) {
        try withTable(id) { state, table throws(StoreError) in
            if let restriction { try RestrictionEvaluator.validate(restriction) }
            table.restriction = restriction
            table.generation &+= 1
            table.bookmarks = [:]
            refill(state, table)
        }
    }

    /// RopResetTable (MS-OXCTABL 3.2.5.16): no columns, sort or restriction; cursor at the start.
    public func resetTable(_ id: TableID) throws(StoreError) {
        try withTable(id) { state, table throws(StoreError) in
            table.columns = nil
            table.sortOrders = []
            table.restriction = nil
            table.generation &+= 1
            table.bookmarks = [:]
            refill(state, table)
        }
    }

    /// RopQueryRows (MS-OXCTABL 3.2.5.5). `accept` is asked for each row in turn and returns false
    /// when it does not fit the response; reading stops there. Backward reads list the rows nearest
    /// the cursor first.
    public func queryRows(_ id: TableID, count: Int, forward: Bool, advance: Bool, accept: (PropertyRow) -> Bool = { _ in true }) throws(StoreError) -> QueryRowsResult {
        try withTable(id) { state, table throws(StoreError) in
            guard let columns = table.columns else { throw .noColumns }
            var rows: [PropertyRow] = []
            var position = min(table.cursor, table.rows.count)
            while rows.count < count {
                let index = forward ? position : position - 1
                guard index >= 0, index < table.rows.count else { break }
                let row = self.row(state, table, table.rows[index].id, columns)
                guard accept(row) else { break }
                rows.append(row)
                position = forward ? position + 1 : position - 1
            }
            if advance { table.cursor = position }
            let origin: TableOrigin
            if forward { origin = position >= table.rows.count ? .end : .current } else { origin = position <= 0 ? .beginning : .current }
            return QueryRowsResult(rows: rows, origin: origin)
        }
    }

    /// RopQueryPosition: (cursor index, row count).
    public func queryPosition(_ id: TableID) throws(StoreError) -> (numerator: UInt32, denominator: UInt32) {
        try withTable(id) { _, table throws(StoreError) in
            (UInt32(min(table.cursor, table.rows.count)), UInt32(table.rows.count))
        }
    }

    /// RopSeekRow (MS-OXCTABL 3.2.5.9): moves the cursor, clamping at either end.
    public func seekRow(_ id: TableID, origin: TableOrigin, offset: Int32) throws(StoreError) -> (soughtLess: Bool, rowsSought: Int32) {
        try withTable(id) { _, table throws(StoreError) in
            let start: Int
            switch origin {
            case .beginning: start = 0
            case .current: start = min(table.cursor, table.rows.count)
            case .end: start = table.rows.count
            }
            return Self.seek(table, from: start, offset: offset)
        }
    }

    static func seek(_ table: TableState, from start: Int, offset: Int32) -> (soughtLess: Bool, rowsSought: Int32) {
        let target = start + Int(offset)
        let clamped = max(0, min(table.rows.count, target))
        table.cursor = clamped
        return (clamped != target, Int32(clamped - start))
    }

    /// RopSeekRowFractional (MS-OXCTABL 3.2.5.11).
    public func seekRowFractional(_ id: TableID, numerator: UInt32, denominator: UInt32) throws(StoreError) {
        try withTable(id) { _, table throws(StoreError) in
            guard denominator != 0 else { throw .invalidParameter("denominator 0") }
            if numerator == 0 { table.cursor = 0; return }
            if numerator >= denominator { table.cursor = table.rows.count; return }
            table.cursor = Int((UInt64(numerator) * UInt64(table.rows.count) + UInt64(denominator) / 2) / UInt64(denominator))
        }
    }

    /// RopCreateBookmark: an opaque 16-byte blob (sort/restrict generation, bookmark number, table id),
    /// so a bookmark of another table or of an older sort is recognised as invalid.
    public func createBookmark(_ id: TableID) throws(StoreError) -> [UInt8] {
        try withTable(id) { _, table throws(StoreError) in Self.bookmark(table, at: table.cursor) }
    }

    /// RopFreeBookmark.
    public func freeBookmark(_ id: TableID, _ bookmark: [UInt8]) throws(StoreError) {
        try withTable(id) { _, table throws(StoreError) in
            let number = try Self.bookmarkNumber(table, bookmark)
            table.bookmarks[number] = nil
        }
    }

    static func bookmarkNumber(_ table: TableState, _ bookmark: [UInt8]) throws(StoreError) -> UInt32 {
        var reader = ByteReader(bookmark)
        guard bookmark.count == 16,
              let generation = try? reader.readUInt32("generation"), let number = try? reader.readUInt32("number"),
              let tableID = try? reader.readUInt64("table"), tableID == table.id.rawValue,
              generation == table.generation, table.bookmarks[number] != nil else { throw .invalidBookmark }
        return number
    }

    /// Position of a bookmark: its row's index, or where it would be when it left the table.
    static func position(_ table: TableState, bookmark: [UInt8]) throws(StoreError) -> (index: Int, noLongerVisible: Bool) {
        let number = try bookmarkNumber(table, bookmark)
        guard let key = table.bookmarks[number] else { throw .invalidBookmark }
        if key.id == 0 { return (table.rows.count, false) }
        if let index = table.index(of: key.id) { return (index, false) }
        return (table.lowerBound(key), true)
    }

    /// RopSeekRowBookmark (MS-OXCTABL 3.2.5.10).
    public func seekRowBookmark(_ id: TableID, bookmark: [UInt8], offset: Int32) throws(StoreError) -> (noLongerVisible: Bool, soughtLess: Bool, rowsSought: Int32) {
        try withTable(id) { _, table throws(StoreError) in
            guard table.columns != nil else { throw .noColumns }
            let (start, gone) = try Self.position(table, bookmark: bookmark)
            let (less, sought) = Self.seek(table, from: start, offset: offset)
            return (gone, less, sought)
        }
    }

    /// RopFindRow (MS-OXCTABL 3.2.5.14): the first row from `origin` (backwards: before it) that
    /// matches; the cursor moves onto it. No match → ``StoreError/notFound``.
    public func findRow(_ id: TableID, restriction: Restriction, origin: FindRowOrigin, backward: Bool) throws(StoreError) -> (noLongerVisible: Bool, row: PropertyRow) {
        try withTable(id) { state, table throws(StoreError) in
            guard let columns = table.columns else { throw .noColumns }
            try RestrictionEvaluator.validate(restriction)
            var start: Int
            var gone = false
            switch origin {
            case .beginning: start = 0
            case .current: start = min(table.cursor, table.rows.count)
            case .end: start = table.rows.count
            case let .bookmark(bytes): (start, gone) = try Self.position(table, bookmark: bytes)
            }
            var index = backward ? start - 1 : start
            while index >= 0 && index < table.rows.count {
                let rowID = table.rows[index].id
                if self.matches(state, table, rowID, restriction) {
                    table.cursor = index
                    return (gone, self.row(state, table, rowID, columns))
                }
                index += backward ? -1 : 1
            }
            throw .notFound
        }
    }

    /// RopQueryColumnsAll: every property any row of the table has, computed ones included.
    public func queryColumnsAll(_ id: TableID) throws(StoreError) -> [PropertyTag] {
        try withTable(id) { state, table throws(StoreError) in
            var tags: [PropertyTag] = table.isContents
                ? [Tags.mid, Tags.parentFolderID, Tags.instID, Tags.instanceNum, Tags.rowType, Tags.depth, Tags.instanceKey,
                   Tags.messageFlags, Tags.messageSize, Tags.creationTime, Tags.lastModificationTime, Tags.changeNumber, Tags.changeKey,
                   Tags.associated, Tags.read, Tags.displayTo, Tags.displayCc, Tags.displayBcc, Tags.hasAttachments]
                : [Tags.folderID, Tags.parentFolderID, Tags.instID, Tags.instanceNum, Tags.rowType, Tags.depth, Tags.instanceKey,
                   Tags.contentCount, Tags.contentUnreadCount, Tags.associatedContentCount, Tags.subfolders, Tags.folderChildCount,
                   Tags.messageSize, Tags.folderType, Tags.creationTime, Tags.lastModificationTime, Tags.changeNumber]
            var known = Set(tags.map(\.id))
            for key in table.rows.all() {
                let bag = table.isContents ? state.messages[key.id]?.properties : state.folders[key.id]?.properties
                for tag in (bag ?? [:]).keys.sorted(by: { $0.rawValue < $1.rawValue }) where known.insert(tag.id).inserted { tags.append(tag) }
            }
            return tags
        }
    }

    /// The ids listed by a table, in its order (FIDs for hierarchy tables, MIDs for contents tables).
    public func tableRowIDs(_ id: TableID) throws(StoreError) -> [ObjectID] {
        try withTable(id) { state, table throws(StoreError) in table.rows.all().map { state.objectID($0.id) } }
    }

    /// Every row of the table in its current columns (tests, benchmarks: the store's raw read).
    public func tableRows(_ id: TableID, columns: [PropertyTag]) throws(StoreError) -> [PropertyRow] {
        try withTable(id) { state, table throws(StoreError) in table.rows.all().map { self.row(state, table, $0.id, columns) } }
    }

    // MARK: Internals (lock held)

    func withTable<T>(_ id: TableID, _ body: (MailboxState, TableState) throws(StoreError) -> T) throws(StoreError) -> T {
        try locked { () throws(StoreError) -> T in
            guard let mailbox = tableOwners[id], let state = loaded[mailbox], let table = state.tables[id] else { throw .notFound }
            return try body(state, table)
        }
    }

    /// A property of a row, as the table presents it.
    func rowValue(_ state: MailboxState, _ table: TableState, _ id: UInt64, _ tagID: UInt16) -> PropertyValue? {
        if table.isContents {
            guard let message = state.messages[id] else { return nil }
            return state.messageValue(message, tagID)
        }
        guard let folder = state.folders[id] else { return nil }
        if tagID == Tags.depth.id { return .integer32(Int32(state.depth(of: id, below: table.folderID) ?? 1)) }
        return state.folderValue(folder, tagID)
    }

    /// A row in `columns`. Values longer than 510 bytes are truncated, as table rows carry them
    /// (MS-OXCTABL 2.2.2.5.2), which also keeps every TableRowData far below its 65,535-byte limit
    /// for sane column sets.
    func row(_ state: MailboxState, _ table: TableState, _ id: UInt64, _ columns: [PropertyTag]) -> PropertyRow {
        PropertyRow(cells: columns.map { tag in
            switch PropertyAccess.cell(tag, unicode: table.unicode, { rowValue(state, table, id, $0) }) {
            case let .value(value): .value(Self.truncatedForTable(value))
            case let other: other
            }
        })
    }

    static let maximumTableValueSize = 510

    static func truncatedForTable(_ value: PropertyValue) -> PropertyValue {
        switch value {
        case let .string(s) where s.utf16.count > maximumTableValueSize / 2:
            var units = Array(s.utf16.prefix(maximumTableValueSize / 2))
            // Never cut a surrogate pair in half.
            if let last = units.last, UTF16.isLeadSurrogate(last) { units.removeLast() }
            return .string(String(decoding: units, as: UTF16.self))
        case let .string8(b) where b.count > maximumTableValueSize: return .string8(Array(b.prefix(maximumTableValueSize)))
        case let .binary(b) where b.count > maximumTableValueSize: return .binary(Array(b.prefix(maximumTableValueSize)))
        default: return value
        }
    }

    func matches(_ state: MailboxState, _ table: TableState, _ id: UInt64, _ restriction: Restriction) -> Bool {
        if table.isContents, let message = state.messages[id] { return messageMatches(state, message, restriction) }
        return RestrictionEvaluator.matches(restriction, lookup: { rowValue(state, table, id, $0) })
    }

    func messageMatches(_ state: MailboxState, _ message: MessageRecord, _ restriction: Restriction) -> Bool {
        RestrictionEvaluator.matches(restriction, lookup: { state.messageValue(message, $0) }, subObjects: { tag in
            guard tag.id == Tags.messageRecipients.id else { return [] }
            return message.recipients.map { recipient in
                var bag = recipient.properties
                bag[Tags.rowid] = .integer32(Int32(bitPattern: recipient.rowID))
                bag[Tags.recipientType] = .integer32(Int32(recipient.recipientType))
                return bag
            }
        })
    }

    /// The key of an object in a table, or nil when the table does not list it.
    func key(_ state: MailboxState, _ table: TableState, _ id: UInt64) -> RowKey? {
        switch table.kind {
        case let .contents(associated):
            guard let message = state.messages[id], message.isSoftDeleted == table.softDeletes else { return nil }
            if table.isSearchFolder {
                guard state.searchMembers[table.folderID]?.contains(id) == true else { return nil }
            } else {
                guard message.folderID == table.folderID, message.isAssociated == associated else { return nil }
            }
            if let restriction = table.restriction, !messageMatches(state, message, restriction) { return nil }
            let values: [PropertyValue?]
            if table.sortOrders.isEmpty {
                values = [state.messageValue(message, Tags.messageDeliveryTime.id) ?? .time(message.lastModificationTime)]
            } else {
                values = table.sortOrders.map { PropertyOrdering.sortKey(state.messageValue(message, $0.tag.id)) }
            }
            return RowKey(values: values, path: [], id: id)
        case let .hierarchy(fullDepth):
            guard let folder = state.folders[id], id != table.folderID else { return nil }
            if fullDepth {
                guard state.isAncestor(table.folderID, of: folder.parentID) else { return nil }
            } else {
                guard folder.parentID == table.folderID else { return nil }
            }
            if let restriction = table.restriction, !matches(state, table, id, restriction) { return nil }
            return RowKey(values: [], path: fullDepth ? state.path(of: id, below: table.folderID) : [], id: id)
        }
    }

    /// Recomputes every row of a table from the folder (open, sort, restrict, reset, rebuild).
    func refill(_ state: MailboxState, _ table: TableState) {
        var ids: [UInt64]
        switch table.kind {
        case .contents:
            if table.isSearchFolder {
                ids = Array(state.searchMembers[table.folderID] ?? [])
            } else {
                ids = Array((table.softDeletes ? state.softDeleted[table.folderID] : state.contents[table.folderID]) ?? [])
            }
        case let .hierarchy(fullDepth):
            ids = fullDepth ? Array(state.subtree(table.folderID).dropFirst()) : Array(state.children[table.folderID] ?? [])
        }
        table.reload(ids.compactMap { key(state, table, $0) })
    }

    /// Brings a table up to date with the objects a commit touched and returns its events:
    /// exact row events, or one TableChanged above the threshold (MS-OXCNOTIF 3.1.4.3).
    func applyDeltas(_ state: MailboxState, _ table: TableState, candidates: [UInt64]) -> [MailboxEvent.Kind] {
        var changes: [(id: UInt64, wasListed: Bool, key: RowKey?)] = []
        for id in candidates {
            let wasListed = table.keys[id] != nil
            let key = key(state, table, id)
            if !wasListed && key == nil { continue }
            changes.append((id, wasListed, key))
        }
        guard !changes.isEmpty else { return [] }
        let notify = table.notificationsEnabled
        if changes.count > configuration.tableChangedThreshold {
            for change in changes {
                if change.wasListed { table.remove(change.id) }
                if let key = change.key { table.insert(key) }
            }
            return notify ? [.tableModified(table.id, .tableEvent(.tableChanged, contents: table.isContents, searchFolder: table.isSearchFolder))] : []
        }
        var kinds: [MailboxEvent.Kind] = []
        var rowTooLarge = false
        let columns = table.columns ?? []
        for change in changes {
            if change.wasListed { table.remove(change.id) }
            let folderOfRow: (UInt64) -> FolderID = { rowID in
                table.isContents ? state.objectID(state.messages[rowID]?.folderID ?? table.folderID) : state.objectID(rowID)
            }
            guard let key = change.key else {
                guard notify else { continue }
                // Contents rows: the folder the table lists (the message may be gone or moved).
                let folder = state.objectID(table.isContents ? table.folderID : change.id)
                kinds.append(.tableModified(table.id, .tableRowDeleted(
                    contents: table.isContents, searchFolder: table.isSearchFolder, folderID: folder,
                    messageID: table.isContents ? state.objectID(change.id) : .zero)))
                continue
            }
            let (_, predecessor) = table.insert(key)
            guard notify else { continue }
            var rowData: [UInt8] = []
            row(state, table, change.id, columns).encode(columns: columns, into: &rowData)
            if rowData.count > Int(UInt16.max) {
                // The row cannot travel in TableRowData: tell the client to re-read instead.
                rowTooLarge = true
                continue
            }
            let previous = predecessor?.id
            kinds.append(.tableModified(table.id, .tableRow(
                change.wasListed ? .tableRowModified : .tableRowAdded, contents: table.isContents, searchFolder: table.isSearchFolder,
                folderID: folderOfRow(change.id), messageID: table.isContents ? state.objectID(change.id) : .zero,
                insertAfterFolderID: previous.map(folderOfRow) ?? .zero,
                insertAfterMessageID: table.isContents ? (previous.map(state.objectID) ?? .zero) : .zero,
                rowData: rowData)))
        }
        if rowTooLarge {
            return [.tableModified(table.id, .tableEvent(.tableChanged, contents: table.isContents, searchFolder: table.isSearchFolder))]
        }
        return kinds
    }
}
