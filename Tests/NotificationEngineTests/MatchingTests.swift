import MAPIWire
@testable import NotificationEngine
import Testing

/// The matching rule of docs/ENGINE.md ("Matching"; MS-OXCNOTIF 2.2.1.2.1 leaves finer scope
/// implementation-defined, protocol-reference §4.7).
@Suite struct MatchingTests {
    /// Which of the named subscriptions hear `event`.
    func hearers(_ event: MailboxEvent, types: NotificationTypes = .allEvents) -> Set<String> {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        let scopes: [(String, SubscriptionScope, MailboxID)] = [
            ("store", .wholeMailbox, mailboxA),
            ("otherStore", .wholeMailbox, mailboxB),
            ("F1", .folder(fid(1)), mailboxA),
            ("F2", .folder(fid(2)), mailboxA),
            ("F3", .folder(fid(3)), mailboxA),
            ("M1", .message(mid(1)), mailboxA),
            ("M2", .message(mid(2)), mailboxA),
        ]
        for (offset, (_, scope, mailbox)) in scopes.enumerated() {
            core.subscribe(session: s.index, handle: UInt32(offset), logonID: 0, mailbox: mailbox, types: types, scope: scope)
        }
        _ = core.publish([event], now: .zero)
        return Set(core.queuedEntries(session: s.index).map { scopes[Int($0.handle)].0 })
    }

    @Test func folderScopeHearsTheFolderAndMessagesDirectlyInIt() {
        #expect(hearers(.modifiedFolder(1, total: 1, unread: 0)) == ["store", "F1"])
        #expect(hearers(.modifiedMessage(1, in: 1)) == ["store", "F1", "M1"])
        #expect(hearers(.createdMessage(3, in: 2)) == ["store", "F2"])
        // A subfolder created under F1 is an event on the subfolder, not on F1.
        let subfolder = MailboxEvent(mailbox: mailboxA, sequence: 1, kind: .objectCreated(.folder(fid(9)), parentFolderID: fid(1), tags: []))
        #expect(hearers(subfolder) == ["store"])
    }

    @Test func newMailReachesItsFolder() {
        #expect(hearers(.newMail(2, in: 3)) == ["store", "F3", "M2"])
    }

    @Test func messageScopeHearsOnlyThatMessage() {
        #expect(hearers(.modifiedMessage(2, in: 3)) == ["store", "F3", "M2"])
        #expect(hearers(.modifiedMessage(4, in: 3)) == ["store", "F3"])
    }

    @Test func movesAndCopiesMatchOldAndNewLocationOnce() {
        let move = MailboxEvent(mailbox: mailboxA, sequence: 1, kind: .objectMoved(
            .message(mid(2), in: fid(2)), parentFolderID: .zero, old: .message(mid(1), in: fid(1)), oldParentFolderID: .zero))
        #expect(hearers(move) == ["store", "F1", "F2", "M1", "M2"])
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .folder(fid(1)))
        let withinFolder = MailboxEvent(mailbox: mailboxA, sequence: 1, kind: .objectCopied(
            .message(mid(2), in: fid(1)), parentFolderID: .zero, old: .message(mid(1), in: fid(1)), oldParentFolderID: .zero))
        _ = core.publish([withinFolder], now: .zero)
        #expect(core.pendingCount(session: s.index) == 1, "a subscription hears one event once")
    }

    @Test func typesMaskAndMailboxFilter() {
        #expect(hearers(.newMail(1, in: 1), types: [.objectModified]) == [])
        #expect(hearers(.modifiedMessage(1, in: 1, mailbox: mailboxB)) == ["otherStore"])
        // Subscriptions never hear TableModified: table notifications go to table handles only.
        #expect(hearers(.rowAdded(TableID(1), row: 1)) == [])
    }

    @Test func releaseStopsAndPurges() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        core.subscribe(session: s.index, handle: 2, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.publish([.newMail(1, in: 1)], now: .zero)
        let result1 = core.release(session: s.index, handle: 1)
        #expect(result1)
        #expect(core.queuedEntries(session: s.index).map(\.handle) == [2])
        _ = core.publish([.newMail(2, in: 1)], now: .zero)
        #expect(core.queuedEntries(session: s.index).map(\.handle) == [2, 2])
        let result2 = core.release(session: s.index, handle: 1)
        #expect(!result2)
        #expect(core.metrics.subscriptions == 1 && core.metrics.entriesPurged == 1)
    }

    @Test func payloadIsSharedAndHeaderCarriesHandleAndLogon() throws {
        var core = NotificationCore()
        var sessions: [SessionIndex] = []
        for n in 0..<3 {
            let s = core.makeSession(user: "u\(n)")
            sessions.append(s.index)
            core.subscribe(session: s.index, handle: 0x100 + UInt32(n), logonID: UInt8(n), mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        }
        _ = core.publish([.modifiedMessage(1, in: 1)], now: .zero)
        #expect(core.metrics.payloadsEncoded == 1)
        for (n, index) in sessions.enumerated() {
            var output: [UInt8] = []
            core.pack(session: index, into: &output, budget: 1000, now: .zero)
            let poll = try decodePoll(output)
            #expect(poll.notifies.count == 1 && poll.pendings.isEmpty)
            #expect(poll.notifies.first?.notificationHandle == 0x100 + UInt32(n))
            #expect(poll.notifies.first?.logonID == UInt8(n))
            // MS-OXCNOTIF 2.2.1.4.1.2: ObjectModified on a message, TagCount 0 (Exchange 2013+ default).
            #expect(Array(output.prefix(8)) == [0x2A, 0x00 + UInt8(n), 0x01, 0, 0, UInt8(n), 0x10, 0x80])
        }
    }

    @Test func newMailUnicodeFlagFollowsCachedModeWithAtMostTwoEncodings() throws {
        var core = NotificationCore()
        let online = core.makeSession(user: "a")
        let cached = core.makeSession(user: "b", cachedMode: true)
        let online2 = core.makeSession(user: "c")
        for s in [online, cached, online2] {
            core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .newMail, scope: .folder(fid(1)))
        }
        let event = MailboxEvent(mailbox: mailboxA, sequence: 1, kind: .newMail(folderID: fid(1), messageID: mid(1), messageFlags: 0x20, messageClass: "IPM.Note"))
        _ = core.publish([event], now: .zero)
        #expect(core.metrics.payloadsEncoded == 2)
        var output: [UInt8] = []
        core.pack(session: cached.index, into: &output, budget: 1000, now: .zero)
        let ansi = try #require(try decodePoll(output).notifies.first?.notificationData)
        #expect(!ansi.unicode && ansi.messageClass == "IPM.Note" && ansi.messageFlags == 0x20)
        output = []
        core.pack(session: online.index, into: &output, budget: 1000, now: .zero)
        let unicode = try #require(try decodePoll(output).notifies.first?.notificationData)
        #expect(unicode.unicode && unicode.messageClass == "IPM.Note")
    }

    @Test func policiesForTagsAndNewMailFlags() throws {
        var configuration = EngineConfiguration()
        configuration.tagCountPolicy = .realTags
        configuration.newMailFlagsPolicy = .zero
        var core = NotificationCore(configuration: configuration)
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        let tag = PropertyTag(rawValue: 0x0E07_0003)
        _ = core.publish([
            MailboxEvent(mailbox: mailboxA, sequence: 1, kind: .objectModified(.message(mid(1), in: fid(1)), tags: [tag], totalMessageCount: nil, unreadMessageCount: nil)),
            MailboxEvent(mailbox: mailboxA, sequence: 2, kind: .newMail(folderID: fid(1), messageID: mid(2), messageFlags: 0x20, messageClass: "IPM.Note")),
        ], now: .zero)
        var output: [UInt8] = []
        core.pack(session: s.index, into: &output, budget: 1000, now: .zero)
        let notifies = try decodePoll(output).notifies
        #expect(notifies.count == 2)
        #expect(notifies.first?.notificationData.tags == [tag])
        #expect(notifies.last?.notificationData.messageFlags == 0)
    }
}

