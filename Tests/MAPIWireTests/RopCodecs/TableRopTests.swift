import MAPIWire
import Testing

@Suite("Table ROP codecs (MS-OXCROPS 2.2.5)")
struct TableRopTests {
    static let midAndSubject = [ropTagMid, ropTagSubject]

    @Test("RopSetColumns, RopSortTable, RopRestrict: MS-OXCROPS 2.2.5.1–2.2.5.3")
    func setColumnsSortRestrict() throws {
        let columns = try expectRequestRoundTrip(RopSetColumnsRequest.self, """
            12 00 01 00           # RopId, LogonId, InputHandleIndex, SetColumnsFlags
            02 00 14 00 4A 67 1F 00 37 00   # PropertyTagCount 2, PidTagMid, PidTagSubject
            """.strippingComments)
        #expect(columns.propertyTags == Self.midAndSubject)
        let status = try expectResponseRoundTrip(RopSetColumnsResponse.self, "12 01 00 00 00 00 00")
        #expect(status.outcome == .success(.init(tableStatus: 0)))
        try expectResponseRoundTrip(RopSetColumnsResponse.self, "12 01 57 00 07 80")

        let sort = try expectRequestRoundTrip(RopSortTableRequest.self, """
            13 00 01 00            # SortTableFlags
            01 00 00 00 00 00      # SortOrderCount 1, CategoryCount 0, ExpandedCount 0
            40 00 06 0E 01         # PidTagMessageDeliveryTime descending
            """.strippingComments)
        #expect(sort.sortOrderSet.sortOrders == [SortOrder(propertyTag: PropertyTag(0x0E06_0040), order: SortOrder.descending)])
        try expectResponseRoundTrip(RopSortTableResponse.self, "13 01 00 00 00 00 00")

        let restrict = try expectRequestRoundTrip(RopRestrictRequest.self, "14 00 01 00 05 00 08 1F 00 37 00")
        #expect(restrict.restrictionData == hex("08 1F 00 37 00"))
        try expectRequestRoundTrip(RopRestrictRequest.self, "14 00 01 00 00 00")
        try expectResponseRoundTrip(RopRestrictResponse.self, "14 01 00 00 00 00 00")
    }

    @Test("RopQueryRows request: the MS-OXCTABL 4.5.3.1 example")
    func queryRowsRequest() throws {
        let request = try expectRequestRoundTrip(RopQueryRowsRequest.self, "15 00 00 00 01 32 00")
        #expect(request.queryRowsFlags == 0 && request.forwardRead && request.rowCount == 50)
    }

    @Test("RopQueryRows response over the table's columns: MS-OXCROPS 2.2.5.4.2 (rop-reference §6.4 example)")
    func queryRowsResponse() throws {
        let response = try expectColumnResponseRoundTrip(RopQueryRowsResponse.self, columns: Self.midAndSubject, """
            15 01 00 00 00 00   # RopId, InputHandleIndex, ReturnValue
            02 01 00            # Origin BOOKMARK_END, RowCount 1
            00 01 00 00 00 00 00 00 9A 48 00 69 00 00 00   # StandardPropertyRow: MID, "Hi"
            """.strippingComments)
        let row = PropertyRow(values: [.integer64(Int64(bitPattern: makeFID(0x9A).wireValue)), .string("Hi")])
        #expect(response.outcome == .success(.init(origin: 2, rows: [row])))
        // A flagged row: the subject is missing (FlaggedPropertyValue 0x0A + NotFound).
        try expectColumnResponseRoundTrip(RopQueryRowsResponse.self, columns: Self.midAndSubject, """
            15 01 00 00 00 00 01 01 00
            01 00 01 00 00 00 00 00 00 9A 0A 0F 01 04 80
            """)
        try expectColumnResponseRoundTrip(RopQueryRowsResponse.self, columns: Self.midAndSubject, "15 01 B9 04 00 00")
        // RowCount larger than the bytes can hold is rejected.
        var reader = ByteReader(hex("15 01 00 00 00 00 02 FF FF 00"))
        #expect(throws: WireError.self) { try RopQueryRowsResponse.decode(from: &reader, columns: Self.midAndSubject) }
    }

    @Test("RopAbort, RopGetStatus, RopQueryPosition: MS-OXCROPS 2.2.5.5–2.2.5.7")
    func statusROPs() throws {
        try expectRequestRoundTrip(RopAbortRequest.self, "38 00 01")
        let abort = try expectResponseRoundTrip(RopAbortResponse.self, "38 01 14 01 04 80")
        #expect(abort.returnValue == .abortFailed)
        try expectRequestRoundTrip(RopGetStatusRequest.self, "16 00 01")
        try expectResponseRoundTrip(RopGetStatusResponse.self, "16 01 00 00 00 00 00")
        try expectRequestRoundTrip(RopQueryPositionRequest.self, "17 00 01")
        let position = try expectResponseRoundTrip(RopQueryPositionResponse.self, "17 01 00 00 00 00 02 00 00 00 0A 00 00 00")
        #expect(position.outcome == .success(.init(numerator: 2, denominator: 10)))
    }

