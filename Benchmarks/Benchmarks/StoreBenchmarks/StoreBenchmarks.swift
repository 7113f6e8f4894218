// Mailbox store benchmarks (issue 4; BENCHMARKS.md has the command, results and targets).
//
// Every store benchmark has a bare-SQLite baseline inserting the same number of rows in the same
// run, so results read as "× bare insert" and survive a change of machine:
// - create+save of a small message with its events ≤ 3× the bare insert of its 7 rows;
// - with 100,000 messages in a folder and 100 open sorted tables over it, one insert (commit +
//   deltas for every table) ≤ 50× the single bare insert.
import Benchmark
import MailboxStore

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal]
    Benchmark.defaultConfiguration = .init(metrics: metrics, timeUnits: .microseconds, maxDuration: .seconds(3), maxIterations: 100_000)

    // Fixtures live across samples (built in setup hooks), so every sample measures steady-state
    // work, not the first write into a fresh database.
    Benchmark("Store: create+save small message with events") { benchmark in
        guard let fixture = SmallFixture.store else { return }
        for _ in benchmark.scaledIterations {
            SmallFixture.next += 1
            try fixture.createAndSave(SmallFixture.next)
        }
    } setup: {
        let fixture = try StoreFixture()
        for n in 0..<1000 { try fixture.createAndSave(n) }
        SmallFixture.store = fixture
        SmallFixture.next = 1000
    } teardown: {
        SmallFixture.store = nil
    }

    Benchmark("SQLite baseline: bare insert of the same 7 rows") { benchmark in
        guard let bare = SmallFixture.bare else { return }
        for _ in benchmark.scaledIterations { try bare.insert() }
    } setup: {
        let bare = try BareSQLite()
        try bare.insert(messages: 1000)
        SmallFixture.bare = bare
    } teardown: {
        SmallFixture.bare = nil
    }

    // The 100k-message fixture is built once, in setup (filling and opening 100 sorted tables takes
    // tens of seconds), and shared by the iterations.
    let large = Benchmark.Configuration(metrics: metrics, timeUnits: .microseconds, warmupIterations: 2, maxDuration: .seconds(10), maxIterations: 500)

    Benchmark("Store: one insert, 100k messages, 100 open sorted tables", configuration: large) { benchmark in
        guard let fixture = LargeFixture.store else { return }
        for _ in benchmark.scaledIterations {
            LargeFixture.next += 1
            try fixture.createAndSave(LargeFixture.next)
        }
    } setup: {
        var fixture = try StoreFixture()
        for n in 0..<100_000 { try fixture.createAndSave(n) }
        try fixture.openSortedTables(100)
        LargeFixture.store = fixture
        LargeFixture.next = 100_000
    } teardown: {
        LargeFixture.store = nil
    }

    Benchmark("SQLite baseline: one bare insert, 100k rows present", configuration: large) { benchmark in
        guard let bare = LargeFixture.bare else { return }
        for _ in benchmark.scaledIterations { try bare.insert() }
    } setup: {
        let bare = try BareSQLite()
        try bare.insert(messages: 100_000)
        LargeFixture.bare = bare
    } teardown: {
        LargeFixture.bare = nil
    }
}

/// State shared between a benchmark's setup and its iterations.
enum SmallFixture {
    nonisolated(unsafe) static var store: StoreFixture?
    nonisolated(unsafe) static var bare: BareSQLite?
    nonisolated(unsafe) static var next = 0
}

enum LargeFixture {
    nonisolated(unsafe) static var store: StoreFixture?
    nonisolated(unsafe) static var bare: BareSQLite?
    nonisolated(unsafe) static var next = 0
}
