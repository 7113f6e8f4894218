import MAPIWire
@testable import NotificationEngine
import Testing

/// Coalescing and overflow (issue 3 "Queues"; design-notes "Queues").
@Suite struct QueueOverflowTests {
    func drain(_ core: inout NotificationCore, _ session: SessionIndex) throws -> [RopNotify] {
        var all: [RopNotify] = []
        while core.pendingCount(session: session) > 0 {
            var output: [UInt8] = []
            core.pack(session: session, into: &output, budget: 0x8000, now: .zero)
            all += try decodePoll(output).notifies
        }
        return all
    }

    @Test func repeatedObjectModifiedKeepsOnlyTheLatestAtItsPosition() throws {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.publish([
            .modifiedFolder(1, total: 5, unread: 5),
            .createdMessage(1, in: 2),
            .modifiedFolder(1, total: 6, unread: 4),
            .modifiedFolder(2, total: 1, unread: 1),
            .modifiedFolder(1, total: 7, unread: 3),
        ], now: .zero)
        let received = try drain(&core, s.index)
        // The surviving ObjectModified of folder 1 is the latest, placed where the latest was
        // published: the queue stays a subsequence of the published order.
        #expect(received.map(\.notificationData.flags.type) == [.objectCreated, .objectModified, .objectModified])
        #expect(received[1].notificationData.folderID == fid(2))
        #expect(received[2].notificationData.folderID == fid(1))
        #expect(received[2].notificationData.totalMessageCount == 7 && received[2].notificationData.unreadMessageCount == 3)
        #expect(core.metrics.objectModifiedCoalesced == 2)
    }