    @Test("RopSeekRow, RopSeekRowBookmark, RopSeekRowFractional: MS-OXCROPS 2.2.5.8–2.2.5.10")
    func seekROPs() throws {
        let seek = try expectRequestRoundTrip(RopSeekRowRequest.self, "18 00 01 01 FE FF FF FF 01")
        #expect(seek.origin == 1 && seek.rowCount == -2 && seek.wantRowMovedCount)
        let sought = try expectResponseRoundTrip(RopSeekRowResponse.self, "18 01 00 00 00 00 01 FF FF FF FF")
        #expect(sought.outcome == .success(.init(hasSoughtLess: true, rowsSought: -1)))
        let bookmark = try expectRequestRoundTrip(RopSeekRowBookmarkRequest.self, "19 00 01 04 00 AA BB CC DD 05 00 00 00 00")
        #expect(bookmark.bookmark == hex("AA BB CC DD") && bookmark.rowCount == 5)
        try expectResponseRoundTrip(RopSeekRowBookmarkResponse.self, "19 01 00 00 00 00 01 00 05 00 00 00")
        try expectResponseRoundTrip(RopSeekRowBookmarkResponse.self, "19 01 05 04 04 80")
        let fractional = try expectRequestRoundTrip(RopSeekRowFractionalRequest.self, "1A 00 01 01 00 00 00 02 00 00 00")
        #expect(fractional.numerator == 1 && fractional.denominator == 2)
        try expectResponseRoundTrip(RopSeekRowFractionalResponse.self, "1A 01 00 00 00 00")
    }

    @Test("Bookmarks and columns: MS-OXCROPS 2.2.5.11, 2.2.5.12, 2.2.5.14, 2.2.5.15")
    func bookmarks() throws {
        try expectRequestRoundTrip(RopCreateBookmarkRequest.self, "1B 00 01")
        let created = try expectResponseRoundTrip(RopCreateBookmarkResponse.self, "1B 01 00 00 00 00 04 00 01 02 03 04")
        #expect(created.outcome.successValue?.bookmark == [1, 2, 3, 4])
        try expectRequestRoundTrip(RopFreeBookmarkRequest.self, "89 00 01 04 00 01 02 03 04")
        try expectResponseRoundTrip(RopFreeBookmarkResponse.self, "89 01 05 04 04 80")
        try expectRequestRoundTrip(RopQueryColumnsAllRequest.self, "37 00 01")
        let all = try expectResponseRoundTrip(RopQueryColumnsAllResponse.self, "37 01 00 00 00 00 01 00 14 00 4A 67")
        #expect(all.outcome.successValue?.propertyTags == [ropTagMid])
        try expectRequestRoundTrip(RopResetTableRequest.self, "81 00 01")
        try expectResponseRoundTrip(RopResetTableResponse.self, "81 01 00 00 00 00")
    }

    @Test("RopFindRow: MS-OXCROPS 2.2.5.13")
    func findRow() throws {
        let request = try expectRequestRoundTrip(RopFindRowRequest.self, """
            4F 00 01 00                  # FindRowFlags forwards
            05 00 08 1F 00 37 00         # RestrictionDataSize, ExistRestriction(PidTagSubject)
            03 02 00 AA BB               # Origin CUSTOM, BookmarkSize 2, Bookmark
            """.strippingComments)
        #expect(request.origin == 3 && request.bookmark == [0xAA, 0xBB])
        let found = try expectColumnResponseRoundTrip(RopFindRowResponse.self, columns: [ropTagMid], """
            4F 01 00 00 00 00 00 01 00 \(fidHex(0x9A))
            """)
        #expect(found.outcome.successValue?.row == PropertyRow(values: [.integer64(Int64(bitPattern: makeFID(0x9A).wireValue))]))
        let noRow = try expectColumnResponseRoundTrip(RopFindRowResponse.self, columns: [ropTagMid], "4F 01 00 00 00 00 01 00")
        #expect(noRow.outcome == .success(.init(rowNoLongerVisible: true, row: nil)))
        try expectColumnResponseRoundTrip(RopFindRowResponse.self, columns: [ropTagMid], "4F 01 0F 01 04 80")
    }

    @Test("Categories: RopExpandRow, RopCollapseRow, RopGetCollapseState, RopSetCollapseState (MS-OXCROPS 2.2.5.16–2.2.5.19)")
    func categories() throws {
        let expand = try expectRequestRoundTrip(RopExpandRowRequest.self, "59 00 01 00 00 08 07 06 05 04 03 02 01")
        #expect(expand.categoryID == 0x0102_0304_0506_0708 && expand.maxRowCount == 0)
        try expectColumnResponseRoundTrip(RopExpandRowResponse.self, columns: [ropTagMid], """
            59 01 00 00 00 00 03 00 00 00 01 00 00 \(fidHex(0x9A))
            """)
        try expectColumnResponseRoundTrip(RopExpandRowResponse.self, columns: [ropTagMid], "59 01 F8 04 00 00")
        try expectRequestRoundTrip(RopCollapseRowRequest.self, "5A 00 01 08 07 06 05 04 03 02 01")
        try expectResponseRoundTrip(RopCollapseRowResponse.self, "5A 01 00 00 00 00 03 00 00 00")
        let get = try expectRequestRoundTrip(RopGetCollapseStateRequest.self, "6B 00 01 08 07 06 05 04 03 02 01 02 00 00 00")
        #expect(get.rowInstanceNumber == 2)
        try expectResponseRoundTrip(RopGetCollapseStateResponse.self, "6B 01 00 00 00 00 02 00 AA BB")
        try expectRequestRoundTrip(RopSetCollapseStateRequest.self, "6C 00 01 02 00 AA BB")
        try expectResponseRoundTrip(RopSetCollapseStateResponse.self, "6C 01 00 00 00 00 02 00 CC DD")
    }
}
