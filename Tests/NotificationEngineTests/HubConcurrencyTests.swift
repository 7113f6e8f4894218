import MAPIWire
@testable import NotificationEngine
import Testing

/// NotificationHub under concurrent publishers and waiters (run under ThreadSanitizer in CI:
/// `swift test --sanitize=thread --filter NotificationEngineTests`). A lost wake-up would leave a
/// waiter parked for the full timeout, which the time limit turns into a failure.
@Suite(.timeLimit(.minutes(1))) struct HubConcurrencyTests {
    @Test func manyPublishersManyWaitersNoLossNoReorder() async throws {
        let hub = NotificationHub()
        let sessionCount = 40
        let publishers = 4
        let eventsPerPublisher = 100
        var sessions: [SessionIndex] = []
        for n in 0..<sessionCount {
            let session = try #require(hub.createSession(user: "user\(n % 7)"))
            sessions.append(session.index)
            hub.subscribe(session: session.index, handle: 0x10, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        }
        let total = publishers * eventsPerPublisher
        try await withThrowingTaskGroup(of: Void.self) { group in
            for session in sessions {
                group.addTask {
                    var received: [MessageID] = []
                    while received.count < total {
                        let outcome = await hub.wait(session: session)
                        #expect(outcome.error == .success)
                        guard outcome.pending else { continue }
                        var output: [UInt8] = []
                        // Small budgets force partial drains and RopPending.
                        hub.pack(session: session, into: &output, budget: Int.random(in: 40...600))
                        for element in try RopResponseReader.decodeAll(output) {
                            if case let .notify(notify) = element.response { received.append(notify.notificationData.messageID) }
                        }
                    }
                    #expect(received.count == total)
                    // Per publisher, its events arrive in publish order.
                    for publisher in 0..<publishers {
                        let mine = received.filter { $0.globalCounter / 10_000 == UInt64(publisher + 1) }
                        #expect(mine == mine.sorted())
                        #expect(mine.count == eventsPerPublisher)
                    }
                }
            }
            for publisher in 0..<publishers {
                group.addTask {
                    for n in 0..<eventsPerPublisher {
                        let message = MessageID(replicaID: 1, globalCounter: UInt64(publisher + 1) * 10_000 + UInt64(n))
                        hub.publish([MailboxEvent(mailbox: mailboxA, sequence: UInt64(n), kind: .objectCreated(.message(message, in: fid(1)), parentFolderID: .zero, tags: []))])
                        if n % 10 == 0 { await Task.yield() }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(hub.metrics.entriesDelivered == UInt64(total * sessionCount))
        #expect(hub.metrics.parkedWaits == 0)
    }

    @Test func concurrentSecondWaitIsRejectedAndFirstStillCompletes() async throws {
        let hub = NotificationHub()
        let session = try #require(hub.createSession(user: "u")).index
        hub.subscribe(session: session, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        let first = Task { await hub.wait(session: session) }
        // Wait until the first one is parked.
        while hub.metrics.parkedWaits == 0 { await Task.yield() }
        let second = await hub.wait(session: session)
        #expect(second == WaitOutcome(pending: false, error: .rejected))
        hub.publish([.newMail(1, in: 1)])
        #expect(await first.value == WaitOutcome(pending: true, error: .success))
    }

    @Test func cancellationAndShutdownComplete() async throws {
        let hub = NotificationHub()
        let a = try #require(hub.createSession(user: "u")).index
        let b = try #require(hub.createSession(user: "v")).index
        let cancelled = Task { await hub.wait(session: a) }
        while hub.metrics.parkedWaits == 0 { await Task.yield() }
        cancelled.cancel()
        #expect(await cancelled.value == WaitOutcome(pending: false, error: .success))

        let exiting = Task { await hub.wait(session: b) }
        while hub.metrics.parkedWaits == 0 { await Task.yield() }
        hub.shutdown()
        #expect(await exiting.value == WaitOutcome(pending: false, error: .exiting))
    }

    @Test func timeoutThroughTick() async throws {
        let clock = LockedValue<UInt64>(0)
        var configuration = EngineConfiguration()
        configuration.waitTimeout = .seconds(300)
        let hub = NotificationHub(configuration: configuration, clock: { EngineTime(nanoseconds: clock.withLock { $0 }) })
        let session = try #require(hub.createSession(user: "u")).index
        let waiting = Task { await hub.wait(session: session) }
        while hub.metrics.parkedWaits == 0 { await Task.yield() }
        #expect(hub.takeScheduledTicks() == [EngineTime(nanoseconds: 300_000_000_000)])
        clock.withLock { $0 = 300_000_000_000 }
        hub.tick()
        #expect(await waiting.value == WaitOutcome(pending: false, error: .success))
    }

    /// `wait(session:onCompletion:)`: the same wait with a callback, called exactly once, after the
    /// hub's lock is released (the callback may call the hub).
    @Test func callbackWaitsCompleteOnceInEveryWay() throws {
        let hub = NotificationHub()
        let session = try #require(hub.createSession(user: "u")).index
        hub.subscribe(session: session, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        let outcomes = LockedValue<[WaitOutcome]>([])
        let seen = { outcomes.withLock { $0 } }
        let record: @Sendable (WaitOutcome) -> Void = { outcome in
            // Calling back into the hub from the callback must not deadlock.
            _ = hub.hasPending(session: session)
            outcomes.withLock { $0.append(outcome) }
        }

        // Held, then woken by a publish; a second wait meanwhile is rejected at once.
        hub.wait(session: session, onCompletion: record)
        #expect(hub.metrics.parkedWaits == 1 && seen().isEmpty)
        hub.wait(session: session, onCompletion: record)
        #expect(seen() == [WaitOutcome(pending: false, error: .rejected)])
        hub.publish([.newMail(1, in: 1)])
        #expect(seen().last == WaitOutcome(pending: true, error: .success))

        // Something pending: answered before `wait` returns.
        hub.wait(session: session, onCompletion: record)
        #expect(seen().count == 3 && seen().last == WaitOutcome(pending: true, error: .success))
        var packed: [UInt8] = []
        hub.pack(session: session, into: &packed, budget: 1 << 16)

        // Cancelled: pending = false, once; a second cancel does nothing.
        let id = hub.wait(session: session, onCompletion: record)
        _ = hub.cancelWait(session: session, id: id)
        _ = hub.cancelWait(session: session, id: id)
        #expect(seen().count == 4 && seen().last == WaitOutcome(pending: false, error: .success))

        // Shutdown: Exiting.
        hub.wait(session: session, onCompletion: record)
        hub.shutdown()
        #expect(seen().count == 5 && seen().last == WaitOutcome(pending: false, error: .exiting))
        #expect(hub.metrics.parkedWaits == 0)
    }
}