/// Table subscriptions (MS-OXCNOTIF 3.1.4.3).
@Suite struct TableSubscriptionTests {
    @Test func inactiveUntilViewPausedByResetNeverWithNoNotifications() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        let table = TableID(1)
        let result3 = core.registerTable(table, session: s.index, logonID: 2, handle: 0x42, kind: .contents, noNotifications: false)
        #expect(result3)
        _ = core.publish([.rowAdded(table, row: 1)], now: .zero)
        #expect(core.pendingCount(session: s.index) == 0, "no view yet")
        core.tableViewCreated(table)
        _ = core.publish([.rowAdded(table, row: 2)], now: .zero)
        #expect(core.queuedEntries(session: s.index).map { [$0.handle, UInt32($0.logonID)] } == [[0x42, 2]])
        core.tableReset(table)
        #expect(core.pendingCount(session: s.index) == 0, "reset drops rows of the discarded view")
        _ = core.publish([.rowAdded(table, row: 3)], now: .zero)
        #expect(core.pendingCount(session: s.index) == 0, "paused after RopResetTable")
        core.tableViewCreated(table)
        _ = core.publish([.rowAdded(table, row: 4)], now: .zero)
        #expect(core.pendingCount(session: s.index) == 1)
        let result4 = core.release(session: s.index, handle: 0x42)
        #expect(result4)
        #expect(core.pendingCount(session: s.index) == 0)
        _ = core.publish([.rowAdded(table, row: 5)], now: .zero)
        #expect(core.pendingCount(session: s.index) == 0)

        let result5 = core.registerTable(TableID(2), session: s.index, logonID: 0, handle: 0x43, kind: .contents, noNotifications: true)
        #expect(!result5)
        core.tableViewCreated(TableID(2))
        _ = core.publish([.rowAdded(TableID(2), row: 1)], now: .zero)
        #expect(core.pendingCount(session: s.index) == 0, "NoNotifications tables are never subscribed")
    }

    @Test func oversizeRowBecomesTableChanged() throws {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.registerTable(TableID(1), session: s.index, logonID: 0, handle: 7, kind: .hierarchy, noNotifications: false)
        core.tableViewCreated(TableID(1))
        let big = NotificationData.tableRow(.tableRowAdded, contents: false, folderID: fid(1), insertAfterFolderID: .zero, rowData: [UInt8](repeating: 1, count: 20_000))
        _ = core.publish([MailboxEvent(mailbox: mailboxA, sequence: 1, kind: .tableModified(TableID(1), big))], now: .zero)
        #expect(core.queuedEntries(session: s.index).map(\.payload) == [encoded(.tableEvent(.tableChanged, contents: false))])
        #expect(core.metrics.oversizeDegraded == 1)
    }
}
