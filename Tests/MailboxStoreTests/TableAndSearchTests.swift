import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

@Suite struct RestrictionEvaluatorTests {
    let bag: PropertyBag = [
        Tags.subject: .string("Quarterly Report"),
        Tags.messageFlags: .integer32(0x09),
        Tags.importance: .integer32(2),
        PropertyTag(id: 0x8001, type: .multipleString): .multipleString(["red", "Blue"]),
        PropertyTag(id: 0x8002, type: .binary): .binary([1, 2, 3, 4]),
    ]

    func matches(_ restriction: Restriction) -> Bool {
        RestrictionEvaluator.matches(restriction, lookup: { PropertyAccess.stored(bag, $0) }, subObjects: { _ in
            [[Tags.displayName: .string("Bob"), Tags.recipientType: .integer32(1)]]
        })
    }

    func content(_ low: UInt16, _ high: UInt16, _ text: String, tag: PropertyTag = Tags.subject) -> Restriction {
        .content(fuzzyLevel: FuzzyLevel(low: low, high: high), tag: tag, value: TaggedPropertyValue(tag: Tags.subject, value: .string(text)))
    }

    @Test func contentFuzzyLevels() {
        #expect(matches(content(FuzzyLevel.substring, FuzzyLevel.ignoreCase, "report")))
        #expect(!matches(content(FuzzyLevel.substring, 0, "report")))
        #expect(matches(content(FuzzyLevel.prefix, 0, "Quarter")))
        #expect(!matches(content(FuzzyLevel.prefix, 0, "Report")))
        #expect(matches(content(FuzzyLevel.fullString, FuzzyLevel.ignoreCase, "quarterly report")))
        #expect(!matches(content(FuzzyLevel.fullString, 0, "quarterly report")))
        // Multi-valued: any value.
        #expect(matches(content(FuzzyLevel.fullString, FuzzyLevel.ignoreCase, "blue", tag: PropertyTag(id: 0x8001, type: .multipleString))))
        // Binary substring.
        #expect(matches(.content(fuzzyLevel: FuzzyLevel(low: FuzzyLevel.substring, high: 0), tag: PropertyTag(id: 0x8002, type: .binary),
                                 value: TaggedPropertyValue(tag: PropertyTag(id: 0x8002, type: .binary), value: .binary([2, 3])))))
    }

    @Test func relationalBitmaskSizeExistNotSubObject() {
        let importance = Tags.importance
        #expect(matches(.property(.greaterThan, tag: importance, value: TaggedPropertyValue(tag: importance, value: .integer32(1)))))
        #expect(!matches(.property(.lessThan, tag: importance, value: TaggedPropertyValue(tag: importance, value: .integer32(1)))))
        #expect(matches(.property(.equal, tag: Tags.subject, value: TaggedPropertyValue(tag: Tags.subject, value: .string("QUARTERLY REPORT")))))
        #expect(matches(.bitmask(.notEqualToZero, tag: Tags.messageFlags, mask: 0x01)))
        #expect(matches(.bitmask(.equalToZero, tag: Tags.messageFlags, mask: 0x04)))
        #expect(matches(.size(.equal, tag: PropertyTag(id: 0x8002, type: .binary), size: 4)))
        #expect(!matches(.exist(Tags.body)))
        #expect(matches(.not(.exist(Tags.body))))
        // A missing property fails every comparison, even NE.
        #expect(!matches(.property(.notEqual, tag: Tags.body, value: TaggedPropertyValue(tag: Tags.body, value: .string("x")))))
        #expect(matches(.subObject(Tags.messageRecipients, .property(.equal, tag: Tags.displayName, value: TaggedPropertyValue(tag: Tags.displayName, value: .string("bob"))))))
        #expect(matches(.and([])) && !matches(.or([])))
        #expect(matches(.comment([], nil)))
        #expect(matches(.compareProperties(.greaterThan, Tags.importance, PropertyTag(0x0036_0003))) == false)
        #expect(throws: StoreError.tooComplex) { try RestrictionEvaluator.validate(.property(.memberOfDistributionList, tag: importance, value: TaggedPropertyValue(tag: importance, value: .integer32(1)))) }
    }
}

