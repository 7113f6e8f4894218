import MAPIWire
@testable import NotificationEngine
import Testing

/// The wait state machine (MS-OXCNOTIF 3.1.5.3; MS-OXCRPC 3.3.4.1; MS-OXCMAPIHTTP 3.1.5.5) and the
/// UDP push schedule (MS-OXCNOTIF 3.1.2, 3.1.5.4), driven deterministically through the core.
@Suite struct WaitTests {
    let minute: UInt64 = 60_000_000_000

    @Test func completesAtOnceWhenPending() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.publish([.newMail(1, in: 1)], now: .zero)
        #expect(core.beginWait(session: s.index, id: WaitID(1), now: .zero) == [.completeWait(WaitID(1), pending: true, error: .success)])
        #expect(core.metrics.parkedWaits == 0)
    }

    @Test func parksThenCompletesOnEnqueueOnlyOnce() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        #expect(core.beginWait(session: s.index, id: WaitID(1), now: .zero) == [.scheduleTick(at: EngineTime(nanoseconds: 5 * minute))])
        #expect(core.metrics.parkedWaits == 1)
        #expect(core.publish([.newMail(1, in: 1)], now: .zero) == [.completeWait(WaitID(1), pending: true, error: .success)])
        #expect(core.publish([.newMail(2, in: 1)], now: .zero) == [])
        // The stale timeout does nothing.
        #expect(core.tick(now: EngineTime(nanoseconds: 6 * minute)) == [])
        #expect(core.metrics.waitsTimedOut == 0)
    }

    @Test func timesOutWithZeroAfterFiveMinutes() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        _ = core.beginWait(session: s.index, id: WaitID(1), now: EngineTime(nanoseconds: 1))
        #expect(core.tick(now: EngineTime(nanoseconds: 5 * minute)) == [.scheduleTick(at: EngineTime(nanoseconds: 5 * minute + 1))])
        #expect(core.tick(now: EngineTime(nanoseconds: 5 * minute + 1)) == [.completeWait(WaitID(1), pending: false, error: .success)])
        #expect(core.metrics.waitsTimedOut == 1 && core.metrics.parkedWaits == 0)
        // A new wait may follow.
        #expect(core.beginWait(session: s.index, id: WaitID(2), now: EngineTime(nanoseconds: 6 * minute)).count == 1)
    }

    @Test func secondConcurrentWaitIsRejected() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        _ = core.beginWait(session: s.index, id: WaitID(1), now: .zero)
        #expect(core.beginWait(session: s.index, id: WaitID(2), now: .zero) == [.completeWait(WaitID(2), pending: false, error: .rejected)])
        #expect(ErrorCode.rejected.rawValue == 0x7EE)
        // The first one is still parked and still completes.
        #expect(core.cancelWait(session: s.index, id: WaitID(1)) == [.completeWait(WaitID(1), pending: false, error: .success)])
        #expect(core.cancelWait(session: s.index, id: WaitID(1)) == [])
    }

    @Test func linkedSessionWakesWait() {
        var core = NotificationCore()
        let a = core.makeSession(user: "u")
        let b = core.makeSession(user: "u", linkTo: a)
        core.subscribe(session: b.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.beginWait(session: a.index, id: WaitID(1), now: .zero)
        #expect(core.publish([.newMail(1, in: 1)], now: .zero) == [.completeWait(WaitID(1), pending: true, error: .success)])
    }

    @Test func shutdownCompletesWithExiting() {
        var core = NotificationCore()
        let a = core.makeSession(user: "u")
        let b = core.makeSession(user: "v")
        _ = core.beginWait(session: a.index, id: WaitID(1), now: .zero)
        _ = core.beginWait(session: b.index, id: WaitID(2), now: .zero)
        #expect(core.shutdown() == [.completeWait(WaitID(1), pending: false, error: .exiting), .completeWait(WaitID(2), pending: false, error: .exiting)])
        #expect(core.beginWait(session: a.index, id: WaitID(3), now: .zero) == [.completeWait(WaitID(3), pending: false, error: .exiting)])
    }

    @Test func unknownSessionCompletesWithPendingLikeAnInvalidACXH() {
        var core = NotificationCore()
        #expect(core.beginWait(session: SessionIndex(99), id: WaitID(1), now: .zero) == [.completeWait(WaitID(1), pending: true, error: .success)])
    }

    @Test func pushDatagramWhenPendingThenEverySixtySecondsUntilDrained() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        let context: [UInt8] = [1, 2, 3, 4]
        let address: [UInt8] = [2, 0, 0x12, 0x34, 127, 0, 0, 1] + [UInt8](repeating: 0, count: 8)
        #expect(core.registerPush(session: s.index, context: context, address: address, now: .zero) == [])
        let second: UInt64 = 1_000_000_000
        let t0 = EngineTime(nanoseconds: 10 * second)
        #expect(core.publish([.newMail(1, in: 1)], now: t0) == [
            .sendDatagram(session: s.index, context: context, address: address), .scheduleTick(at: EngineTime(nanoseconds: 70 * second)),
        ])
        // More events while one is pending: no extra datagram.
        #expect(core.publish([.newMail(2, in: 1)], now: t0) == [])
        #expect(core.tick(now: EngineTime(nanoseconds: 69 * second)) == [.scheduleTick(at: EngineTime(nanoseconds: 70 * second))])
        #expect(core.tick(now: EngineTime(nanoseconds: 70 * second)) == [
            .sendDatagram(session: s.index, context: context, address: address), .scheduleTick(at: EngineTime(nanoseconds: 130 * second)),
        ])
        var output: [UInt8] = []
        core.pack(session: s.index, into: &output, budget: 0x8000, now: .zero)
        #expect(core.tick(now: EngineTime(nanoseconds: 130 * second)) == [])
        // Pending again after the drain: a new datagram at once.
        #expect(core.publish([.newMail(3, in: 1)], now: EngineTime(nanoseconds: 200 * second)).first == .sendDatagram(session: s.index, context: context, address: address))
        #expect(core.metrics.datagramsSent == 3)
    }

    @Test func pushRegisteredWhilePendingSendsAtOnce() {
        var core = NotificationCore()
        let s = core.makeSession(user: "u")
        core.subscribe(session: s.index, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        _ = core.publish([.newMail(1, in: 1)], now: .zero)
        let actions = core.registerPush(session: s.index, context: [9], address: [2, 0], now: .zero)
        #expect(actions.first == .sendDatagram(session: s.index, context: [9], address: [2, 0]))
    }
}
