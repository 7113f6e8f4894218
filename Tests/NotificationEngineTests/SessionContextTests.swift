import MAPIWire
@testable import NotificationEngine
import Testing

/// Session contexts and linking (MS-OXCRPC 3.1.4.1 EcDoConnectEx ulIcxrLink / pulTimeStamp).
@Suite struct SessionContextTests {
    @Test func indexesAreUniqueAmongLiveSessionsAndNeverFFFF() {
        var core = NotificationCore()
        var seen = Set<SessionIndex>()
        for _ in 0..<0xFFFE {
            let session = core.makeSession(user: "u")
            #expect(session.index != .reserved)
            seen.insert(session.index)
        }
        #expect(seen.count == 0xFFFE)
        // One index left (0xFFFF is never used, so 65,535 sessions fit) …
        let last = core.makeSession(user: "u")
        #expect(!seen.contains(last.index) && last.index != .reserved)
        // … then the engine is full.
        #expect(core.createSession(user: "u") == nil)
        _ = core.destroySession(SessionIndex(7))
        #expect(core.createSession(user: "u")?.index == SessionIndex(7))
    }

    @Test func linksOnlyWithMatchingUserIndexAndTimeStamp() {
        var core = NotificationCore()
        let a = core.makeSession(user: "alice")
        let linked = core.makeSession(user: "alice", linkTo: a)
        #expect(linked.linkedTo == a.index)
        #expect(core.linkedSessions(of: a.index) == [linked.index])

        let wrongStamp = core.createSession(user: "alice", linkIndex: UInt32(a.index.rawValue), linkTimeStamp: a.timeStamp &+ 99)
        #expect(wrongStamp?.linkedTo == nil)
        let otherUser = core.createSession(user: "bob", linkIndex: UInt32(a.index.rawValue), linkTimeStamp: a.timeStamp)
        #expect(otherUser?.linkedTo == nil)
        let noLink = core.createSession(user: "alice", linkIndex: 0xFFFF_FFFF, linkTimeStamp: a.timeStamp)
        #expect(noLink?.linkedTo == nil)
        let deadIndex = core.createSession(user: "alice", linkIndex: 0x1234, linkTimeStamp: a.timeStamp)
        #expect(deadIndex?.linkedTo == nil)
        // Only the low 16 bits of ulIcxrLink name the session.
        let highBits = core.createSession(user: "alice", linkIndex: 0xABCD_0000 | UInt32(a.index.rawValue), linkTimeStamp: a.timeStamp)
        #expect(highBits?.linkedTo == a.index)
        // Time stamps are distinct, so a reused index never links to a new session by accident.
        #expect(Set([a, linked].map(\.timeStamp)).count == 2)
    }

    @Test func linksAreSymmetricAndTransitive() {
        var core = NotificationCore()
        let a = core.makeSession(user: "alice")
        let b = core.makeSession(user: "alice", linkTo: a)
        let c = core.makeSession(user: "alice", linkTo: b)
        #expect(core.linkedSessions(of: a.index) == [b.index, c.index])
        #expect(core.linkedSessions(of: c.index) == [a.index, b.index])

        core.subscribe(session: c.index, handle: 9, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.publish([.newMail(1, in: 1)], now: .zero)
        var output: [UInt8] = []
        let result = core.pack(session: a.index, into: &output, budget: 100, now: .zero)
        #expect(result.linkedPendings == 1)
        #expect(output == [0x6E, UInt8(c.index.rawValue & 0xFF), UInt8(c.index.rawValue >> 8)])
    }

    @Test func destroyReleasesEverythingAndUnlinks() {
        var core = NotificationCore()
        let a = core.makeSession(user: "alice")
        let b = core.makeSession(user: "alice", linkTo: a)
        core.subscribe(session: b.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        core.registerTable(TableID(1), session: b.index, logonID: 0, handle: 2, kind: .contents, noNotifications: false)
        core.tableViewCreated(TableID(1))
        _ = core.publish([.newMail(1, in: 1), .rowAdded(TableID(1), row: 1)], now: .zero)
        #expect(core.pendingCount(session: b.index) == 2)
        #expect(core.metrics.queuedEntries == 2)
        let waitActions = core.beginWait(session: a.index, id: WaitID(1), now: .zero)
        #expect(waitActions == [.completeWait(WaitID(1), pending: true, error: .success)], "linked session has pending")

        let bWait = core.beginWait(session: b.index, id: WaitID(2), now: .zero)
        #expect(bWait.count == 1)
        _ = core.destroySession(b.index)
        #expect(!core.sessionExists(b.index))
        #expect(core.linkedSessions(of: a.index) == [])
        #expect(core.metrics.subscriptions == 0 && core.metrics.queuedEntries == 0 && core.metrics.queuedBytes == 0)
        #expect(!core.isTableActive(TableID(1)))
        // Nothing reaches the destroyed session, and A no longer reports it.
        _ = core.publish([.newMail(2, in: 1)], now: .zero)
        var output: [UInt8] = []
        #expect(core.pack(session: a.index, into: &output, budget: 100, now: .zero) == PackResult())
        #expect(core.pack(session: b.index, into: &output, budget: 100, now: .zero) == PackResult())
    }

    @Test func destroyCompletesParkedWait() {
        var core = NotificationCore()
        let a = core.makeSession(user: "alice")
        let parked = core.beginWait(session: a.index, id: WaitID(5), now: .zero)
        #expect(parked.allSatisfy { if case .scheduleTick = $0 { true } else { false } })
        #expect(core.destroySession(a.index) == [.completeWait(WaitID(5), pending: true, error: .success)])
        #expect(core.metrics.parkedWaits == 0)
    }
}
