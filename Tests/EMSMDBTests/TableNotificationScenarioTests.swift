import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Table notifications over ROPs, two sessions of one user (MS-OXCNOTIF 3.1.4.3; issue 6). The
/// "other session" changes the mailbox through the store, whose event sink is the server's hub.
@Suite struct TableNotificationScenarioTests {
    func tableNotifications(_ client: TableClient, _ table: UInt32) throws -> [NotificationData] {
        try client.notifications().filter { $0.notificationHandle == table }.map(\.notificationData)
    }

    /// The anchor of a row event must be the row now preceding it in a fresh QueryRows of the same
    /// table, and TableRowData must be that row in the table's columns.
    func checkAgainstFreshRead(_ client: TableClient, _ table: UInt32, _ data: NotificationData, columns: [PropertyTag]) throws {
        let fresh = try client.freshRead(table, columns: columns)
        let ids = fresh.compactMap(mid)
        let index = try #require(ids.firstIndex(of: data.tableRowMessageID))
        #expect(data.insertAfterTableRowID == (index == 0 ? .zero : ids[index - 1]))
        #expect(data.insertAfterTableRowFolderID == (index == 0 ? .zero : client.inbox))
        var reader = ByteReader(data.tableRowData)
        #expect(try PropertyRow.decode(columns: columns, from: &reader) == fresh[index])
    }

