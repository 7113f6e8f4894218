import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// One session with a logon, the Inbox open and tables over it, driven by raw ROP bytes.
struct TableClient {
    let fixture: EMSMDBFixture
    let session: EMSMDBSession
    let logon: UInt32
    let inbox: FolderID
    let inboxHandle: UInt32

    init(_ fixture: EMSMDBFixture, user: String = "alice", folder: SpecialFolder = .inbox) throws {
        self.fixture = fixture
        session = fixture.connect(user)
        logon = try fixture.logon(session)
        inbox = try fixture.folderID(user, folder)
        inboxHandle = try Self.open(fixture, session, logon, inbox)
    }

    static func open(_ fixture: EMSMDBFixture, _ session: EMSMDBSession, _ logon: UInt32, _ folder: FolderID) throws -> UInt32 {
        let output = try fixture.run(session, [.openFolder(RopOpenFolderRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, folderID: folder, openModeFlags: 0))],
                                     handles: [logon, RopBuffer.unusedHandle])
        guard case let .openFolder(response)? = try output.responses().first, response.returnValue == .success else {
            throw FixtureError.unexpected("open folder: \(hexString(output.ropsList))")
        }
        return output.handles[1]
    }

    func openFolder(_ folder: FolderID) throws -> UInt32 { try Self.open(fixture, session, logon, folder) }

    /// RopGetContentsTable (or hierarchy) + RopSetColumns [+ RopSortTable] in one buffer; returns the
    /// table handle and the RowCount.
    func openTable(folder: UInt32? = nil, hierarchy: Bool = false, flags: UInt8 = 0, columns: [PropertyTag],
                   sort: [MAPIWire.SortOrder] = []) throws -> (handle: UInt32, rowCount: UInt32) {
        var ropsList: [UInt8] = []
        if hierarchy {
            RopGetHierarchyTableRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, tableFlags: flags).encode(into: &ropsList)
        } else {
            RopGetContentsTableRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, tableFlags: flags).encode(into: &ropsList)
        }
        RopSetColumnsRequest(logonID: 0, inputHandleIndex: 1, setColumnsFlags: 0, propertyTags: columns).encode(into: &ropsList)
        if !sort.isEmpty {
            RopSortTableRequest(logonID: 0, inputHandleIndex: 1, sortTableFlags: 0, sortOrderSet: SortOrderSet(sortOrders: sort)).encode(into: &ropsList)
        }
        let output = try fixture.run(session, ropsList, handles: [folder ?? inboxHandle, RopBuffer.unusedHandle])
        var reader = ByteReader(output.ropsList)
        let rowCount: UInt32
        if hierarchy {
            let response = try RopGetHierarchyTableResponse.decode(from: &reader)
            guard case let .success(success) = response.outcome else { throw FixtureError.unexpected("hierarchy: \(response.returnValue)") }
            rowCount = success.rowCount
        } else {
            let response = try RopGetContentsTableResponse.decode(from: &reader)
            guard case let .success(success) = response.outcome else { throw FixtureError.unexpected("contents: \(response.returnValue)") }
            rowCount = success.rowCount
        }
        let columnsResponse = try RopSetColumnsResponse.decode(from: &reader)
        guard columnsResponse.returnValue == .success else { throw FixtureError.unexpected("set columns \(columnsResponse.returnValue)") }
        if !sort.isEmpty {
            let sortResponse = try RopSortTableResponse.decode(from: &reader)
            guard sortResponse.returnValue == .success else { throw FixtureError.unexpected("sort \(sortResponse.returnValue)") }
        }
        return (output.handles[1], rowCount)
    }

    /// Runs one request on `handle` and returns the raw response list.
    func run(_ request: RopRequest, on handle: UInt32, maxRopOut: Int = 0x8000) throws -> [UInt8] {
        try fixture.run(session, [request], handles: [handle], maxRopOut: maxRopOut).ropsList
    }

    /// RopQueryRows from the current position; returns the rows, origin and any responses after it.
    func queryRows(_ handle: UInt32, columns: [PropertyTag], count: UInt16 = 0x1000, forward: Bool = true, flags: UInt8 = 0,
                   maxRopOut: Int = 0x8000) throws -> (rows: [PropertyRow], origin: UInt8, rest: [RopResponse]) {
        let bytes = try run(.queryRows(RopQueryRowsRequest(logonID: 0, inputHandleIndex: 0, queryRowsFlags: flags, forwardRead: forward, rowCount: count)),
                            on: handle, maxRopOut: maxRopOut)
        var reader = ByteReader(bytes)
        let response = try RopQueryRowsResponse.decode(from: &reader, columns: columns)
        guard case let .success(success) = response.outcome else { throw FixtureError.unexpected("query rows \(response.returnValue)") }
        let rest = try RopResponseReader.decodeAll(Array(bytes[reader.offset...])).map(\.response)
        return (success.rows, success.origin, rest)
    }

    /// All rows from the beginning (seek + read), without disturbing anything else.
    func freshRead(_ handle: UInt32, columns: [PropertyTag]) throws -> [PropertyRow] {
        _ = try run(.seekRow(RopSeekRowRequest(logonID: 0, inputHandleIndex: 0, origin: 0, rowCount: 0, wantRowMovedCount: false)), on: handle)
        return try queryRows(handle, columns: columns).rows
    }

    func notifications(maxRopOut: Int = 0x8000) throws -> [RopNotify] {
        try fixture.poll(session, maxRopOut: maxRopOut).responses().compactMap { if case let .notify(n) = $0 { n } else { nil } }
    }

    func release(_ handle: UInt32) throws {
        _ = try fixture.run(session, [.release(RopReleaseRequest(logonID: 0, inputHandleIndex: 0))], handles: [handle])
    }
}