    @Test func coalescingIsPerHandle() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        core.subscribe(session: s.index, handle: 2, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .folder(fid(1)))
        _ = core.publish([.modifiedMessage(1, in: 1), .modifiedMessage(1, in: 1)], now: .zero)
        #expect(core.queuedEntries(session: s.index).map(\.handle).sorted() == [1, 2])
    }

    @Test func tableRowsBeyondThresholdCollapseToOneTableChanged() throws {
        var configuration = EngineConfiguration()
        configuration.tableRowCollapseThreshold = 3
        var core = NotificationCore(configuration: configuration)
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        core.registerTable(TableID(1), session: s.index, logonID: 0, handle: 9, kind: .contents, noNotifications: false)
        core.tableViewCreated(TableID(1))
        _ = core.publish([.rowAdded(TableID(1), row: 1), .newMail(1, in: 1), .rowAdded(TableID(1), row: 2), .rowAdded(TableID(1), row: 3)], now: .zero)
        #expect(core.pendingCount(session: s.index) == 4)
        _ = core.publish([.rowAdded(TableID(1), row: 4), .newMail(2, in: 1), .rowAdded(TableID(1), row: 5)], now: .zero)
        let received = try drain(&core, s.index)
        #expect(received.map(\.notificationHandle) == [1, 1, 9])
        let changed = try #require(received.last?.notificationData)
        #expect(changed.flags.rawValue == 0x8100 && changed.tableEventType == .tableChanged)
        #expect(core.metrics.tableRowsCollapsed == 5 && core.metrics.tableChangedSynthesized == 2)
    }

    @Test func entryLimitCollapsesTablesThenDropsAndCounts() throws {
        var configuration = EngineConfiguration()
        configuration.maxQueuedEntries = 10
        configuration.tableRowCollapseThreshold = 1000
        var core = NotificationCore(configuration: configuration)
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        core.registerTable(TableID(1), session: s.index, logonID: 0, handle: 9, kind: .contents, noNotifications: false)
        core.tableViewCreated(TableID(1))
        _ = core.publish((1...6).map { .rowAdded(TableID(1), row: $0) } + (1...4).map { .newMail($0, in: 1) }, now: .zero)
        #expect(core.pendingCount(session: s.index) == 10)
        // The 11th entry: the six rows collapse into one TableChanged, making room.
        _ = core.publish([.newMail(5, in: 1)], now: .zero)
        #expect(core.metrics.queueOverflows == 1 && core.metrics.tableRowsCollapsed == 6 && core.metrics.entriesDropped == 0)
        #expect(core.pendingCount(session: s.index) == 6)
        // Fill to the limit with NewMail, then once nothing can collapse, entries are dropped and counted.
        _ = core.publish((6...9).map { .newMail($0, in: 1) }, now: .zero)
        _ = core.publish([.newMail(10, in: 1), .newMail(11, in: 1)], now: .zero)
        #expect(core.metrics.entriesDropped == 2)
        // A row event at the limit still gets through as TableChanged (the table's only entry).
        _ = core.publish([.rowAdded(TableID(1), row: 7)], now: .zero)
        #expect(core.metrics.entriesDropped == 2)
        let received = try drain(&core, s.index)
        #expect(received.count == 10)
        #expect(received.last?.notificationHandle == 9 && received.last?.notificationData.tableEventType == .tableChanged)
        #expect(received.filter { $0.notificationHandle == 9 }.count == 1)
    }

    @Test func byteLimitAppliesToo() {
        var configuration = EngineConfiguration()
        configuration.maxQueuedBytes = 100
        var core = NotificationCore(configuration: configuration)
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        // ObjectCreated on a message: 6 + 20 bytes each; three fit in 100, the fourth does not.
        _ = core.publish((1...4).map { .createdMessage($0, in: 1) }, now: .zero)
        #expect(core.pendingCount(session: s.index) == 3)
        #expect(core.metrics.entriesDropped == 1 && core.metrics.queuedBytes == 78)
    }

    @Test func clientDrainingAfterOverflowLearnsTableChanged() throws {
        var configuration = EngineConfiguration()
        configuration.maxQueuedEntries = 50
        var core = NotificationCore(configuration: configuration)
        let s = core.makeSession(user: "u")
        core.registerTable(TableID(3), session: s.index, logonID: 1, handle: 0x77, kind: .hierarchy, noNotifications: false)
        core.tableViewCreated(TableID(3))
        for row in 1...500 {
            let data = NotificationData.tableRow(.tableRowAdded, contents: false, folderID: fid(UInt64(row)), insertAfterFolderID: .zero, rowData: [1, 2])
            _ = core.publish([MailboxEvent(mailbox: mailboxA, sequence: UInt64(row), kind: .tableModified(TableID(3), data))], now: .zero)
        }
        let received = try drain(&core, s.index)
        #expect(received.count == 1)
        #expect(received.first?.notificationHandle == 0x77 && received.first?.logonID == 1)
        #expect(received.first?.notificationData.tableEventType == .tableChanged && received.first?.notificationData.flags.rawValue == 0x0100)
        #expect(core.metrics.tableRowsCollapsed == 500)
    }

    @Test func tombstonesAreReclaimedUnderRepeatedCoalescing() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.publish([.createdMessage(1, in: 1)], now: .zero)
        for n in 0..<10_000 { _ = core.publish([.modifiedFolder(1, total: UInt32(n), unread: 0)], now: .zero) }
        #expect(core.pendingCount(session: s.index) == 2)
        let entries = core.queuedEntries(session: s.index)
        #expect(entries.count == 2)
        #expect(entries.last.map { Array($0.payload.suffix(8)) } == [0x0F, 0x27, 0, 0, 0, 0, 0, 0])
    }

    @Test func exactFitNeedsNoReserveForTheLastEntry() throws {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.publish([.createdMessage(1, in: 1), .createdMessage(2, in: 1)], now: .zero)
        // 26 bytes each. 51 bytes: the first (26) plus the reserve (3) fit, the second does not.
        var output: [UInt8] = []
        var result = core.pack(session: s.index, into: &output, budget: 51, now: .zero)
        #expect(result.notifications == 1 && result.wrotePending && output.count == 29)
        #expect(Array(output.suffix(3)) == [0x6E, UInt8(s.index.rawValue), 0])
        // 26 bytes for the last entry: no reserve needed, no RopPending.
        output = []
        result = core.pack(session: s.index, into: &output, budget: 26, now: .zero)
        #expect(result.notifications == 1 && !result.wrotePending && output.count == 26)
        // Budget below the smallest entry with entries queued: RopPending alone.
        _ = core.publish([.createdMessage(3, in: 1)], now: .zero)
        output = []
        result = core.pack(session: s.index, into: &output, budget: 10, now: .zero)
        #expect(result.notifications == 0 && output == [0x6E, UInt8(s.index.rawValue), 0])
        output = []
        result = core.pack(session: s.index, into: &output, budget: 2, now: .zero)
        #expect(output.isEmpty && result.remaining == 1)
    }
}

@Suite struct QueueLayoutTests {
    /// Issue 3: a queued entry costs ≤ 64 bytes plus its shared payload.
    @Test func entryIsSmall() {
        #expect(MemoryLayout<QueueEntry>.stride == 24)
    }
}
