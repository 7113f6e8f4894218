import MAPIWire
@testable import NotificationEngine
import Testing

/// Commit-to-delivery latency (issue 8 `/metrics`; docs/ENGINE.md "Delivery latency"). Every time
/// here is injected: publish and pack take `now`, the hub takes a manual clock.
@Suite struct DeliveryLatencyTests {
    static func ms(_ n: UInt64) -> EngineTime { EngineTime(nanoseconds: n * 1_000_000) }

    func subscribedCore(_ configuration: EngineConfiguration = EngineConfiguration()) -> (NotificationCore, SessionIndex) {
        var core = NotificationCore(configuration: configuration)
        let s = core.makeSession(user: "u").index
        core.subscribe(session: s, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        return (core, s)
    }

    func withTable(_ core: inout NotificationCore, _ s: SessionIndex) {
        core.registerTable(TableID(1), session: s, logonID: 0, handle: 9, kind: .contents, noNotifications: false)
        core.tableViewCreated(TableID(1))
    }

    @discardableResult
    func drain(_ core: inout NotificationCore, _ s: SessionIndex, now: EngineTime) throws -> [RopNotify] {
        var output: [UInt8] = []
        core.pack(session: s, into: &output, budget: 0x8000, now: now)
        #expect(core.pendingCount(session: s) == 0)
        return try decodePoll(output).notifies
    }

    // MARK: Buckets

    @Test func bucketBoundsArePowersOfTwoNanoseconds() {
        typealias H = DeliveryLatencyHistogram
        #expect(H.bucketCount == 21)
        #expect(H.bucketIndex(nanoseconds: 0) == 0)
        #expect(H.bucketIndex(nanoseconds: 1) == 0)
        #expect(H.bucketIndex(nanoseconds: 1 << 16) == 0)
        #expect(H.bucketIndex(nanoseconds: (1 << 16) + 1) == 1)
        #expect(H.bucketIndex(nanoseconds: 1 << 17) == 1)
        #expect(H.bucketIndex(nanoseconds: 3_000_000) == 6) // 3 ms ≤ 2^22 ns = 4.194304 ms
        #expect(H.bucketIndex(nanoseconds: 1 << 35) == 19)
        #expect(H.bucketIndex(nanoseconds: (1 << 35) + 1) == 20)
        #expect(H.bucketIndex(nanoseconds: .max) == 20)
        #expect(H.upperBoundNanoseconds(bucket: 0) == 65_536)
        #expect(H.upperBoundNanoseconds(bucket: 19) == 34_359_738_368)
        #expect(H.upperBoundNanoseconds(bucket: 20) == nil)
    }

    @Test func bucketIndexMatchesALinearScan() {
        var random = SplitMix64(seed: 0x1A7E_4C9)
        for _ in 0..<20_000 {
            // Spread over every magnitude, with exact powers of two and their neighbours.
            let shift = Int(random.next() % 64)
            let base = random.next() >> UInt64(shift)
            for latency in [base, UInt64(1) << UInt64(shift % 64), (UInt64(1) << UInt64(shift % 64)) &+ 1] {
                var expected = DeliveryLatencyHistogram.bucketCount - 1
                for bucket in 0..<(DeliveryLatencyHistogram.bucketCount - 1) {
                    if latency <= DeliveryLatencyHistogram.upperBoundNanoseconds(bucket: bucket)! { expected = bucket; break }
                }
                #expect(DeliveryLatencyHistogram.bucketIndex(nanoseconds: latency) == expected, "latency \(latency)")
            }
        }
    }

    @Test func aTimeAfterNowCountsAsZero() {
        var histogram = DeliveryLatencyHistogram()
        histogram.record(publishedAt: Self.ms(5), now: Self.ms(4))
        #expect(histogram.buckets[0] == 1 && histogram.count == 1 && histogram.sumNanoseconds == 0)
    }

    // MARK: Engine

    @Test func publishThenPackThreeMillisecondsLater() throws {
        var (core, s) = subscribedCore()
        let t0 = EngineTime(nanoseconds: 7_000_000_000)
        _ = core.publish([.newMail(1, in: 1)], now: t0)
        try drain(&core, s, now: EngineTime(nanoseconds: t0.rawValue + 3_000_000))
        let latency = core.metrics.deliveryLatency
        #expect(latency.count == 1)
        #expect(latency.sumNanoseconds == 3_000_000)
        #expect(latency.buckets[6] == 1)
        #expect(latency.buckets.reduce(0, +) == 1)
    }

    @Test func countAndSumAcrossPacksMatchEntriesDelivered() throws {
        var (core, s) = subscribedCore()
        _ = core.publish([.newMail(1, in: 1), .createdMessage(2, in: 1)], now: Self.ms(10))
        _ = core.publish([.newMail(3, in: 1)], now: Self.ms(20))
        // A budget for the first entry plus the RopPending reserve: two packs.
        let first = try #require(core.queuedEntries(session: s).first)
        var output: [UInt8] = []
        core.pack(session: s, into: &output, budget: RopNotify.headerSize + first.payload.count + RopPending.encodedSize, now: Self.ms(21))
        #expect(core.metrics.deliveryLatency.count == 1)
        try drain(&core, s, now: Self.ms(30))
        let latency = core.metrics.deliveryLatency
        #expect(latency.count == 3)
        #expect(latency.count == core.metrics.entriesDelivered)
        // 21 − 10, then 30 − 10 and 30 − 20.
        #expect(latency.sumNanoseconds == (11 + 20 + 10) * 1_000_000)
        #expect(latency.buckets.reduce(0, +) == 3)
    }

    @Test func fanOutSharesOneTimePerEvent() throws {
        var core = NotificationCore()
        let sessions = (0..<3).map { _ in core.makeSession(user: "u").index }
        for s in sessions {
            core.subscribe(session: s, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        }
        _ = core.publish([.createdMessage(1, in: 1)], now: Self.ms(1))
        for (offset, s) in sessions.enumerated() { try drain(&core, s, now: Self.ms(2 + UInt64(offset))) }
        #expect(core.metrics.payloadsEncoded == 1)
        #expect(core.metrics.deliveryLatency.sumNanoseconds == (1 + 2 + 3) * 1_000_000)
    }

    @Test func coalescedObjectModifiedCountsFromTheNewestCommit() throws {
        var (core, s) = subscribedCore()
        _ = core.publish([.modifiedFolder(1, total: 1, unread: 1)], now: Self.ms(10))
        _ = core.publish([.modifiedFolder(1, total: 2, unread: 2)], now: Self.ms(20))
        let received = try drain(&core, s, now: Self.ms(25))
        #expect(received.count == 1)
        #expect(core.metrics.objectModifiedCoalesced == 1)
        #expect(core.metrics.deliveryLatency.count == 1)
        #expect(core.metrics.deliveryLatency.sumNanoseconds == 5_000_000)
    }

    @Test func thresholdCollapseKeepsTheOldestTime() throws {
        var configuration = EngineConfiguration()
        configuration.tableRowCollapseThreshold = 3
        var (core, s) = subscribedCore(configuration)
        withTable(&core, s)
        for (row, time) in [(1, 10), (2, 20), (3, 30), (4, 40)] as [(UInt64, UInt64)] {
            _ = core.publish([.rowAdded(TableID(1), row: row)], now: Self.ms(time))
        }
        // Folds into the pending TableChanged: still the oldest time.
        _ = core.publish([.rowAdded(TableID(1), row: 5)], now: Self.ms(50))
        let received = try drain(&core, s, now: Self.ms(100))
        #expect(received.map(\.notificationData.tableEventType) == [.tableChanged])
        #expect(core.metrics.tableRowsCollapsed == 5)
        #expect(core.metrics.deliveryLatency.count == 1)
        #expect(core.metrics.deliveryLatency.sumNanoseconds == 90_000_000)
    }

    @Test func storeTableChangedSupersedingRowsKeepsTheOldestTime() throws {
        var (core, s) = subscribedCore()
        withTable(&core, s)
        _ = core.publish([.rowAdded(TableID(1), row: 1)], now: Self.ms(10))
        _ = core.publish([.rowAdded(TableID(1), row: 2)], now: Self.ms(20))
        let tableChanged = MailboxEvent(mailbox: mailboxA, sequence: 0, kind: .tableModified(TableID(1), .tableEvent(.tableChanged, contents: true)))
        _ = core.publish([tableChanged], now: Self.ms(30))
        _ = core.publish([tableChanged], now: Self.ms(40))
        #expect(try drain(&core, s, now: Self.ms(50)).count == 1)
        #expect(core.metrics.deliveryLatency.sumNanoseconds == 40_000_000)

        // Nothing pending: a store TableChanged counts from its own commit.
        _ = core.publish([tableChanged], now: Self.ms(60))
        try drain(&core, s, now: Self.ms(61))
        #expect(core.metrics.deliveryLatency.count == 2)
        #expect(core.metrics.deliveryLatency.sumNanoseconds == 41_000_000)
    }

    @Test func viewChangeCollapseKeepsTheOldestTime() throws {
        var (core, s) = subscribedCore()
        withTable(&core, s)
        _ = core.publish([.rowAdded(TableID(1), row: 1)], now: Self.ms(10))
        _ = core.publish([.rowAdded(TableID(1), row: 2)], now: Self.ms(20))
        core.tableViewChanged(TableID(1))
        #expect(try drain(&core, s, now: Self.ms(30)).map(\.notificationData.tableEventType) == [.tableChanged])
        #expect(core.metrics.deliveryLatency.sumNanoseconds == 20_000_000)
    }

    @Test func overflowCollapseOfTheIncomingRowUsesItsOwnTime() throws {
        var configuration = EngineConfiguration()
        configuration.maxQueuedEntries = 1
        var (core, s) = subscribedCore(configuration)
        withTable(&core, s)
        _ = core.publish([.newMail(1, in: 1)], now: Self.ms(10))
        // No room: the row itself becomes its table's TableChanged, dated by the row's commit.
        _ = core.publish([.rowAdded(TableID(1), row: 1)], now: Self.ms(20))
        #expect(core.metrics.queueOverflows == 1)
        let received = try drain(&core, s, now: Self.ms(25))
        #expect(received.count == 2)
        #expect(core.metrics.deliveryLatency.sumNanoseconds == (15 + 5) * 1_000_000)
    }

    @Test func synthesizedTableChangedSharesTheStaticBytes() {
        let early = EncodedNotification.tableChanged(.contents, publishedAt: Self.ms(1))
        let late = EncodedNotification.tableChanged(.contents, publishedAt: Self.ms(2))
        #expect(early !== late)
        #expect(early.publishedAt == Self.ms(1) && late.publishedAt == Self.ms(2))
        let sameStorage = early.bytes.withUnsafeBufferPointer { a in late.bytes.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
        #expect(sameStorage)
        #expect(early.bytes == encoded(.tableEvent(.tableChanged, contents: true)))
    }

    @Test func queueEntryStaysTwentyFourBytes() {
        #expect(MemoryLayout<QueueEntry>.size <= 24)
        #expect(MemoryLayout<QueueEntry>.stride == 24)
    }

    // MARK: Hub

    @Test func hubDatesPublishAndPackWithItsClock() throws {
        let clock = LockedValue(EngineTime(nanoseconds: 1_000_000_000))
        let hub = NotificationHub(clock: { clock.withLock { $0 } })
        let s = try #require(hub.createSession(user: "u")).index
        hub.subscribe(session: s, handle: 1, logonID: 0, mailbox: mailboxA, types: .allEvents, scope: .wholeMailbox)
        hub.publish([.newMail(1, in: 1)])
        clock.withLock { $0 = EngineTime(nanoseconds: $0.rawValue + 3_000_000) }
        var output: [UInt8] = []
        #expect(hub.pack(session: s, into: &output, budget: 0x8000).notifications == 1)
        let latency = hub.metrics.deliveryLatency
        #expect(latency.count == 1 && latency.sumNanoseconds == 3_000_000 && latency.buckets[6] == 1)
    }
}
