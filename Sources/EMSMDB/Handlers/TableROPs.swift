import MAPIWire
import MailboxStore
import NotificationEngine

/// Table ROPs (MS-OXCTABL) and search-folder criteria (MS-OXCFOLD 3.2.5.4, 3.2.5.5).
///
/// All table work is synchronous: SetColumns / SortTable / Restrict answer TBLSTAT_COMPLETE, so
/// RopGetStatus always says complete and RopAbort has nothing to abort (MS-OXCTABL 3.2.5.1 lets
/// the server ignore TBL_ASYNC). Table notifications (MS-OXCNOTIF 3.1.4.3): a table is registered
/// with the engine when it is opened (never with NoNotifications), becomes active at the first
/// view-creating ROP (RopQueryRows, RopFindRow, RopQueryColumnsAll, RopQueryPosition, RopSeekRow,
/// RopSeekRowBookmark, RopSeekRowFractional, RopExpandRow, RopCollapseRow), is paused by
/// RopResetTable until the next one, and when its view changes (RopSetColumns, RopSortTable,
/// RopRestrict) the row events still queued for it — in old columns or old order — become one
/// TableChanged. TableRestrictionChanged is never sent: MS-OXCTABL 3.2.5.1 asks for it only when
/// an asynchronous RopRestrict completes, and RopResetTable (3.2.5.16) pauses the table's
/// notifications anyway.
enum TableROPs {
    /// TableFlags of RopGetContentsTable / RopGetHierarchyTable (MS-OXCFOLD 2.2.1.13.1, 2.2.1.14.1).
    enum TableFlags {
        static let associated: UInt8 = 0x02
        static let depth: UInt8 = 0x04
        static let deferredErrors: UInt8 = 0x08
        static let noNotifications: UInt8 = 0x10
        static let softDeletes: UInt8 = 0x20
        static let useUnicode: UInt8 = 0x40
        /// Contents tables: ConversationMembers; hierarchy tables: SuppressesNotifications.
        static let high: UInt8 = 0x80
    }

    /// TableStatus TBLSTAT_COMPLETE (MS-OXCTABL 2.2.2.1.3).
    static let complete: UInt8 = 0x00

    /// The Table object a table ROP names; any other kind → ecNotSupported (MS-OXCTABL: "valid only
    /// on Table objects").
    static func table(_ index: UInt8, _ context: ROPContext) throws(ROPError) -> TableObject {
        try context.object(at: index, as: TableObject.self, wrongType: .notSupported)
    }

    /// A view-creating ROP ran: the table's notifications flow from now on.
    static func viewCreated(_ table: TableObject, _ context: ROPContext) {
        context.hub.tableViewCreated(table.tableID)
    }

    // MARK: Opening tables (MS-OXCFOLD 3.2.5.13, 3.2.5.14)

