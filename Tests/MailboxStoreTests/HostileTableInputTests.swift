import Dispatch
import MAPIWire
@testable import MailboxStore
import NotificationEngine
import Testing

@Suite struct HostileTableInputTests {
    @Test func tableMisuseIsTypedAndHarmless() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "h@x", legacyExchangeDN: "/cn=h").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        try store.addMessage(mailbox, inbox, subject: "a")
        let contents = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        let hierarchy = try store.openTable(mailbox, folder: inbox, kind: .hierarchy(fullDepth: false))
        _ = sink.take()

        #expect(throws: StoreError.notFound) { try store.tableRowCount(TableID(9999)) }
        #expect(throws: StoreError.notFound) { try store.openTable(mailbox, folder: FolderID(replicaID: 1, globalCounter: 123_456), kind: .contents(associated: false)) }
        #expect(throws: StoreError.noColumns) { try store.queryRows(contents, count: 10, forward: true, advance: true) }
        #expect(throws: StoreError.noColumns) { try store.findRow(contents, restriction: .exist(Tags.subject), origin: .beginning, backward: false) }
        #expect(throws: StoreError.invalidParameter("no columns")) { try store.setColumns(contents, []) }
        #expect(throws: StoreError.self) { try store.setColumns(contents, [PropertyTag(id: 0x0037, type: .unspecified)]) }
        #expect(throws: StoreError.self) { try store.setColumns(contents, [PropertyTag(id: 0x0037, type: .errorCode)]) }
        #expect(throws: StoreError.self) { try store.setColumns(contents, [PropertyTag(id: 0x0037, type: PropertyType(0x0099))]) }
        #expect(throws: StoreError.notSupported) { try store.sortTable(hierarchy, [SortOrder(tag: Tags.displayName, descending: false)]) }
        #expect(throws: StoreError.tooComplex) { try store.sortTable(contents, [SortOrder(tag: PropertyTag(id: 0x8001, type: PropertyType(0x301F)), descending: false)]) }
        let dl = Restriction.property(.memberOfDistributionList, tag: Tags.subject, value: TaggedPropertyValue(tag: Tags.subject, value: .string("x")))
        #expect(throws: StoreError.tooComplex) { try store.restrictTable(contents, .not(dl)) }
        try store.setColumns(contents, [Tags.mid])
        try store.setColumns(hierarchy, [Tags.folderID])
        // A bookmark from another table, a forged one, a truncated one.
        let foreign = try store.createBookmark(hierarchy)
        _ = try store.createBookmark(contents)  // the same bookmark number exists on this table too
        #expect(throws: StoreError.invalidBookmark) { try store.seekRowBookmark(contents, bookmark: foreign, offset: 0) }
        #expect(throws: StoreError.invalidBookmark) { try store.findRow(contents, restriction: .exist(Tags.mid), origin: .bookmark([UInt8](repeating: 0xFF, count: 16)), backward: false) }
        #expect(throws: StoreError.invalidBookmark) { try store.freeBookmark(contents, Array(foreign.prefix(5))) }
        // Seeking far out of range clamps.
        #expect(try store.seekRow(contents, origin: .beginning, offset: Int32.max) == (true, 1))
        #expect(try store.seekRow(contents, origin: .end, offset: Int32.min) == (true, -1))
        #expect(try store.seekRowFractional(contents, numerator: UInt32.max, denominator: 1) == ())
        #expect(try store.queryPosition(contents) == (1, 1))
        // Closed tables are gone; closing twice is harmless.
        store.closeTable(contents)
        store.closeTable(contents)
        #expect(throws: StoreError.notFound) { try store.tableRowCount(contents) }
        try store.addMessage(mailbox, inbox, subject: "b")
        #expect(!sink.take().contains { $0.kind.tableData?.0 == contents })
    }

    /// Operations from many threads: every commit's events arrive whole and in one order, with
    /// strictly increasing per-mailbox sequence numbers, and the final counts add up.
    @Test func concurrentOperationsStayOrdered() throws {
        let (store, sink) = try makeStore()
        let mailboxes = try (0..<4).map { try store.createMailbox(userName: "u\($0)@x", legacyExchangeDN: "/cn=u\($0)").id }
        _ = sink.take()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let mailbox = mailboxes[worker % mailboxes.count]
            guard let inbox = try? store.specialFolderID(mailbox, .inbox) else { return }
            for index in 0..<40 {
                let mid = try? store.addMessage(mailbox, inbox, subject: "w\(worker)-\(index)", read: false)
                if let mid, index % 3 == 0 { _ = try? store.setReadFlags(mailbox, folder: inbox, messages: [mid], flags: 0) }
            }
        }
        var last: [MailboxID: UInt64] = [:]
        for event in sink.events {
            #expect(event.sequence > last[event.mailbox, default: 0])
            last[event.mailbox] = event.sequence
        }
        for mailbox in mailboxes {
            let inbox = try store.specialFolderID(mailbox, .inbox)
            #expect(try store.folderProperties(mailbox, inbox, [Tags.contentCount, Tags.contentUnreadCount]) == [.value(.integer32(80)), .value(.integer32(80 - 2 * 14))])
            // The last count event of each Inbox carries the final counts.
            let lastCounts = sink.events.last { event in
                if case let .objectModified(ref, _, _?, _?) = event.kind { return ref == .folder(inbox) }
                return false
            }
            #expect(lastCounts?.kind == .objectModified(.folder(inbox), tags: [Tags.contentCount, Tags.contentUnreadCount], totalMessageCount: 80, unreadMessageCount: 52))
        }
    }
}

@Suite struct LargeValueTests {
    @Test func tableRowsTruncateLongValues() throws {
        let (store, sink) = try makeStore()
        let mailbox = try store.createMailbox(userName: "l@x", legacyExchangeDN: "/cn=l").id
        let inbox = try store.specialFolderID(mailbox, .inbox)
        let table = try store.openTable(mailbox, folder: inbox, kind: .contents(associated: false))
        let columns = [Tags.subject, Tags.body, PropertyTag(id: 0x8001, type: .binary)]
        try store.setColumns(table, columns)
        _ = sink.take()
        var message = try store.createMessage(mailbox, folder: inbox)
        message.setProperties([
            TaggedPropertyValue(tag: Tags.subject, value: .string("short")),
            TaggedPropertyValue(tag: Tags.body, value: .string(String(repeating: "é", count: 10_000))),
            TaggedPropertyValue(tag: PropertyTag(id: 0x8001, type: .binary), value: .binary([UInt8](repeating: 7, count: 60_000))),
        ])
        try store.saveMessage(&message)
        let data = try #require(sink.take().compactMap(\.kind.tableData).first?.1)
        var reader = ByteReader(data.tableRowData)
        let row = try PropertyRow.decode(columns: columns, from: &reader)
        #expect(row.cells[0] == .value(.string("short")))
        #expect(row.cells[1] == .value(.string(String(repeating: "é", count: 255))))
        #expect(row.cells[2] == .value(.binary([UInt8](repeating: 7, count: 510))))
        // The stored message keeps everything.
        let stored = try store.openMessage(mailbox, folder: inbox, message: message.id)
        #expect(stored.properties[Tags.body] == .string(String(repeating: "é", count: 10_000)))
    }
}