@Suite struct TableTests {
    func setup(count: Int) throws -> (MailboxStore, CollectingSink, MailboxID, FolderID, TableID, [MessageID]) {
        let (store, sink) = try makeStore(threshold: 5)
        let mailbox = try store.createMailbox(userName: "t@x", legacyExchangeDN: "/cn=t").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        var ids: [MessageID] = []
        for index in 0..<count { ids.append(try store.addMessage(mailbox, inbox, subject: "m\(index)", read: index % 2 == 0)) }
        let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid, Tags.subject])
        _ = sink.take()
        return (store, sink, mailbox, inbox, table, ids)
    }

    @Test func unsortedContentsAreNewestFirstAndQueryRowsMovesTheCursor() throws {
        let (store, _, _, _, table, ids) = try setup(count: 5)
        #expect(try store.tableRowIDs(table) == ids.reversed())
        let first = try store.queryRows(table, count: 2, forward: true, advance: true)
        #expect(first.rows.map { $0.cells[1] } == [.value(.string("m4")), .value(.string("m3"))])
        #expect(first.origin == .current)
        #expect(try store.queryPosition(table) == (2, 5))
        let rest = try store.queryRows(table, count: 10, forward: true, advance: true)
        #expect(rest.rows.count == 3 && rest.origin == .end)
        #expect(try store.queryRows(table, count: 10, forward: true, advance: true).rows.isEmpty)
        let back = try store.queryRows(table, count: 2, forward: false, advance: false)
        #expect(back.rows.map { $0.cells[1] } == [.value(.string("m0")), .value(.string("m1"))])
        // The `accept` callback stops at the first row that does not fit.
        _ = try store.seekRow(table, origin: .beginning, offset: 0)
        var accepted = 0
        let limited = try store.queryRows(table, count: 5, forward: true, advance: true) { _ in accepted += 1; return accepted <= 2 }
        #expect(limited.rows.count == 2)
        #expect(try store.queryPosition(table).numerator == 2)
        #expect(throws: StoreError.noColumns) {
            let other = try store.openTable(MailboxID(1), folder: try store.specialFolderID(MailboxID(1), .inbox), kind: .contents(associated: false))
            _ = try store.queryRows(other, count: 1, forward: true, advance: true)
        }
    }

    @Test func seekFractionalBookmarksAndFindRow() throws {
        let (store, sink, mailbox, inbox, table, ids) = try setup(count: 10)
        #expect(try store.seekRow(table, origin: .end, offset: -3) == (false, -3))
        #expect(try store.queryPosition(table).numerator == 7)
        #expect(try store.seekRow(table, origin: .current, offset: 10) == (true, 3))
        #expect(try store.seekRow(table, origin: .beginning, offset: -1) == (true, 0))
        try store.seekRowFractional(table, numerator: 1, denominator: 2)
        #expect(try store.queryPosition(table).numerator == 5)
        #expect(throws: StoreError.invalidParameter("denominator 0")) { try store.seekRowFractional(table, numerator: 1, denominator: 0) }

        _ = try store.seekRow(table, origin: .beginning, offset: 2)
        let bookmark = try store.createBookmark(table)
        _ = try store.seekRow(table, origin: .end, offset: 0)
        #expect(try store.seekRowBookmark(table, bookmark: bookmark, offset: 1) == (false, false, 1))
        #expect(try store.queryPosition(table).numerator == 3)
        // The bookmarked row (m7) goes away: seeking reports RowNoLongerVisible and starts after it.
        _ = try store.deleteMessages(mailbox, folder: inbox, messages: [ids[7]])
        #expect(try store.seekRowBookmark(table, bookmark: bookmark, offset: 0) == (true, false, 0))
        #expect(try store.queryRows(table, count: 1, forward: true, advance: false).rows[0].cells[1] == .value(.string("m6")))
        try store.freeBookmark(table, bookmark)
        #expect(throws: StoreError.invalidBookmark) { try store.freeBookmark(table, bookmark) }
        #expect(throws: StoreError.invalidBookmark) { try store.seekRowBookmark(table, bookmark: [1, 2, 3], offset: 0) }
        let stale = try store.createBookmark(table)
        try store.sortTable(table, [SortOrder(tag: Tags.subject, descending: false)])
        #expect(throws: StoreError.invalidBookmark) { try store.seekRowBookmark(table, bookmark: stale, offset: 0) }

        let wanted = Restriction.property(.equal, tag: Tags.subject, value: TaggedPropertyValue(tag: Tags.subject, value: .string("m3")))
        let found = try store.findRow(table, restriction: wanted, origin: .beginning, backward: false)
        #expect(found.row.cells[1] == .value(.string("m3")))
        #expect(try store.queryPosition(table).numerator == 3)
        // Backwards from the found row does not examine that row itself.
        #expect(throws: StoreError.notFound) { try store.findRow(table, restriction: wanted, origin: .current, backward: true) }
        _ = try store.findRow(table, restriction: wanted, origin: .end, backward: true)
        _ = sink.take()
    }

    @Test func restrictionChangesTurnIntoAddsAndDeletes() throws {
        let (store, sink, mailbox, inbox, table, ids) = try setup(count: 4)
        try store.restrictTable(table, .bitmask(.equalToZero, tag: Tags.messageFlags, mask: 0x01))
        #expect(try store.tableRowIDs(table) == [ids[3], ids[1]])
        try store.setReadFlags(mailbox, folder: inbox, messages: [ids[3]], flags: 0)
        var rows = sink.take().compactMap(\.kind.tableData).filter { $0.0 == table }.map(\.1)
        #expect(rows.map(\.tableEventType) == [.tableRowDeleted])
        #expect(rows[0].tableRowMessageID == ids[3])
        try store.setReadFlags(mailbox, folder: inbox, messages: [ids[2]], flags: 0x04)
        rows = sink.take().compactMap(\.kind.tableData).filter { $0.0 == table }.map(\.1)
        #expect(rows.map(\.tableEventType) == [.tableRowAdded])
        // m2 is newer than m1: it becomes the first row (anchor all zero).
        #expect(rows[0].insertAfterTableRowID == .zero && rows[0].insertAfterTableRowFolderID == .zero)
    }

    @Test func bulkChangesCollapseToOneTableChanged() throws {
        let (store, sink, mailbox, inbox, table, ids) = try setup(count: 8)
        let deleted = try store.specialFolderID(mailbox, .deletedItems)
        let other = try store.openTable(mailbox, folder: deleted, kind: .contents(associated: false))
        _ = try store.moveCopyMessages(mailbox, from: inbox, messages: ids, to: deleted, copy: false)
        let tableEvents = sink.take().compactMap(\.kind.tableData)
        #expect(tableEvents.filter { $0.0 == table }.map(\.1.tableEventType) == [.tableChanged])
        #expect(tableEvents.filter { $0.0 == other }.map(\.1.tableEventType) == [.tableChanged])
        #expect(try store.tableRowCount(table) == 0)
        #expect(try store.tableRowCount(other) == 8)
        // No events at all for a table with notifications off.
        try store.setTableNotifications(other, enabled: false)
        try store.emptyFolder(mailbox, folder: deleted, includeAssociated: true)
        #expect(sink.take().compactMap(\.kind.tableData).filter { $0.0 == other }.isEmpty)
        #expect(try store.tableRowCount(other) == 0)
    }

    @Test func hierarchyTablesFollowFolderChanges() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "h@x", legacyExchangeDN: "/cn=h").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let ipm = try store.specialFolderID(mailbox, .ipmSubtree)
        let shallow = try store.openTable(mailbox, folder: inbox, kind: .hierarchy(fullDepth: false))
        let deep = try store.openTable(mailbox, folder: ipm, kind: .hierarchy(fullDepth: true))
        try store.setColumns(shallow, [Tags.folderID, Tags.displayName, Tags.contentCount, Tags.depth])
        try store.setColumns(deep, [Tags.folderID, Tags.depth])
        let before = try store.tableRowCount(deep)
        _ = sink.take()
        let a = try store.createFolder(mailbox, parent: inbox, name: "A").id
        let b = try store.createFolder(mailbox, parent: a, name: "B").id
        var events = sink.take().compactMap(\.kind.tableData)
        let shallowAdds = events.filter { $0.0 == shallow && $0.1.tableEventType == .tableRowAdded }
        #expect(shallowAdds.count == 1 && shallowAdds[0].1.tableRowFolderID == a)
        #expect(try store.tableRowCount(deep) == before + 2)
        #expect(try store.tableRowIDs(shallow) == [a])
        // A message in A changes A's counts: its hierarchy row is modified with the new count.
        try store.addMessage(mailbox, a, subject: "x")
        events = sink.take().compactMap(\.kind.tableData).filter { $0.0 == shallow }
        #expect(events.map(\.1.tableEventType) == [.tableRowModified])
        var reader = ByteReader(events[0].1.tableRowData)
        let row = try PropertyRow.decode(columns: [Tags.folderID, Tags.displayName, Tags.contentCount, Tags.depth], from: &reader)
        #expect(row.cells[2] == .value(.integer32(1)) && row.cells[3] == .value(.integer32(1)))
        // Full depth: B sits right after its parent A (depth-first order), at depth 3 below the IPM subtree.
        let deepIDs = try store.tableRowIDs(deep)
        let index = try #require(deepIDs.firstIndex(of: a))
        #expect(deepIDs[index + 1] == b)
        // Moving a folder re-orders a full-depth table: one TableChanged.
        try store.moveFolder(mailbox, from: a, folder: b, to: ipm)
        events = sink.take().compactMap(\.kind.tableData)
        #expect(events.filter { $0.0 == deep }.map(\.1.tableEventType) == [.tableChanged])
        #expect(try store.tableRowIDs(shallow) == [a])
    }
}