func mid(of row: PropertyRow) -> MessageID? {
    if case let .value(.integer64(raw)) = row.cells.first { return ObjectID(wireValue: UInt64(bitPattern: raw)) }
    return nil
}

/// Adds a message as "the other session" would: straight through the store, whose sink is the
/// server's hub, so every session sees the events.
@discardableResult
func addMessage(_ fixture: EMSMDBFixture, _ user: String, _ folder: FolderID, subject: String, importance: Int32 = 1, read: Bool = true) throws -> MessageID {
    var message = try fixture.store.createMessage(fixture.mailbox(user).id, folder: folder)
    message.setProperties([
        TaggedPropertyValue(tag: Tags.subject, value: .string(subject)),
        TaggedPropertyValue(tag: Tags.importance, value: .integer32(importance)),
        TaggedPropertyValue(tag: Tags.messageFlags, value: .integer32(read ? 0x09 : 0x08)),
    ])
    return try fixture.store.saveMessage(&message)
}

let midSubject: [PropertyTag] = [Tags.mid, Tags.subject]

@Suite struct TableROPTests {
    @Test func getContentsTableSetColumnsQueryRowsBytes() throws {
        let fixture = try EMSMDBFixture()
        let client = try TableClient(fixture)
        let first = try addMessage(fixture, "alice", client.inbox, subject: "Hi")
        // RopGetContentsTable (0x05): LogonId 0, in 0, out 1, TableFlags 0.
        let output = try fixture.run(client.session, hex("05 00 00 01 00"), handles: [client.inboxHandle, RopBuffer.unusedHandle])
        #expect(output.ropsList == hex("05 01 00 00 00 00") + UInt32(1).le)
        let table = output.handles[1]
        #expect(table != RopBuffer.unusedHandle)
        // QueryRows before SetColumns: ecNullObject (MS-OXCTABL 3.2.5.5).
        #expect(try client.run(.queryRows(RopQueryRowsRequest(logonID: 0, inputHandleIndex: 0, queryRowsFlags: 0, forwardRead: true, rowCount: 10)), on: table)
                == hex("15 00 B9 04 00 00"))
        // RopSetColumns (0x12) PidTagMid, PidTagSubject → TBLSTAT_COMPLETE.
        #expect(try fixture.run(client.session, hex("12 00 00 00 02 00 14 00 4A 67 1F 00 37 00"), handles: [table]).ropsList == hex("12 00 00 00 00 00 00"))
        // RopQueryRows (0x15): Advance, forward, 10 rows → Origin END, 1 row (rop-reference §6.4 example).
        let rows = try fixture.run(client.session, hex("15 00 00 00 01 0A 00"), handles: [table]).ropsList
        #expect(rows == hex("15 00 00 00 00 00 02 01 00 00") + first.wire + hex("48 00 69 00 00 00"))
        // At the end: zero rows, END.
        #expect(try fixture.run(client.session, hex("15 00 00 00 01 0A 00"), handles: [table]).ropsList == hex("15 00 00 00 00 00 02 00 00"))
        // Not a table: ecNotSupported.
        #expect(try fixture.run(client.session, hex("15 00 00 00 01 0A 00"), handles: [client.inboxHandle]).ropsList == hex("15 00 02 01 04 80"))
    }

    @Test func cursorRopsBookmarksAndStatusBytes() throws {
        let fixture = try EMSMDBFixture()
        let client = try TableClient(fixture)
        for index in 0..<5 { try addMessage(fixture, "alice", client.inbox, subject: "m\(index)") }
        let table = try client.openTable(columns: midSubject).handle
        // RopQueryPosition (0x17): 0 of 5.
        #expect(try client.run(.queryPosition(RopQueryPositionRequest(logonID: 0, inputHandleIndex: 0)), on: table) == hex("17 00 00 00 00 00") + UInt32(0).le + UInt32(5).le)
        // RopSeekRow (0x18) from END by -2 → sought -2.
        #expect(try fixture.run(client.session, hex("18 00 00 02 FE FF FF FF 01"), handles: [table]).ropsList == hex("18 00 00 00 00 00 00 FE FF FF FF"))
        // Beyond the beginning: HasSoughtLess, RowsSought -3.
        #expect(try fixture.run(client.session, hex("18 00 00 01 9C FF FF FF 01"), handles: [table]).ropsList == hex("18 00 00 00 00 00 01 FD FF FF FF"))
        // Bad origin: ecInvalidParameter.
        #expect(try fixture.run(client.session, hex("18 00 00 07 00 00 00 00 01"), handles: [table]).ropsList == hex("18 00 57 00 07 80"))
        // RopSeekRowFractional (0x1A) 1/2 → row 3 (2.5 rounds up); denominator 0 → ecInvalidParameter.
        #expect(try fixture.run(client.session, hex("1A 00 00 01 00 00 00 02 00 00 00"), handles: [table]).ropsList == hex("1A 00 00 00 00 00"))
        #expect(try client.run(.queryPosition(RopQueryPositionRequest(logonID: 0, inputHandleIndex: 0)), on: table) == hex("17 00 00 00 00 00") + UInt32(3).le + UInt32(5).le)
        #expect(try fixture.run(client.session, hex("1A 00 00 01 00 00 00 00 00 00 00"), handles: [table]).ropsList == hex("1A 00 57 00 07 80"))
        // RopCreateBookmark (0x1B): a 16-byte bookmark.
        let created = try fixture.run(client.session, hex("1B 00 00"), handles: [table]).ropsList
        #expect(created.prefix(8) == hex("1B 00 00 00 00 00 10 00")[...])
        let bookmark = Array(created[8...])
        #expect(bookmark.count == 16)
        // RopSeekRowBookmark (0x19) +1 from it → position 4.
        var seek: [UInt8] = hex("19 00 00 10 00") + bookmark + hex("01 00 00 00 01")
        #expect(try fixture.run(client.session, seek, handles: [table]).ropsList == hex("19 00 00 00 00 00 00 00 01 00 00 00"))
        // RopFreeBookmark (0x89), twice: the second is ecInvalidBookmark.
        let free = hex("89 00 00 10 00") + bookmark
        #expect(try fixture.run(client.session, free, handles: [table]).ropsList == hex("89 00 00 00 00 00"))
        #expect(try fixture.run(client.session, free, handles: [table]).ropsList == hex("89 00 05 04 04 80"))
        seek = hex("19 00 00 10 00") + bookmark + hex("00 00 00 00 01")
        #expect(try fixture.run(client.session, seek, handles: [table]).ropsList == hex("19 00 05 04 04 80"))
        // RopGetStatus (0x16): complete; RopAbort (0x38): ecUnableToAbort.
        #expect(try fixture.run(client.session, hex("16 00 00"), handles: [table]).ropsList == hex("16 00 00 00 00 00 00"))
        #expect(try fixture.run(client.session, hex("38 00 00"), handles: [table]).ropsList == hex("38 00 14 01 04 80"))
        // RopQueryColumnsAll (0x37) lists PidTagMid and PidTagSubject among others.
        let all = try fixture.run(client.session, hex("37 00 00"), handles: [table]).ropsList
        var reader = ByteReader(all)
        guard case let .success(columns) = try RopQueryColumnsAllResponse.decode(from: &reader).outcome else { Issue.record("columns all"); return }
        #expect(columns.propertyTags.contains(Tags.mid) && columns.propertyTags.contains(Tags.subject))
    }

    @Test func sortRestrictFindRowAndResetBytes() throws {
        let fixture = try EMSMDBFixture()
        let client = try TableClient(fixture)
        var ids: [MessageID] = []
        for (subject, importance) in [("b", 1), ("a", 2), ("c", 1), ("d", 0)] {
            ids.append(try addMessage(fixture, "alice", client.inbox, subject: subject, importance: Int32(importance)))
        }
        // Importance descending, then subject ascending.
        let table = try client.openTable(columns: midSubject, sort: [
            MAPIWire.SortOrder(propertyTag: Tags.importance, order: MAPIWire.SortOrder.descending),
            MAPIWire.SortOrder(propertyTag: Tags.subject, order: MAPIWire.SortOrder.ascending),
        ]).handle
        #expect(try client.freshRead(table, columns: midSubject).compactMap(mid) == [ids[1], ids[0], ids[2], ids[3]])
        // Ascending both.
        var ropsList: [UInt8] = []
        RopSortTableRequest(logonID: 0, inputHandleIndex: 0, sortTableFlags: 0, sortOrderSet: SortOrderSet(sortOrders: [
            MAPIWire.SortOrder(propertyTag: Tags.importance, order: MAPIWire.SortOrder.ascending),
            MAPIWire.SortOrder(propertyTag: Tags.subject, order: MAPIWire.SortOrder.descending),
        ])).encode(into: &ropsList)
        #expect(try fixture.run(client.session, ropsList, handles: [table]).ropsList == hex("13 00 00 00 00 00 00"))
        #expect(try client.freshRead(table, columns: midSubject).compactMap(mid) == [ids[3], ids[2], ids[0], ids[1]])
        // Categories → ecTooComplex; MaximumCategory order → ecTooComplex too (it needs categories).
        #expect(try fixture.run(client.session, hex("13 00 00 00 01 00 01 00 01 00 1F 00 37 00 00"), handles: [table]).ropsList == hex("13 00 17 01 04 80"))
        // Hierarchy tables cannot be sorted.
        let hierarchy = try client.openTable(hierarchy: true, columns: [Tags.folderID]).handle
        #expect(try fixture.run(client.session, hex("13 00 00 00 01 00 00 00 00 00 1F 00 01 30 00"), handles: [hierarchy]).ropsList == hex("13 00 02 01 04 80"))
        // RopRestrict (0x14): PidTagImportance == 1.
        let importanceOne = Restriction.property(.equal, tag: Tags.importance, value: TaggedPropertyValue(tag: Tags.importance, value: .integer32(1)))
        var restrict: [UInt8] = []
        RopRestrictRequest(logonID: 0, inputHandleIndex: 0, restrictFlags: 0, restrictionData: importanceOne.encoded()).encode(into: &restrict)
        #expect(try fixture.run(client.session, restrict, handles: [table]).ropsList == hex("14 00 00 00 00 00 00"))
        #expect(try client.freshRead(table, columns: midSubject).compactMap(mid) == [ids[2], ids[0]])
        // RopFindRow (0x4F) forwards from the beginning: subject "b".
        let b = Restriction.property(.equal, tag: Tags.subject, value: TaggedPropertyValue(tag: Tags.subject, value: .string("b")))
        var find: [UInt8] = []
        RopFindRowRequest(logonID: 0, inputHandleIndex: 0, findRowFlags: 0, restrictionData: b.encoded(), origin: 0, bookmark: []).encode(into: &find)
        #expect(try fixture.run(client.session, find, handles: [table]).ropsList == hex("4F 00 00 00 00 00 00 01 00") + ids[0].wire + hex("62 00 00 00"))
        // Not there: ecNotFound. Bad origin: ecInvalidParameter.
        let z = Restriction.property(.equal, tag: Tags.subject, value: TaggedPropertyValue(tag: Tags.subject, value: .string("z")))
        find = []
        RopFindRowRequest(logonID: 0, inputHandleIndex: 0, findRowFlags: 1, restrictionData: z.encoded(), origin: 2, bookmark: []).encode(into: &find)
        #expect(try fixture.run(client.session, find, handles: [table]).ropsList == hex("4F 00 0F 01 04 80"))
        find = []
        RopFindRowRequest(logonID: 0, inputHandleIndex: 0, findRowFlags: 0, restrictionData: b.encoded(), origin: 9, bookmark: []).encode(into: &find)
        #expect(try fixture.run(client.session, find, handles: [table]).ropsList == hex("4F 00 57 00 07 80"))
        // RopResetTable (0x81): columns gone → QueryRows ecNullObject; all rows back.
        #expect(try fixture.run(client.session, hex("81 00 00"), handles: [table]).ropsList == hex("81 00 00 00 00 00"))
        #expect(try fixture.run(client.session, hex("15 00 00 00 01 0A 00"), handles: [table]).ropsList == hex("15 00 B9 04 00 00"))
        #expect(try fixture.run(client.session, hex("17 00 00"), handles: [table]).ropsList == hex("17 00 00 00 00 00") + UInt32(0).le + UInt32(4).le)
    }

    @Test func collapseRopsOnUncategorizedTables() throws {
        let fixture = try EMSMDBFixture()
        let client = try TableClient(fixture)
        let id = try addMessage(fixture, "alice", client.inbox, subject: "x")
        let table = try client.openTable(columns: midSubject).handle
        // RopExpandRow (0x59) / RopCollapseRow (0x5A): no category rows → ecNotFound.
        #expect(try fixture.run(client.session, hex("59 00 00 00 00") + id.wire, handles: [table]).ropsList == hex("59 00 0F 01 04 80"))
        #expect(try fixture.run(client.session, hex("5A 00 00") + id.wire, handles: [table]).ropsList == hex("5A 00 0F 01 04 80"))
        // RopGetCollapseState (0x6B) → a state; RopSetCollapseState (0x6C) → a bookmark on that row.
        let got = try fixture.run(client.session, hex("6B 00 00") + id.wire + hex("00 00 00 00"), handles: [table]).ropsList
        #expect(got.prefix(8) == hex("6B 00 00 00 00 00 0D 00")[...])
        let state = Array(got[8...])
        let set = try fixture.run(client.session, hex("6C 00 00 0D 00") + state, handles: [table]).ropsList
        #expect(set.prefix(8) == hex("6C 00 00 00 00 00 10 00")[...])
        let bookmark = Array(set[8...])
        #expect(try fixture.run(client.session, hex("19 00 00 10 00") + bookmark + hex("00 00 00 00 01"), handles: [table]).ropsList
                == hex("19 00 00 00 00 00 00 00 00 00 00 00"))
        #expect(try fixture.run(client.session, hex("6C 00 00 02 00 01 02"), handles: [table]).ropsList == hex("6C 00 57 00 07 80"))
    }
}
