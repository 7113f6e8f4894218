// Table ROP benchmarks (issue 6; BENCHMARKS.md targets):
// - RopQueryRows of 100 rows through the processor (decode request, handle lookup, store read,
//   row encoding, response) ≤ 5× the store's raw read of the same 100 rows in the same run;
// - one change in a folder with 100,000 messages and 100 open views (table objects with a view,
//   default newest-first order) → commit, 100 informative TableRowAdded through the engine, and
//   the poll that packs them: compare with the store budget of docs/STORE.md (one insert with 100
//   open sorted tables ≤ 50× one bare SQLite insert).
import Benchmark
import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine

/// A server with one user whose Inbox holds `messages` messages, and one session logged on with
/// the Inbox open.
final class TableFixture {
    let server: EMSMDBServer
    let session: EMSMDBSession
    let mailbox: MailboxID
    let inbox: FolderID
    let logon: UInt32
    let folder: UInt32
    var tables: [UInt32] = []
    var next = 0

    static let columns: [PropertyTag] = [Tags.mid, Tags.subject, Tags.messageFlags, Tags.lastModificationTime]

    init(messages: Int) throws {
        let server = try EMSMDBServer(backend: try SQLiteBackend())
        let dn = "/o=Herald/ou=Bench/cn=Recipients/cn=bench"
        let mailbox = try server.store.createMailbox(userName: "bench", legacyExchangeDN: dn).id
        let inbox = try server.store.specialFolderID(mailbox, .inbox)
        for number in 1...max(messages, 1) where number <= messages {
            try Self.add(server.store, mailbox, inbox, number)
        }
        next = messages
        let session = server.connect(userName: "bench")!
        var ropsList: [UInt8] = []
        RopLogonRequest(logonID: 0, outputHandleIndex: 0, logonFlags: RopLogonRequest.LogonFlags.private, openFlags: 0, distinguishedName: dn).encode(into: &ropsList)
        RopOpenFolderRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, folderID: inbox, openModeFlags: 0).encode(into: &ropsList)
        var input: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: [RopBuffer.unusedHandle, RopBuffer.unusedHandle]).encode(into: &input)
        let handles = try RopBuffer.decode(try server.executeRops(session: session, ropBuffer: input, maxRopOut: 0x8000)).handleTable
        self.server = server
        self.session = session
        self.mailbox = mailbox
        self.inbox = inbox
        logon = handles[0]
        folder = handles[1]
    }

    static func add(_ store: MailboxStore, _ mailbox: MailboxID, _ inbox: FolderID, _ number: Int) throws {
        var message = try store.createMessage(mailbox, folder: inbox)
        message.setProperties([TaggedPropertyValue(tag: Tags.subject, value: .string("message \(number)"))])
        _ = try store.saveMessage(&message)
    }

    func add() throws {
        next += 1
        try Self.add(server.store, mailbox, inbox, next)
    }

    @discardableResult
    func run(_ ropsList: [UInt8], handles: [UInt32]) throws -> [UInt32] {
        var input: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: handles).encode(into: &input)
        let output = try server.executeRops(session: session, ropBuffer: input, maxRopOut: 0x8000)
        return try RopBuffer.decode(output).handleTable
    }

    /// Opens a contents table with columns and a view (QueryPosition); returns its handle.
    @discardableResult
    func openTable() throws -> UInt32 {
        var ropsList: [UInt8] = []
        RopGetContentsTableRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, tableFlags: 0).encode(into: &ropsList)
        RopSetColumnsRequest(logonID: 0, inputHandleIndex: 1, setColumnsFlags: 0, propertyTags: Self.columns).encode(into: &ropsList)
        RopQueryPositionRequest(logonID: 0, inputHandleIndex: 1).encode(into: &ropsList)
        let handle = try run(ropsList, handles: [folder, RopBuffer.unusedHandle])[1]
        tables.append(handle)
        return handle
    }

    /// RopSeekRow to the beginning + RopQueryRows of 100 rows, NoAdvance.
    lazy var queryRowsRequest: [UInt8] = {
        var ropsList: [UInt8] = []
        RopQueryRowsRequest(logonID: 0, inputHandleIndex: 0, queryRowsFlags: 0x01, forwardRead: true, rowCount: 100).encode(into: &ropsList)
        var input: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: [tables[0]]).encode(into: &input)
        return input
    }()
}

nonisolated(unsafe) var small: TableFixture?
nonisolated(unsafe) var large: TableFixture?
nonisolated(unsafe) var tableID: TableID?

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal]
    Benchmark.defaultConfiguration = .init(metrics: metrics, timeUnits: .microseconds, maxDuration: .seconds(3), maxIterations: 100_000)

    Benchmark("Processor: RopQueryRows of 100 rows") { benchmark in
        guard let fixture = small else { return }
        let input = fixture.queryRowsRequest
        for _ in benchmark.scaledIterations {
            blackHole(try fixture.server.executeRops(session: fixture.session, ropBuffer: input, maxRopOut: 0x8000))
        }
    } setup: {
        let fixture = try TableFixture(messages: 1000)
        try fixture.openTable()
        small = fixture
    } teardown: {
        small = nil
    }

    Benchmark("Store: raw read of the same 100 rows") { benchmark in
        guard let fixture = small, let id = tableID else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try fixture.server.store.queryRows(id, count: 100, forward: true, advance: false))
        }
    } setup: {
        let fixture = try TableFixture(messages: 1000)
        let id = try fixture.server.store.openTable(fixture.mailbox, folder: fixture.inbox, kind: .contents(associated: false))
        try fixture.server.store.setColumns(id, TableFixture.columns)
        small = fixture
        tableID = id
    } teardown: {
        small = nil
        tableID = nil
    }

    let big = Benchmark.Configuration(metrics: metrics, timeUnits: .microseconds, warmupIterations: 2, maxDuration: .seconds(10), maxIterations: 500)

    Benchmark("Processor: one change, 100k messages, 100 open views → 100 TableRowAdded, polled", configuration: big) { benchmark in
        guard let fixture = large else { return }
        for _ in benchmark.scaledIterations {
            try fixture.add()
            blackHole(try fixture.run([], handles: []))
        }
    } setup: {
        let fixture = try TableFixture(messages: 100_000)
        for _ in 0..<100 { try fixture.openTable() }
        large = fixture
    } teardown: {
        large = nil
    }
}
