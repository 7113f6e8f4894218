import MAPIWire
@testable import NotificationEngine
import Testing

/// Search-folder tables (S bit on every TableModified, synthesized TableChanged included) and view
/// changes superseding stale row events (MS-OXCNOTIF 2.2.1.4.1.2, 3.1.4.3).
@Suite struct TableViewChangeTests {
    func drain(_ core: inout NotificationCore, _ session: SessionIndex) throws -> [RopNotify] {
        var all: [RopNotify] = []
        while core.pendingCount(session: session) > 0 {
            var output: [UInt8] = []
            core.pack(session: session, into: &output, budget: 0x8000, now: .zero)
            all += try decodePoll(output).notifies
        }
        return all
    }

    static func tableChanged(_ table: TableID, searchFolder: Bool) -> MailboxEvent {
        MailboxEvent(mailbox: mailboxA, sequence: 0, kind: .tableModified(table, .tableEvent(.tableChanged, contents: true, searchFolder: searchFolder)))
    }

    @Test func searchFolderTablesKeepTheSBitWhenCollapsed() throws {
        var configuration = EngineConfiguration()
        configuration.tableRowCollapseThreshold = 2
        var core = NotificationCore(configuration: configuration)
        let s = core.makeSession(user: "u")
        core.registerTable(TableID(1), session: s.index, logonID: 0, handle: 5, kind: .contents, searchFolder: true, noNotifications: false)
        core.registerTable(TableID(2), session: s.index, logonID: 0, handle: 6, kind: .contents, noNotifications: false)
        core.registerTable(TableID(3), session: s.index, logonID: 0, handle: 7, kind: .hierarchy, searchFolder: true, noNotifications: false)
        for id in 1...3 { core.tableViewCreated(TableID(UInt64(id))) }
        // Search table: a store TableChanged and a collapse-synthesized one both say M|S.
        _ = core.publish([Self.tableChanged(TableID(1), searchFolder: true)], now: .zero)
        var received = try drain(&core, s.index)
        #expect(received.count == 1)
        #expect(received[0].notificationData.flags.isSearchFolder && received[0].notificationData.flags.isMessage)
        _ = core.publish((1...3).map { .rowAdded(TableID(1), row: $0) } + (1...3).map { .rowAdded(TableID(2), row: $0) }, now: .zero)
        received = try drain(&core, s.index)
        #expect(received.map(\.notificationHandle) == [5, 6])
        #expect(received.map(\.notificationData.tableEventType) == [.tableChanged, .tableChanged])
        #expect(received[0].notificationData.flags.isSearchFolder)
        #expect(!received[1].notificationData.flags.isSearchFolder && received[1].notificationData.flags.isMessage)
        // A hierarchy table never carries S (or M), whatever the caller said.
        _ = core.publish([MailboxEvent(mailbox: mailboxA, sequence: 0, kind: .tableModified(TableID(3), .tableEvent(.tableChanged, contents: false)))], now: .zero)
        received = try drain(&core, s.index)
        #expect(received.count == 1 && !received[0].notificationData.flags.isSearchFolder && !received[0].notificationData.flags.isMessage)
    }

    @Test func viewChangeTurnsPendingRowsIntoOneTableChangedAndLeavesIdleTablesAlone() throws {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        core.registerTable(TableID(1), session: s.index, logonID: 0, handle: 9, kind: .contents, noNotifications: false)
        core.registerTable(TableID(2), session: s.index, logonID: 0, handle: 10, kind: .contents, noNotifications: false)
        core.tableViewCreated(TableID(1))
        core.tableViewCreated(TableID(2))
        // Nothing pending: no event appears.
        core.tableViewChanged(TableID(1))
        #expect(core.pendingCount(session: s.index) == 0)
        _ = core.publish([.rowAdded(TableID(1), row: 1), .newMail(1, in: 1), .rowAdded(TableID(1), row: 2), .rowAdded(TableID(2), row: 3)], now: .zero)
        core.tableViewChanged(TableID(1))
        core.tableViewChanged(TableID(99))
        let received = try drain(&core, s.index)
        #expect(received.map(\.notificationHandle) == [1, 10, 9])
        #expect(received.map(\.notificationData.flags.type) == [.newMail, .tableModified, .tableModified])
        #expect(received.dropFirst().map(\.notificationData.tableEventType) == [.tableRowAdded, .tableChanged])
        #expect(core.metrics.queuedEntries == 0)
    }
}