@Suite struct SearchFolderTests {
    @Test func populatesCompletesAndFollowsChanges() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "s@x", legacyExchangeDN: "/cn=s").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let finder = try store.specialFolderID(mailbox, .finder)
        let sub = try store.createFolder(mailbox, parent: inbox, name: "Sub").id
        let hit = try store.addMessage(mailbox, sub, subject: "Invoice 42", read: false)
        try store.addMessage(mailbox, inbox, subject: "Hello")
        let search = try store.createFolder(mailbox, parent: finder, name: "Invoices", searchFolder: true).id
        #expect(throws: StoreError.searchNotInitialized) { try store.setSearchCriteria(mailbox, folder: search, restriction: nil, scope: nil, recursive: true) }
        #expect(throws: StoreError.notSearchFolder) { try store.setSearchCriteria(mailbox, folder: inbox, restriction: .exist(Tags.subject), scope: [inbox], recursive: true) }
        #expect(throws: StoreError.searchScopeViolation) { try store.setSearchCriteria(mailbox, folder: search, restriction: .exist(Tags.subject), scope: [search], recursive: false) }
        let table = try store.openTable(mailbox, folder: search, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid, Tags.subject])
        _ = sink.take()
        let invoice = Restriction.content(fuzzyLevel: FuzzyLevel(low: FuzzyLevel.substring, high: FuzzyLevel.ignoreCase), tag: Tags.subject,
                                          value: TaggedPropertyValue(tag: Tags.subject, value: .string("invoice")))
        try store.setSearchCriteria(mailbox, folder: search, restriction: invoice, scope: [inbox], recursive: true)
        var events = sink.take()
        #expect(events.contains { $0.kind == .searchCompleted(folderID: search) })
        #expect(events.compactMap(\.kind.tableData).map(\.1.tableEventType) == [.tableChanged])
        #expect(try store.tableRowIDs(table) == [hit])
        #expect(try store.folderProperties(mailbox, search, [Tags.contentCount, Tags.contentUnreadCount]) == [.value(.integer32(1)), .value(.integer32(1))])
        let state = try store.searchCriteria(mailbox, folder: search)
        #expect(state.scope == [inbox] && state.recursive && state.restriction == invoice && state.complete)

        // A new matching message joins (ObjectCreated with S, TableRowAdded); an edit that stops
        // matching leaves (ObjectDeleted, TableRowDeleted). The search folder's own hierarchy row
        // follows its new counts.
        let finderTable = try store.openTable(mailbox, folder: finder, kind: .hierarchy(fullDepth: false))
        try store.setColumns(finderTable, [Tags.folderID, Tags.contentCount])
        let second = try store.addMessage(mailbox, inbox, subject: "invoice 43")
        events = sink.take()
        let finderRows = events.compactMap(\.kind.tableData).filter { $0.0 == finderTable }.map(\.1)
        #expect(finderRows.map(\.tableEventType) == [.tableRowModified])
        #expect(finderRows.first?.tableRowFolderID == search)
        #expect(events.contains { $0.kind == .objectModified(.folder(search), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: 2, unreadMessageCount: 1) })
        #expect(events.contains { $0.kind == .objectCreated(.message(second, in: search, inSearchFolder: true), parentFolderID: inbox, tags: []) })
        let adds = events.compactMap(\.kind.tableData).filter { $0.0 == table }.map(\.1)
        #expect(adds.map(\.tableEventType) == [.tableRowAdded])
        #expect(adds[0].flags.isSearchFolder)
        var message = try store.openMessage(mailbox, folder: search, message: second)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("paid"))])
        try store.saveMessage(&message)
        events = sink.take()
        #expect(events.contains { $0.kind == .objectDeleted(.message(second, in: search, inSearchFolder: true), parentFolderID: inbox) })
        #expect(events.compactMap(\.kind.tableData).filter { $0.0 == table }.map(\.1.tableEventType) == [.tableRowDeleted])
        #expect(try store.searchFolderMembers(mailbox, folder: search) == [hit])
        // Moving the hit out of scope removes it; search folders are no move destination.
        #expect(throws: StoreError.searchFolderDestination) { try store.moveCopyMessages(mailbox, from: sub, messages: [hit], to: search, copy: false) }
        _ = try store.moveCopyMessages(mailbox, from: sub, messages: [hit], to: try store.specialFolderID(mailbox, .sentItems), copy: false)
        #expect(try store.tableRowIDs(table).isEmpty)
    }
}