    /// RopGetHierarchyTable: Depth lists every descendant; SoftDeletes is answered ecNotSupported
    /// (folders are never soft-deleted in Herald, see docs/STORE.md).
    static func getHierarchyTable(_ request: RopGetHierarchyTableRequest, _ context: inout ROPContext) throws -> RopGetHierarchyTableResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        guard request.tableFlags & 0x03 == 0 else { throw ROPError.invalidParameter }
        let rowCount = try open(
            folder, kind: .hierarchy(fullDepth: request.tableFlags & TableFlags.depth != 0), flags: request.tableFlags,
            outputIndex: request.outputHandleIndex, &context)
        return RopGetHierarchyTableResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(.init(rowCount: rowCount)))
    }

    /// RopGetContentsTable: Associated lists FAI messages; SoftDeletes the soft-deleted ones;
    /// ConversationMembers (0x80) is not supported.
    static func getContentsTable(_ request: RopGetContentsTableRequest, _ context: inout ROPContext) throws -> RopGetContentsTableResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        guard request.tableFlags & (0x01 | TableFlags.depth) == 0 else { throw ROPError.invalidParameter }
        guard request.tableFlags & TableFlags.high == 0 else { throw ROPError.notSupported }
        let rowCount = try open(
            folder, kind: .contents(associated: request.tableFlags & TableFlags.associated != 0), flags: request.tableFlags,
            outputIndex: request.outputHandleIndex, &context)
        return RopGetContentsTableResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(.init(rowCount: rowCount)))
    }

    private static func open(_ folder: FolderObject, kind: StoreTableKind, flags: UInt8, outputIndex: UInt8, _ context: inout ROPContext) throws -> UInt32 {
        try context.checkOutputIndex(outputIndex)
        guard context.canAllocateHandle else { throw ROPError(.notEnoughMemory) }
        let noNotifications = flags & TableFlags.noNotifications != 0
        let store = context.store
        let tableID = try store.openTable(
            folder.mailboxID, folder: folder.folderID, kind: kind, notifications: !noNotifications,
            unicode: flags & TableFlags.useUnicode != 0, softDeletes: flags & TableFlags.softDeletes != 0)
        let isContents: Bool
        if case .contents = kind { isContents = true } else { isContents = false }
        let object = TableObject(logon: folder.logon, tableID: tableID, folderID: folder.folderID, isContents: isContents,
                                 isSearchFolder: folder.isSearchFolder && isContents, noNotifications: noNotifications)
        let handle: UInt32
        do {
            handle = try context.setOutput(object, at: outputIndex)
        } catch {
            store.closeTable(tableID)
            throw error
        }
        context.hub.registerTable(
            tableID, session: context.sessionIndex, logonID: object.logonID, handle: handle,
            kind: isContents ? .contents : .hierarchy, searchFolder: object.isSearchFolder, noNotifications: noNotifications)
        return UInt32(clamping: try store.tableRowCount(tableID))
    }

    // MARK: View settings (MS-OXCTABL 3.2.5.2 – 3.2.5.4)

    /// RopSetColumns: every later row (responses and notifications) uses these columns.
    static func setColumns(_ request: RopSetColumnsRequest, _ context: inout ROPContext) throws -> RopSetColumnsResponse {
        if let response = try AttachmentTableROPs.setColumns(request, &context) { return response }
        let table = try table(request.inputHandleIndex, context)
        try context.store.setColumns(table.tableID, request.propertyTags)
        context.hub.tableViewChanged(table.tableID)
        return RopSetColumnsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: complete)))
    }

    /// RopSortTable: contents tables only; categories (CategorizedCount > 0) are refused with
    /// ecTooComplex (rop-reference §6.14), as is an order other than ascending / descending.
    static func sortTable(_ request: RopSortTableRequest, _ context: inout ROPContext) throws -> RopSortTableResponse {
        if let response = try AttachmentTableROPs.sortTable(request, &context) { return response }
        let table = try table(request.inputHandleIndex, context)
        try context.store.sortTable(table.tableID, try storeSortOrders(request.sortOrderSet))
        context.hub.tableViewChanged(table.tableID)
        return RopSortTableResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: complete)))
    }

    /// A SortOrderSet as the store's sort orders: categories → ecTooComplex, an order other than
    /// ascending / descending → ecInvalidParameter.
    static func storeSortOrders(_ set: SortOrderSet) throws(ROPError) -> [StoreSortOrder] {
        guard set.categorizedCount == 0, set.expandedCount == 0 else { throw ROPError(.tooComplex) }
        var orders: [StoreSortOrder] = []
        for order in set.sortOrders {
            switch order.order {
            case MAPIWire.SortOrder.ascending: orders.append(StoreSortOrder(tag: order.propertyTag, descending: false))
            case MAPIWire.SortOrder.descending: orders.append(StoreSortOrder(tag: order.propertyTag, descending: true))
            default: throw ROPError.invalidParameter
            }
        }
        return orders
    }

    /// RopRestrict: RestrictionDataSize 0 removes the restriction.
    static func restrict(_ request: RopRestrictRequest, _ context: inout ROPContext) throws -> RopRestrictResponse {
        let table = try table(request.inputHandleIndex, context)
        let restriction = request.restrictionData.isEmpty ? nil : try decodeRestriction(request.restrictionData)
        try context.store.restrictTable(table.tableID, restriction)
        context.hub.tableViewChanged(table.tableID)
        return RopRestrictResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: complete)))
    }

    /// A restriction from a ROP buffer (MS-OXCDATA 2.12, 2-byte counts). Nested beyond the codec's
    /// limit → ecTooComplex; malformed or followed by stray bytes → ecInvalidParameter.
    static func decodeRestriction(_ bytes: [UInt8]) throws(ROPError) -> Restriction {
        var reader = ByteReader(bytes)
        do {
            let restriction = try Restriction.decode(from: &reader, countWidth: .rop)
            guard reader.remaining == 0 else { throw ROPError.invalidParameter }
            return restriction
        } catch let error as WireError {
            if case .nestingTooDeep = error.kind { throw ROPError(.tooComplex) }
            throw ROPError.invalidParameter
        } catch {
            throw ROPError.invalidParameter
        }
    }

    /// RopResetTable (MS-OXCTABL 3.2.5.16): no columns, sort or restriction, bookmarks gone, cursor
    /// at the start; notifications pause until the next view-creating ROP and what was queued for
    /// the old view is dropped.
    static func resetTable(_ request: RopResetTableRequest, _ context: inout ROPContext) throws -> RopResetTableResponse {
        if let response = try AttachmentTableROPs.resetTable(request, &context) { return response }
        let table = try table(request.inputHandleIndex, context)
        try context.store.resetTable(table.tableID)
        context.hub.tableReset(table.tableID)
        return RopResetTableResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopGetStatus: work is never asynchronous, so always TBLSTAT_COMPLETE.
    static func getStatus(_ request: RopGetStatusRequest, _ context: inout ROPContext) throws -> RopGetStatusResponse {
        if let response = try AttachmentTableROPs.getStatus(request, &context) { return response }
        _ = try table(request.inputHandleIndex, context)
        return RopGetStatusResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: complete)))
    }

    /// RopAbort: nothing is ever running → ecUnableToAbort (MS-OXCTABL 3.2.5.6).
    static func abort(_ request: RopAbortRequest, _ context: inout ROPContext) throws -> RopAbortResponse {
        _ = try table(request.inputHandleIndex, context)
        throw ROPError(.abortFailed)
    }

    // MARK: Reading (MS-OXCTABL 3.2.5.5, 3.2.5.13, 3.2.5.14)

    /// QueryRowsFlags NoAdvance (MS-OXCTABL 2.2.2.5.1); EnablePackedBuffers (0x02) is ignored here:
    /// with the Chain flag a last RopQueryRows continues into extra payloads (``ResponseChain``), whole rows each.
    static let noAdvance: UInt8 = 0x01

    /// RopQueryRows: as many whole rows as fit the response budget. Rows remaining but not even one
    /// fitting → RopBufferTooSmall for this ROP (nothing moved).
    static func queryRows(_ request: RopQueryRowsRequest, _ context: inout ROPContext) throws -> RopQueryRowsResponse {
        if let response = try AttachmentTableROPs.queryRows(request, &context) { return response }
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        guard let columns = try context.store.columns(table.tableID) else { throw ROPError.nullObject }
        let fixed = 9  // header, Origin, RowCount
        var used = fixed
        var firstRowSize: Int?
        var scratch: [UInt8] = []
        let budget = context.responseBudget
        let result = try context.store.queryRows(
            table.tableID, count: Int(request.rowCount), forward: request.forwardRead, advance: request.queryRowsFlags & noAdvance == 0
        ) { row in
            scratch.removeAll(keepingCapacity: true)
            row.encode(columns: columns, into: &scratch)
            if firstRowSize == nil { firstRowSize = scratch.count }
            guard used + scratch.count <= budget else { return false }
            used += scratch.count
            return true
        }
        if result.rows.isEmpty, let size = firstRowSize { throw ROPError.responseDoesNotFit(sizeNeeded: fixed + size) }
        return RopQueryRowsResponse(inputHandleIndex: request.inputHandleIndex, columns: columns,
                                    outcome: .success(.init(origin: result.origin.rawValue, rows: result.rows)))
    }

    /// RopQueryColumnsAll: every column the table can return.
    static func queryColumnsAll(_ request: RopQueryColumnsAllRequest, _ context: inout ROPContext) throws -> RopQueryColumnsAllResponse {
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        let tags = try context.store.queryColumnsAll(table.tableID)
        let size = 8 + 4 * tags.count
        guard size <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: size) }
        return RopQueryColumnsAllResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyTags: tags)))
    }

    /// RopFindRow: forwards or backwards from BEGINNING / CURRENT / END or a bookmark; the row is
    /// returned when it fits the response (HasRowData 0 otherwise — the cursor is on it either way).
    static func findRow(_ request: RopFindRowRequest, _ context: inout ROPContext) throws -> RopFindRowResponse {
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        guard request.findRowFlags & ~0x01 == 0 else { throw ROPError.invalidParameter }
        let origin: FindRowOrigin
        switch request.origin {
        case 0x00: origin = .beginning
        case 0x01: origin = .current
        case 0x02: origin = .end
        case 0x03: origin = .bookmark(request.bookmark)
        default: throw ROPError.invalidParameter
        }
        guard !request.restrictionData.isEmpty else { throw ROPError.invalidParameter }
        let restriction = try decodeRestriction(request.restrictionData)
        guard let columns = try context.store.columns(table.tableID) else { throw ROPError.nullObject }
        let found = try context.store.findRow(table.tableID, restriction: restriction, origin: origin, backward: request.findRowFlags & 0x01 != 0)
        var scratch: [UInt8] = []
        found.row.encode(columns: columns, into: &scratch)
        let row: PropertyRow? = 8 + scratch.count <= context.responseBudget ? found.row : nil
        return RopFindRowResponse(inputHandleIndex: request.inputHandleIndex, columns: columns,
                                  outcome: .success(.init(rowNoLongerVisible: found.noLongerVisible, row: row)))
    }

    // MARK: Cursor and bookmarks (MS-OXCTABL 3.2.5.8 – 3.2.5.12, 3.2.5.15)

    static func queryPosition(_ request: RopQueryPositionRequest, _ context: inout ROPContext) throws -> RopQueryPositionResponse {
        if let response = try AttachmentTableROPs.queryPosition(request, &context) { return response }
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        let position = try context.store.queryPosition(table.tableID)
        return RopQueryPositionResponse(inputHandleIndex: request.inputHandleIndex,
                                        outcome: .success(.init(numerator: position.numerator, denominator: position.denominator)))
    }

    /// RopSeekRow: clamps at either end; HasSoughtLess / RowsSought are always filled in.
    static func seekRow(_ request: RopSeekRowRequest, _ context: inout ROPContext) throws -> RopSeekRowResponse {
        if let response = try AttachmentTableROPs.seekRow(request, &context) { return response }
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        guard let origin = TableOrigin(rawValue: request.origin) else { throw ROPError.invalidParameter }
        let result = try context.store.seekRow(table.tableID, origin: origin, offset: request.rowCount)
        return RopSeekRowResponse(inputHandleIndex: request.inputHandleIndex,
                                  outcome: .success(.init(hasSoughtLess: result.soughtLess, rowsSought: result.rowsSought)))
    }

    static func seekRowBookmark(_ request: RopSeekRowBookmarkRequest, _ context: inout ROPContext) throws -> RopSeekRowBookmarkResponse {
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        let result = try context.store.seekRowBookmark(table.tableID, bookmark: request.bookmark, offset: request.rowCount)
        return RopSeekRowBookmarkResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(
            rowNoLongerVisible: result.noLongerVisible, hasSoughtLess: result.soughtLess, rowsSought: result.rowsSought)))
    }

    static func seekRowFractional(_ request: RopSeekRowFractionalRequest, _ context: inout ROPContext) throws -> RopSeekRowFractionalResponse {
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        try context.store.seekRowFractional(table.tableID, numerator: request.numerator, denominator: request.denominator)
        return RopSeekRowFractionalResponse(inputHandleIndex: request.inputHandleIndex)
    }

    static func createBookmark(_ request: RopCreateBookmarkRequest, _ context: inout ROPContext) throws -> RopCreateBookmarkResponse {
        let table = try table(request.inputHandleIndex, context)
        let bookmark = try context.store.createBookmark(table.tableID)
        return RopCreateBookmarkResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(bookmark: bookmark)))
    }

    static func freeBookmark(_ request: RopFreeBookmarkRequest, _ context: inout ROPContext) throws -> RopFreeBookmarkResponse {
        let table = try table(request.inputHandleIndex, context)
        try context.store.freeBookmark(table.tableID, request.bookmark)
        return RopFreeBookmarkResponse(inputHandleIndex: request.inputHandleIndex)
    }

    // MARK: Categories (MS-OXCTABL 3.2.5.17 – 3.2.5.20) for tables without categories

    /// RopExpandRow: contents tables only; Herald tables have no category rows, so any CategoryId
    /// is ecNotFound (MS-OXCTABL 3.2.5.17). Creates the view all the same.
    static func expandRow(_ request: RopExpandRowRequest, _ context: inout ROPContext) throws -> RopExpandRowResponse {
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        guard table.isContents else { throw ROPError.notSupported }
        throw ROPError(.notFound)
    }

    /// RopCollapseRow: as RopExpandRow.
    static func collapseRow(_ request: RopCollapseRowRequest, _ context: inout ROPContext) throws -> RopCollapseRowResponse {
        let table = try table(request.inputHandleIndex, context)
        viewCreated(table, context)
        guard table.isContents else { throw ROPError.notSupported }
        throw ROPError(.notFound)
    }

    /// RopGetCollapseState: nothing is collapsed; the state only names the row to restore to.
    static func getCollapseState(_ request: RopGetCollapseStateRequest, _ context: inout ROPContext) throws -> RopGetCollapseStateResponse {
        let table = try table(request.inputHandleIndex, context)
        let state = try context.store.collapseState(table.tableID, rowID: request.rowID, rowInstanceNumber: request.rowInstanceNumber)
        return RopGetCollapseStateResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(collapseState: state)))
    }

    /// RopSetCollapseState: a bookmark on the row the state names.
    static func setCollapseState(_ request: RopSetCollapseStateRequest, _ context: inout ROPContext) throws -> RopSetCollapseStateResponse {
        let table = try table(request.inputHandleIndex, context)
        let bookmark = try context.store.setCollapseState(table.tableID, request.collapseState)
        return RopSetCollapseStateResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(bookmark: bookmark)))
    }

    // MARK: Search folders (MS-OXCFOLD 2.2.1.4, 2.2.1.5, 3.2.5.4, 3.2.5.5)

    /// SearchFlags of RopSetSearchCriteria (MS-OXCFOLD 2.2.1.4.1).
    enum SetSearchFlags {
        static let stop: UInt32 = 0x0000_0001
        static let restart: UInt32 = 0x0000_0002
        static let recursive: UInt32 = 0x0000_0004
        static let shallow: UInt32 = 0x0000_0008
    }

    /// SearchFlags of RopGetSearchCriteria (MS-OXCFOLD 2.2.1.5.2).
    enum SearchState {
        static let running: UInt32 = 0x0000_0001
        static let recursive: UInt32 = 0x0000_0004
        static let complete: UInt32 = 0x0000_1000
    }

    /// RopSetSearchCriteria: RestrictionDataSize 0 / FolderIdCount 0 keep the previous restriction /
    /// scope (ecNotInitialized the first time). Population is synchronous: when the response is
    /// returned the folder is filled, SearchCompleted is queued, and the search stays live.
    /// Neither RECURSIVE nor SHALLOW keeps the previous recursion. STOP / RESTART are accepted (the
    /// search is always complete and dynamic).
    static func setSearchCriteria(_ request: RopSetSearchCriteriaRequest, _ context: inout ROPContext) throws -> RopSetSearchCriteriaResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        let flags = request.searchFlags
        if flags & SetSearchFlags.recursive != 0 && flags & SetSearchFlags.shallow != 0 { throw ROPError.invalidParameter }
        if flags & SetSearchFlags.stop != 0 && flags & SetSearchFlags.restart != 0 { throw ROPError.invalidParameter }
        let restriction = request.restrictionData.isEmpty ? nil : try decodeRestriction(request.restrictionData)
        let recursive: Bool
        if flags & SetSearchFlags.recursive != 0 {
            recursive = true
        } else if flags & SetSearchFlags.shallow != 0 {
            recursive = false
        } else {
            recursive = try context.store.searchCriteria(folder.mailboxID, folder: folder.folderID).recursive
        }
        try context.store.setSearchCriteria(
            folder.mailboxID, folder: folder.folderID, restriction: restriction,
            scope: request.folderIDs.isEmpty ? nil : request.folderIDs, recursive: recursive)
        return RopSetSearchCriteriaResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopGetSearchCriteria: the restriction (when asked for), the scope folders (when asked for)
    /// and the state flags; a search folder never given criteria answers empty criteria, flags 0.
    static func getSearchCriteria(_ request: RopGetSearchCriteriaRequest, _ context: inout ROPContext) throws -> RopGetSearchCriteriaResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        let state = try context.store.searchCriteria(folder.mailboxID, folder: folder.folderID)
        var restrictionData: [UInt8] = []
        if request.includeRestriction, let restriction = state.restriction { restriction.encode(into: &restrictionData, countWidth: .rop) }
        let folders = request.includeFolders ? state.scope : []
        var flags: UInt32 = 0
        if state.complete {
            flags = SearchState.running | SearchState.complete
            if state.recursive { flags |= SearchState.recursive }
        }
        let size = 6 + 2 + restrictionData.count + 1 + 2 + 8 * folders.count + 4
        guard size <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: size) }
        return RopGetSearchCriteriaResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(
            restrictionData: restrictionData, logonID: request.logonID, folderIDs: folders, searchFlags: flags)))
    }
}
