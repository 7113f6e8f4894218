import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

/// RopSetSearchCriteria semantics (MS-OXCFOLD 3.2.5.4, 3.2.5.5): scope folders with or without
/// recursion, the initial population ending in SearchCompleted, criteria changes, live updates.
@Suite struct SearchFolderScopeTests {
    @Test func recursionScopeRepopulationAndLiveUpdates() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "r@x", legacyExchangeDN: "/cn=r").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let sent = try store.specialFolderID(mailbox, .sentItems)
        let finder = try store.specialFolderID(mailbox, .finder)
        let sub = try store.createFolder(mailbox, parent: inbox, name: "Sub").id
        let top = try store.addMessage(mailbox, inbox, subject: "report top", read: false)
        let nested = try store.addMessage(mailbox, sub, subject: "report nested")
        let elsewhere = try store.addMessage(mailbox, sent, subject: "report sent")
        try store.addMessage(mailbox, inbox, subject: "other")
        let search = try store.createFolder(mailbox, parent: finder, name: "Reports", searchFolder: true).id
        // Before any criteria: not complete, nothing in it.
        let initial = try store.searchCriteria(mailbox, folder: search)
        #expect(!initial.complete && initial.restriction == nil && initial.scope.isEmpty)
        let table = try store.openTable(mailbox, folder: search, kind: .contents(associated: false))
        try store.setColumns(table, [Tags.mid, Tags.subject])
        #expect(throws: StoreError.notSupported) { try store.openTable(mailbox, folder: search, kind: .contents(associated: true)) }
        _ = sink.take()

        let report = Restriction.content(fuzzyLevel: FuzzyLevel(low: FuzzyLevel.substring, high: FuzzyLevel.ignoreCase), tag: Tags.subject,
                                         value: TaggedPropertyValue(tag: Tags.subject, value: .string("REPORT")))
        // Not recursive: only the Inbox itself.
        try store.setSearchCriteria(mailbox, folder: search, restriction: report, scope: [inbox], recursive: false)
        var events = sink.take()
        #expect(try store.tableRowIDs(table) == [top])
        let completed = try #require(events.firstIndex { $0.kind == .searchCompleted(folderID: search) })
        let changed = try #require(events.firstIndex { $0.kind.tableData?.0 == table })
        #expect(tableEvents(events, table).map(\.tableEventType) == [.tableChanged])
        #expect(tableEvents(events, table)[0].flags.isSearchFolder, "search folder contents: S bit")
        #expect(completed < changed, "SearchCompleted is published with the population, before the table catches up")
        // Recursive, two scope folders: Sub's message and Sent Items' join. A new restriction (nil
        // keeps the previous one) repopulates: SearchCompleted again, TableChanged again.
        try store.setSearchCriteria(mailbox, folder: search, restriction: nil, scope: [inbox, sent], recursive: true)
        events = sink.take()
        #expect(events.filter { $0.kind == .searchCompleted(folderID: search) }.count == 1)
        #expect(tableEvents(events, table).map(\.tableEventType) == [.tableChanged])
        #expect(Set(try store.tableRowIDs(table)) == [top, nested, elsewhere])
        var state = try store.searchCriteria(mailbox, folder: search)
        #expect(state.complete && state.recursive && state.scope == [inbox, sent] && state.restriction == report)
        // nil scope keeps the previous scope.
        try store.setSearchCriteria(mailbox, folder: search, restriction: report, scope: nil, recursive: true)
        state = try store.searchCriteria(mailbox, folder: search)
        #expect(state.scope == [inbox, sent])
        _ = sink.take()

        // Live: a message created deep in the scope joins with one TableRowAdded (S bit) and an
        // ObjectCreated for the search folder; one leaving the scope leaves with one TableRowDeleted.
        let deeper = try store.createFolder(mailbox, parent: sub, name: "Deeper").id
        _ = sink.take()
        let late = try store.addMessage(mailbox, deeper, subject: "late report")
        events = sink.take()
        let adds = tableEvents(events, table)
        #expect(adds.map(\.tableEventType) == [.tableRowAdded])
        #expect(adds[0].flags.isSearchFolder && adds[0].tableRowMessageID == late && adds[0].tableRowFolderID == deeper)
        #expect(events.contains { $0.kind == .objectCreated(.message(late, in: search, inSearchFolder: true), parentFolderID: deeper, tags: []) })
        let archive = try store.specialFolderID(mailbox, .deletedItems)
        _ = try store.moveCopyMessages(mailbox, from: sub, messages: [nested], to: archive, copy: false)
        events = sink.take()
        #expect(tableEvents(events, table).map(\.tableEventType) == [.tableRowDeleted])
        #expect(!(try store.tableRowIDs(table)).contains(nested))
        // Unread count of the search folder follows.
        #expect(try store.folderProperties(mailbox, search, [Tags.contentCount, Tags.contentUnreadCount]) == [.value(.integer32(3)), .value(.integer32(1))])
    }
}
