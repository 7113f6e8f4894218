import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

/// A client-side copy of one table, maintained only from its TableModified events (MS-OXCNOTIF
/// 2.2.1.4.1.2: InsertAfter = the row now preceding this one, zero = first).
struct TableReplica {
    var ids: [ObjectID]
    let contents: Bool
    var tableChanged = false

    mutating func apply(_ data: NotificationData) {
        let id: ObjectID = contents ? data.tableRowMessageID : data.tableRowFolderID
        switch data.tableEventType {
        case .tableChanged, .tableRestrictionChanged:
            tableChanged = true
        case .tableRowDeleted:
            ids.removeAll { $0 == id }
        case .tableRowAdded, .tableRowModified:
            ids.removeAll { $0 == id }
            let anchor: ObjectID = contents ? data.insertAfterTableRowID : data.insertAfterTableRowFolderID
            if anchor == .zero {
                ids.insert(id, at: 0)
            } else if let at = ids.firstIndex(of: anchor) {
                ids.insert(id, at: at + 1)
            } else {
                Issue.record("anchor \(anchor) not in the replica")
            }
        default:
            Issue.record("unexpected table event \(data.tableEventType)")
        }
    }
}

func tableEvents(_ events: [MailboxEvent], _ table: TableID) -> [NotificationData] {
    events.compactMap(\.kind.tableData).filter { $0.0 == table }.map(\.1)
}