    @Test func informativeEventsPerChangeKindWithAnchorsFromAFreshRead() throws {
        let fixture = try EMSMDBFixture()
        let a = try TableClient(fixture)
        let base = try addMessage(fixture, "alice", a.inbox, subject: "m")
        try addMessage(fixture, "alice", a.inbox, subject: "t")
        let columns = [Tags.mid, Tags.subject, Tags.importance]
        let table = try a.openTable(columns: columns, sort: [MAPIWire.SortOrder(propertyTag: Tags.subject, order: MAPIWire.SortOrder.ascending)]).handle
        // No view yet: a change is not notified.
        try addMessage(fixture, "alice", a.inbox, subject: "c")
        #expect(try tableNotifications(a, table).isEmpty)
        _ = try a.queryRows(table, columns: columns)
        // Added in the middle of the order.
        let added = try addMessage(fixture, "alice", a.inbox, subject: "p")
        var events = try tableNotifications(a, table)
        #expect(events.map(\.tableEventType) == [.tableRowAdded])
        #expect(events[0].flags.type == .tableModified && events[0].flags.isMessage && !events[0].flags.isSearchFolder)
        #expect(events[0].tableRowMessageID == added && events[0].tableRowFolderID == a.inbox)
        try checkAgainstFreshRead(a, table, events[0], columns: columns)
        // Modified so that it moves to the front.
        var message = try fixture.store.openMessage(fixture.mailbox("alice").id, folder: a.inbox, message: added)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("a"))])
        try fixture.store.saveMessage(&message)
        events = try tableNotifications(a, table)
        #expect(events.map(\.tableEventType) == [.tableRowModified])
        try checkAgainstFreshRead(a, table, events[0], columns: columns)
        #expect(events[0].insertAfterTableRowID == .zero)
        // Deleted.
        try fixture.store.deleteMessages(fixture.mailbox("alice").id, folder: a.inbox, messages: [base])
        events = try tableNotifications(a, table)
        #expect(events.map(\.tableEventType) == [.tableRowDeleted])
        #expect(events[0].tableRowMessageID == base && events[0].tableRowFolderID == a.inbox)
        // After RopSetColumns the rows come in the new columns.
        var setColumns: [UInt8] = []
        RopSetColumnsRequest(logonID: 0, inputHandleIndex: 0, setColumnsFlags: 0, propertyTags: [Tags.mid, Tags.messageFlags]).encode(into: &setColumns)
        _ = try fixture.run(a.session, setColumns, handles: [table])
        try addMessage(fixture, "alice", a.inbox, subject: "z")
        events = try tableNotifications(a, table)
        #expect(events.map(\.tableEventType) == [.tableRowAdded])
        try checkAgainstFreshRead(a, table, events[0], columns: [Tags.mid, Tags.messageFlags])
    }

    @Test func viewChangeSupersedesQueuedRowEvents() throws {
        let fixture = try EMSMDBFixture()
        let a = try TableClient(fixture)
        let table = try a.openTable(columns: midSubject).handle
        _ = try a.queryRows(table, columns: midSubject)
        try addMessage(fixture, "alice", a.inbox, subject: "x")
        // The queued TableRowAdded carries the old columns: RopSetColumns turns it into TableChanged.
        var setColumns: [UInt8] = []
        RopSetColumnsRequest(logonID: 0, inputHandleIndex: 0, setColumnsFlags: 0, propertyTags: [Tags.mid]).encode(into: &setColumns)
        let output = try fixture.run(a.session, setColumns, handles: [table])
        var reader = ByteReader(output.ropsList)
        #expect(try RopSetColumnsResponse.decode(from: &reader).returnValue == .success)
        let rest = try RopResponseReader.decodeAll(Array(output.ropsList[reader.offset...])).compactMap { element -> NotificationData? in
            if case let .notify(notify) = element.response, notify.notificationHandle == table { return notify.notificationData }
            return nil
        }
        #expect(rest.map(\.tableEventType) == [.tableChanged])
    }

    @Test func hierarchyTablesHaveNoMBitAndResetTablePausesUntilTheNextView() throws {
        let fixture = try EMSMDBFixture()
        let a = try TableClient(fixture)
        let mailbox = fixture.mailbox("alice").id
        let hierarchy = try a.openTable(hierarchy: true, columns: [Tags.folderID, Tags.displayName]).handle
        _ = try a.run(.queryPosition(RopQueryPositionRequest(logonID: 0, inputHandleIndex: 0)), on: hierarchy)
        let sub = try fixture.store.createFolder(mailbox, parent: a.inbox, name: "Sub").id
        var events = try tableNotifications(a, hierarchy)
        #expect(events.map(\.tableEventType) == [.tableRowAdded])
        #expect(!events[0].flags.isMessage && events[0].tableRowFolderID == sub && events[0].tableRowMessageID == .zero)
        // RopResetTable: silence, even for changes before the next view ROP.
        _ = try fixture.run(a.session, hex("81 00 00"), handles: [hierarchy])
        _ = try fixture.store.createFolder(mailbox, parent: a.inbox, name: "Quiet")
        #expect(try tableNotifications(a, hierarchy).isEmpty)
        // SetColumns alone is not a view ROP; SeekRow is.
        var setColumns: [UInt8] = []
        RopSetColumnsRequest(logonID: 0, inputHandleIndex: 0, setColumnsFlags: 0, propertyTags: [Tags.folderID]).encode(into: &setColumns)
        _ = try fixture.run(a.session, setColumns, handles: [hierarchy])
        _ = try fixture.store.createFolder(mailbox, parent: a.inbox, name: "Still quiet")
        #expect(try tableNotifications(a, hierarchy).isEmpty)
        _ = try fixture.run(a.session, hex("18 00 00 00 00 00 00 00 00"), handles: [hierarchy])
        _ = try fixture.store.createFolder(mailbox, parent: a.inbox, name: "Loud")
        events = try tableNotifications(a, hierarchy)
        #expect(events.map(\.tableEventType) == [.tableRowAdded])
    }

    @Test func noNotificationsTablesNeverNotifyAndReleasedTablesStop() throws {
        let fixture = try EMSMDBFixture()
        let a = try TableClient(fixture)
        let quiet = try a.openTable(flags: 0x10, columns: midSubject).handle
        let loud = try a.openTable(columns: midSubject).handle
        _ = try a.queryRows(quiet, columns: midSubject)
        _ = try a.queryRows(loud, columns: midSubject)
        try addMessage(fixture, "alice", a.inbox, subject: "x")
        let notifies = try a.notifications()
        #expect(notifies.map(\.notificationHandle) == [loud])
        try a.release(loud)
        try addMessage(fixture, "alice", a.inbox, subject: "y")
        #expect(try a.notifications().isEmpty)
        // The released handle is gone for table ROPs.
        #expect(try fixture.run(a.session, hex("17 00 00"), handles: [loud]).ropsList.prefix(2) == hex("17 00")[...])
    }

    @Test func bulkMoveGivesOneTableChangedPerTable() throws {
        let fixture = try EMSMDBFixture()
        let a = try TableClient(fixture)
        let mailbox = fixture.mailbox("alice").id
        var ids: [MessageID] = []
        for index in 0..<80 { ids.append(try addMessage(fixture, "alice", a.inbox, subject: "m\(index)")) }
        let deleted = try fixture.folderID("alice", .deletedItems)
        let table = try a.openTable(columns: midSubject).handle
        let other = try a.openTable(folder: try a.openFolder(deleted), columns: midSubject).handle
        _ = try a.queryRows(table, columns: midSubject, count: 1)
        _ = try a.queryRows(other, columns: midSubject, count: 1)
        _ = try fixture.store.moveCopyMessages(mailbox, from: a.inbox, messages: ids, to: deleted, copy: false)
        let notifies = try a.notifications()
        #expect(notifies.filter { $0.notificationHandle == table }.map(\.notificationData.tableEventType) == [.tableChanged])
        #expect(notifies.filter { $0.notificationHandle == other }.map(\.notificationData.tableEventType) == [.tableChanged])
        #expect(try a.freshRead(table, columns: midSubject).isEmpty)
        #expect(try a.freshRead(other, columns: midSubject).count == 80)
    }

    @Test func searchFolderFillsCompletesAndFollowsChanges() throws {
        let fixture = try EMSMDBFixture()
        let a = try TableClient(fixture)
        let mailbox = fixture.mailbox("alice").id
        let hit = try addMessage(fixture, "alice", a.inbox, subject: "Invoice 1", read: false)
        try addMessage(fixture, "alice", a.inbox, subject: "Hello")
        let finder = try fixture.folderID("alice", .finder)
        let search = try fixture.store.createFolder(mailbox, parent: finder, name: "Invoices", searchFolder: true).id
        let searchHandle = try a.openFolder(search)
        let subscription = try fixture.subscribeWholeStore(a.session, logonHandle: a.logon, types: .searchCompleted)
        let table = try a.openTable(folder: searchHandle, columns: midSubject).handle
        _ = try a.queryRows(table, columns: midSubject)
        // RopGetSearchCriteria (0x31) before any criteria: empty, flags 0.
        #expect(try fixture.run(a.session, hex("31 00 00 01 01 01"), handles: [searchHandle]).ropsList
                == hex("31 00 00 00 00 00 00 00 00 00 00 00 00 00 00"))
        // RopSetSearchCriteria (0x30): substring "invoice" (ignore case) in the Inbox, recursive.
        let invoice = Restriction.content(fuzzyLevel: FuzzyLevel(low: FuzzyLevel.substring, high: FuzzyLevel.ignoreCase), tag: Tags.subject,
                                          value: TaggedPropertyValue(tag: Tags.subject, value: .string("invoice")))
        var set: [UInt8] = []
        RopSetSearchCriteriaRequest(logonID: 0, inputHandleIndex: 0, restrictionData: invoice.encoded(), folderIDs: [a.inbox], searchFlags: 0x04).encode(into: &set)
        let setOutput = try fixture.run(a.session, set, handles: [searchHandle])
        #expect(hexString(setOutput.ropsList.prefix(6)) == "30 00 00 00 00 00")
        // The events are queued before the response returns, so they ride in this very response.
        let notifies = try RopResponseReader.decodeAll(Array(setOutput.ropsList.dropFirst(6))).compactMap { element -> RopNotify? in
            if case let .notify(notify) = element.response { return notify }
            return nil
        } + a.notifications()
        #expect(notifies.contains { $0.notificationHandle == subscription && $0.notificationData.flags.type == .searchCompleted && $0.notificationData.folderID == search })
        let tableEvents = notifies.filter { $0.notificationHandle == table }.map(\.notificationData)
        #expect(tableEvents.map(\.tableEventType) == [.tableChanged])
        #expect(tableEvents.first?.flags.isSearchFolder == true)
        #expect(try a.freshRead(table, columns: midSubject).compactMap(mid) == [hit])
        // RopGetSearchCriteria: the restriction, the scope and RUNNING | RECURSIVE | COMPLETE.
        let got = try fixture.run(a.session, hex("31 00 00 01 01 01"), handles: [searchHandle]).ropsList
        var reader = ByteReader(got)
        guard case let .success(criteria) = try RopGetSearchCriteriaResponse.decode(from: &reader).outcome else { Issue.record("criteria"); return }
        #expect(criteria.restrictionData == invoice.encoded() && criteria.folderIDs == [a.inbox] && criteria.searchFlags == 0x1005)
        // Later changes: a new invoice joins with TableRowAdded (S bit).
        let late = try addMessage(fixture, "alice", a.inbox, subject: "invoice 2")
        let added = try a.notifications().filter { $0.notificationHandle == table }.map(\.notificationData)
        #expect(added.map(\.tableEventType) == [.tableRowAdded])
        #expect(added.first?.flags.isSearchFolder == true && added.first?.tableRowMessageID == late)
        // Not a search folder: ecNotSearchFolder; RECURSIVE with SHALLOW: ecInvalidParameter.
        set = []
        RopSetSearchCriteriaRequest(logonID: 0, inputHandleIndex: 0, restrictionData: invoice.encoded(), folderIDs: [a.inbox], searchFlags: 0x04).encode(into: &set)
        #expect(try fixture.run(a.session, set, handles: [a.inboxHandle]).ropsList == hex("30 00 61 04 00 00"))
        set = []
        RopSetSearchCriteriaRequest(logonID: 0, inputHandleIndex: 0, restrictionData: [], folderIDs: [], searchFlags: 0x0C).encode(into: &set)
        #expect(try fixture.run(a.session, set, handles: [searchHandle]).ropsList == hex("30 00 57 00 07 80"))
    }

    @Test func hostileInputsAreSpecErrors() throws {
        let fixture = try EMSMDBFixture()
        let a = try TableClient(fixture)
        try addMessage(fixture, "alice", a.inbox, subject: "x")
        let table = try a.openTable(columns: midSubject).handle
        let other = try a.openTable(columns: midSubject).handle
        // A restriction nested 20,000 deep: ecTooComplex, no recursion beyond the codec's limit.
        let deep = [UInt8](repeating: 0x02, count: 20_000) + [0x08, 0x1F, 0x00, 0x37, 0x00]
        var restrict: [UInt8] = []
        RopRestrictRequest(logonID: 0, inputHandleIndex: 0, restrictFlags: 0, restrictionData: deep).encode(into: &restrict)
        #expect(try fixture.run(a.session, restrict, handles: [table]).ropsList == hex("14 00 17 01 04 80"))
        // Garbage restriction: ecInvalidParameter; the table is unchanged.
        restrict = []
        RopRestrictRequest(logonID: 0, inputHandleIndex: 0, restrictFlags: 0, restrictionData: [0x77, 0x01]).encode(into: &restrict)
        #expect(try fixture.run(a.session, restrict, handles: [table]).ropsList == hex("14 00 57 00 07 80"))
        #expect(try a.freshRead(table, columns: midSubject).count == 1)
        // A bookmark of another table.
        let created = try fixture.run(a.session, hex("1B 00 00"), handles: [other]).ropsList
        let foreign = Array(created[8...])
        #expect(try fixture.run(a.session, hex("19 00 00 10 00") + foreign + hex("00 00 00 00 01"), handles: [table]).ropsList == hex("19 00 05 04 04 80"))
        var find: [UInt8] = []
        RopFindRowRequest(logonID: 0, inputHandleIndex: 0, findRowFlags: 0, restrictionData: Restriction.exist(Tags.subject).encoded(), origin: 3, bookmark: foreign).encode(into: &find)
        #expect(try fixture.run(a.session, find, handles: [table]).ropsList == hex("4F 00 05 04 04 80"))
        // A forged one, truncated one.
        #expect(try fixture.run(a.session, hex("89 00 00 03 00 01 02 03"), handles: [table]).ropsList == hex("89 00 05 04 04 80"))
        // Seeking far out of range clamps.
        #expect(try fixture.run(a.session, hex("18 00 00 00 FF FF FF 7F 01"), handles: [table]).ropsList == hex("18 00 00 00 00 00 01 01 00 00 00"))
        // Unknown TableFlags bits: ecInvalidParameter.
        #expect(try fixture.run(a.session, hex("05 00 00 01 01"), handles: [a.inboxHandle, RopBuffer.unusedHandle]).ropsList == hex("05 01 57 00 07 80"))
    }
}