@Suite struct TableViewTests {
    func mailbox() throws -> (MailboxStore, CollectingSink, MailboxID, FolderID) {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "v@x", legacyExchangeDN: "/cn=v").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        return (store, sink, mailbox, inbox)
    }

    func save(_ store: MailboxStore, _ mailbox: MailboxID, _ folder: FolderID, _ values: [TaggedPropertyValue]) throws -> MessageID {
        var message = try store.createMessage(mailbox, folder: folder)
        message.setProperties(values)
        return try store.saveMessage(&message)
    }

    static func delivered(_ subject: String, at time: UInt64, importance: Int32 = 1) -> [TaggedPropertyValue] {
        [TaggedPropertyValue(tag: Tags.subject, value: .string(subject)),
         TaggedPropertyValue(tag: Tags.messageDeliveryTime, value: .time(time)),
         TaggedPropertyValue(tag: Tags.importance, value: .integer32(importance))]
    }

    /// Without RopSortTable a contents table lists newest first (delivery time); every row event's
    /// anchor is the row that precedes it in a fresh read, and a replica fed only by events stays
    /// equal to the table — for the default order and for a two-column sort (desc, asc).
    @Test func defaultAndMultiColumnOrdersWithAnchorsMatchingAFreshRead() throws {
        let (store, sink, mailbox, inbox) = try mailbox()
        let base: UInt64 = 133_000_000_000_000_000
        var ids: [MessageID] = []
        for (index, offset) in [50, 10, 30].enumerated() {
            ids.append(try save(store, mailbox, inbox, Self.delivered("s\(index)", at: base + UInt64(offset), importance: Int32(index % 2))))
        }
        let plain = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        let sorted = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        for table in [plain, sorted] { try store.setColumns(table, [Tags.mid, Tags.subject]) }
        try store.sortTable(sorted, [SortOrder(tag: Tags.importance, descending: true), SortOrder(tag: Tags.subject, descending: false)])
        #expect(try store.tableRowIDs(plain) == [ids[0], ids[2], ids[1]])
        // importance 1 first (s1), then importance 0 by subject ascending (s0, s2).
        #expect(try store.tableRowIDs(sorted) == [ids[1], ids[0], ids[2]])
        var replicas = [plain: TableReplica(ids: try store.tableRowIDs(plain), contents: true),
                        sorted: TableReplica(ids: try store.tableRowIDs(sorted), contents: true)]
        _ = sink.take()

        func check(_ change: () throws -> Void, _ label: String) throws {
            try change()
            let events = sink.take()
            for table in [plain, sorted] {
                let rows = tableEvents(events, table)
                #expect(rows.count <= 1, "one change, at most one event per table (\(label))")
                let fresh = try store.tableRowIDs(table)
                for data in rows where data.tableEventType == .tableRowAdded || data.tableEventType == .tableRowModified {
                    let index = try #require(fresh.firstIndex(of: data.tableRowMessageID))
                    #expect(data.insertAfterTableRowID == (index == 0 ? .zero : fresh[index - 1]), "anchor (\(label))")
                    #expect(data.insertAfterTableRowFolderID == (index == 0 ? .zero : inbox), "anchor folder (\(label))")
                    #expect(data.tableRowFolderID == inbox)
                }
                for data in rows { replicas[table]?.apply(data) }
                #expect(replicas[table]?.ids == fresh, "replica (\(label))")
            }
        }
        // A new message in the middle of the default order, at the top of the sorted one.
        var middle: MessageID = .zero
        try check({ middle = try save(store, mailbox, inbox, Self.delivered("a", at: base + 20, importance: 2)) }, "add middle")
        #expect(try store.tableRowIDs(plain) == [ids[0], ids[2], middle, ids[1]])
        // Newest: first in the default order (anchor zero).
        try check({ _ = try save(store, mailbox, inbox, Self.delivered("z", at: base + 90)) }, "add newest")
        // A modification that moves the row in both orders.
        try check({
            var message = try store.openMessage(mailbox, folder: inbox, message: ids[1])
            message.setProperties(Self.delivered("b", at: base + 40, importance: 0))
            try store.saveMessage(&message)
        }, "move")
        try check({ try store.setReadFlags(mailbox, folder: inbox, messages: [ids[2]], flags: 0x04) }, "read flag")
        try check({ try store.deleteMessages(mailbox, folder: inbox, messages: [ids[0]]) }, "delete")
        #expect(replicas[plain]?.tableChanged == false && replicas[sorted]?.tableChanged == false)
    }

    /// One change gives one event per table: the first save of a new message is a single
    /// TableRowAdded (no Modified after it), a re-save one TableRowModified, a delete one
    /// TableRowDeleted; the same holds for a folder in a hierarchy table.
    @Test func oneChangeOneEventPerTable() throws {
        let (store, sink, mailbox, inbox) = try mailbox()
        let contents = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        let associated = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: true))
        let hierarchy = try store.openTable(mailbox, folder: inbox, kind: .hierarchy(fullDepth: false))
        try store.setColumns(contents, [Tags.mid, Tags.subject, Tags.messageFlags])
        try store.setColumns(hierarchy, [Tags.folderID, Tags.displayName, Tags.contentCount])
        _ = sink.take()
        var message = try store.createMessage(mailbox, folder: inbox)
        #expect(tableEvents(sink.take(), contents).isEmpty, "nothing before the first save")
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("hello"))])
        try store.saveMessage(&message)
        var events = sink.take()
        #expect(tableEvents(events, contents).map(\.tableEventType) == [.tableRowAdded])
        #expect(tableEvents(events, associated).isEmpty)
        var reader = ByteReader(tableEvents(events, contents)[0].tableRowData)
        let row = try PropertyRow.decode(columns: [Tags.mid, Tags.subject, Tags.messageFlags], from: &reader)
        #expect(row.cells[1] == .value(.string("hello")))
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("again"))])
        try store.saveMessage(&message)
        #expect(tableEvents(sink.take(), contents).map(\.tableEventType) == [.tableRowModified])
        try store.deleteMessages(mailbox, folder: inbox, messages: [message.id])
        events = sink.take()
        #expect(tableEvents(events, contents).map(\.tableEventType) == [.tableRowDeleted])
        #expect(tableEvents(events, contents)[0].tableRowMessageID == message.id)
        let folder = try store.createFolder(mailbox, parent: inbox, name: "Sub").id
        events = sink.take()
        #expect(tableEvents(events, hierarchy).map(\.tableEventType) == [.tableRowAdded])
        #expect(tableEvents(events, hierarchy)[0].tableRowFolderID == folder)
        #expect(tableEvents(events, hierarchy)[0].tableRowMessageID == .zero)
        // Hierarchy notifications carry no M bit; contents ones do.
        #expect(!tableEvents(events, hierarchy)[0].flags.isMessage)
        try store.addMessage(mailbox, inbox, subject: "m")
        #expect(tableEvents(sink.take(), contents).allSatisfy { $0.flags.isMessage && !$0.flags.isSearchFolder })
    }

    /// A row that starts or stops matching a hierarchy table's restriction is an add or a delete.
    @Test func restrictedHierarchyRowsEnterAndLeave() throws {
        let (store, sink, mailbox, inbox) = try mailbox()
        let a = try store.createFolder(mailbox, parent: inbox, name: "A").id
        let table = try store.openTable(mailbox, folder: inbox, kind: .hierarchy(fullDepth: false))
        try store.setColumns(table, [Tags.folderID, Tags.contentCount])
        let nonEmpty = Restriction.property(.greaterThan, tag: Tags.contentCount, value: TaggedPropertyValue(tag: Tags.contentCount, value: .integer32(0)))
        try store.restrictTable(table, nonEmpty)
        #expect(try store.tableRowIDs(table).isEmpty)
        _ = sink.take()
        let mid = try store.addMessage(mailbox, a, subject: "x")
        var rows = tableEvents(sink.take(), table)
        #expect(rows.map(\.tableEventType) == [.tableRowAdded])
        #expect(rows[0].tableRowFolderID == a && rows[0].insertAfterTableRowFolderID == .zero)
        try store.deleteMessages(mailbox, folder: a, messages: [mid], hard: true)
        rows = tableEvents(sink.take(), table)
        #expect(rows.map(\.tableEventType) == [.tableRowDeleted])
    }

    /// FindRow from a bookmark, forwards and backwards; a bookmark whose row left the table starts
    /// the search at the next row and says so; bookmarks are per table and per sort generation.
    @Test func findRowFromBookmarks() throws {
        let (store, sink, mailbox, inbox) = try mailbox()
        var ids: [MessageID] = []
        for index in 0..<6 { ids.append(try store.addMessage(mailbox, inbox, subject: index % 2 == 0 ? "even \(index)" : "odd \(index)")) }
        let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid, Tags.subject])
        try store.sortTable(table, [SortOrder(tag: Tags.subject, descending: false)])
        // even 0, even 2, even 4, odd 1, odd 3, odd 5
        let order = try store.tableRowIDs(table)
        #expect(order == [ids[0], ids[2], ids[4], ids[1], ids[3], ids[5]])
        _ = try store.seekRow(table, origin: .beginning, offset: 2)
        let atEven4 = try store.createBookmark(table)
        let even = Restriction.content(fuzzyLevel: FuzzyLevel(low: FuzzyLevel.prefix, high: 0), tag: Tags.subject,
                                       value: TaggedPropertyValue(tag: Tags.subject, value: .string("even")))
        let odd = Restriction.content(fuzzyLevel: FuzzyLevel(low: FuzzyLevel.prefix, high: 0), tag: Tags.subject,
                                      value: TaggedPropertyValue(tag: Tags.subject, value: .string("odd")))
        _ = try store.seekRow(table, origin: .end, offset: 0)
        // Forwards from the bookmark: the bookmarked row itself is examined.
        var found = try store.findRow(table, restriction: even, origin: .bookmark(atEven4), backward: false)
        #expect(!found.noLongerVisible && found.row.cells[0] == .value(.integer64(Int64(bitPattern: ids[4].wireValue))))
        #expect(try store.queryPosition(table).numerator == 2)
        found = try store.findRow(table, restriction: odd, origin: .bookmark(atEven4), backward: false)
        #expect(found.row.cells[1] == .value(.string("odd 1")))
        // Backwards: the rows before the bookmark, nearest first.
        found = try store.findRow(table, restriction: even, origin: .bookmark(atEven4), backward: true)
        #expect(found.row.cells[1] == .value(.string("even 2")))
        #expect(throws: StoreError.notFound) { try store.findRow(table, restriction: odd, origin: .bookmark(atEven4), backward: true) }
        // The bookmarked row goes away: RowNoLongerVisible, and the search starts at the next row.
        try store.deleteMessages(mailbox, folder: inbox, messages: [ids[4]])
        found = try store.findRow(table, restriction: .exist(Tags.subject), origin: .bookmark(atEven4), backward: false)
        #expect(found.noLongerVisible && found.row.cells[1] == .value(.string("odd 1")))
        found = try store.findRow(table, restriction: .exist(Tags.subject), origin: .bookmark(atEven4), backward: true)
        #expect(found.noLongerVisible && found.row.cells[1] == .value(.string("even 2")))
        // Another table's bookmark (same number, same generation) is refused.
        let other = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        try store.setColumns(other, [Tags.mid])
        try store.sortTable(other, [SortOrder(tag: Tags.subject, descending: false)])
        let foreign = try store.createBookmark(other)
        #expect(throws: StoreError.invalidBookmark) { try store.findRow(table, restriction: even, origin: .bookmark(foreign), backward: false) }
        #expect(throws: StoreError.invalidBookmark) { try store.seekRowBookmark(table, bookmark: foreign, offset: 0) }
        // A restriction invalidates bookmarks.
        try store.restrictTable(table, even)
        #expect(throws: StoreError.invalidBookmark) { try store.findRow(table, restriction: even, origin: .bookmark(atEven4), backward: false) }
        _ = sink.take()
    }

    /// Seeks out of range clamp and report it (MS-OXCTABL 3.2.5.9); fractional seeks round.
    @Test func seeksOutOfRange() throws {
        let (store, _, mailbox, inbox) = try mailbox()
        for index in 0..<4 { try store.addMessage(mailbox, inbox, subject: "m\(index)") }
        let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid])
        #expect(try store.seekRow(table, origin: .current, offset: -1) == (true, 0))
        #expect(try store.seekRow(table, origin: .beginning, offset: 4) == (false, 4))
        #expect(try store.seekRow(table, origin: .current, offset: 1) == (true, 0))
        #expect(try store.seekRow(table, origin: .end, offset: -5) == (true, -4))
        #expect(try store.seekRow(table, origin: .end, offset: Int32.min) == (true, -4))
        try store.seekRowFractional(table, numerator: 3, denominator: 4)
        #expect(try store.queryPosition(table) == (3, 4))
        try store.seekRowFractional(table, numerator: 0, denominator: 9)
        #expect(try store.queryPosition(table) == (0, 4))
        #expect(throws: StoreError.self) { try store.seekRowFractional(table, numerator: 0, denominator: 0) }
        let bookmark = try store.createBookmark(table)
        #expect(try store.seekRowBookmark(table, bookmark: bookmark, offset: 100) == (false, true, 4))
        #expect(try store.seekRowBookmark(table, bookmark: bookmark, offset: -100) == (false, true, 0))
    }

    /// Tables without categories: a collapse state names a row and restores to a bookmark on it.
    @Test func collapseStateOfAnUncategorizedTable() throws {
        let (store, _, mailbox, inbox) = try mailbox()
        var ids: [MessageID] = []
        for index in 0..<3 { ids.append(try store.addMessage(mailbox, inbox, subject: "m\(index)")) }
        let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid])
        let state = try store.collapseState(table, rowID: ids[1].wireValue, rowInstanceNumber: 0)
        #expect(state.count == 13)
        let bookmark = try store.setCollapseState(table, state)
        #expect(try store.seekRowBookmark(table, bookmark: bookmark, offset: 0) == (false, false, 0))
        #expect(try store.queryRows(table, count: 1, forward: true, advance: false).rows[0].cells[0] == .value(.integer64(Int64(bitPattern: ids[1].wireValue))))
        // A row this table does not list: a bookmark at the beginning.
        let elsewhere = try store.setCollapseState(table, try store.collapseState(table, rowID: 0xDEAD, rowInstanceNumber: 0))
        _ = try store.seekRowBookmark(table, bookmark: elsewhere, offset: 0)
        #expect(try store.queryPosition(table).numerator == 0)
        #expect(throws: StoreError.invalidParameter("collapse state")) { try store.setCollapseState(table, [1, 2, 3]) }
        #expect(throws: StoreError.invalidParameter("collapse state")) { try store.setCollapseState(table, [UInt8](repeating: 0, count: 13)) }
        try store.freeBookmark(table, bookmark)
    }

    /// Hostile restrictions: the wire codec stops absurd nesting; a restriction built in code that
    /// is deeper than the codec allows is refused (TooComplex) before any recursive evaluation; a
    /// huge but flat one is evaluated.
    @Test func hostileRestrictions() throws {
        let (store, _, mailbox, inbox) = try mailbox()
        try store.addMessage(mailbox, inbox, subject: "x")
        let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid])
        // 100,000 nested NotRestrictions on the wire: 0x02 repeated, then an ExistRestriction.
        var bytes = [UInt8](repeating: 0x02, count: 100_000)
        bytes += [0x08] + Tags.subject.rawValue.littleEndianBytes
        var reader = ByteReader(bytes)
        #expect(throws: WireError.self) { try Restriction.decode(from: &reader, countWidth: .rop) }
        var deep = Restriction.exist(Tags.subject)
        for _ in 0..<Restriction.defaultNestingLimit { deep = .not(deep) }
        #expect(throws: StoreError.tooComplex) { try store.restrictTable(table, deep) }
        #expect(throws: StoreError.tooComplex) { try store.findRow(table, restriction: deep, origin: .beginning, backward: false) }
        let folder = try store.createFolder(mailbox, parent: try store.specialFolderID(mailbox, .finder), name: "S", searchFolder: true).id
        #expect(throws: StoreError.tooComplex) { try store.setSearchCriteria(mailbox, folder: folder, restriction: deep, scope: [inbox], recursive: false) }
        #expect(try store.tableRowCount(table) == 1, "the failed RopRestrict left the table as it was")
        let wide = Restriction.or((0..<20_000).map { _ in Restriction.exist(Tags.body) } + [.exist(Tags.subject)])
        try store.restrictTable(table, wide)
        #expect(try store.tableRowCount(table) == 1)
        #expect(try store.findRow(table, restriction: wide, origin: .beginning, backward: false).row.cells.count == 1)
    }
}

extension UInt32 {
    var littleEndianBytes: [UInt8] { [UInt8(self & 0xFF), UInt8(self >> 8 & 0xFF), UInt8(self >> 16 & 0xFF), UInt8(self >> 24)] }
}
