import MAPIWire
import MailboxStore
import NotificationEngine

/// Table ROPs on an attachment table (MS-OXCMSG 3.2.5.17; MS-OXCTABL 3.2.5). The tables area's
/// handlers (``TableROPs``) call these first and use the answer when it is non-nil — the input object
/// is an ``AttachmentTableObject``; for any other object they return nil:
///
/// ```swift
/// if let response = try AttachmentTableROPs.setColumns(request, &context) { return response }
/// ```
///
/// The table is a snapshot of the message's saved attachments, read when rows are asked for; it has
/// no bookmarks, restrictions, categories or notifications (those ROPs answer as on any table that
/// is not a store table: ecNotSupported).
enum AttachmentTableROPs {
    static func table(_ index: UInt8, _ context: ROPContext) throws(ROPError) -> AttachmentTableObject? {
        try context.anyObject(at: index) as? AttachmentTableObject
    }

    /// RopSetColumns (MS-OXCTABL 3.2.5.2): remembers the columns (PtypUnspecified / PtypErrorCode /
    /// no columns → ecInvalidParameter).
    static func setColumns(_ request: RopSetColumnsRequest, _ context: inout ROPContext) throws -> RopSetColumnsResponse? {
        guard let table = try table(request.inputHandleIndex, context) else { return nil }
        guard !request.propertyTags.isEmpty,
              request.propertyTags.allSatisfy({ $0.type != .unspecified && $0.type != .errorCode }) else { throw ROPError.invalidParameter }
        table.columns = request.propertyTags
        return RopSetColumnsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: TableROPs.complete)))
    }

    /// RopSortTable (MS-OXCTABL 3.2.5.3): orders the rows by the given columns (then by
    /// PidTagAttachNumber); the cursor goes back to the first row.
    static func sortTable(_ request: RopSortTableRequest, _ context: inout ROPContext) throws -> RopSortTableResponse? {
        guard let table = try table(request.inputHandleIndex, context) else { return nil }
        table.sortOrders = try TableROPs.storeSortOrders(request.sortOrderSet)
        table.cursor = 0
        return RopSortTableResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: TableROPs.complete)))
    }

    /// RopQueryRows (MS-OXCTABL 3.2.5.5): rows from the cursor (forwards or backwards), as many as
    /// asked and as fit; values over 510 bytes are cut (MS-OXCTABL 2.2.2.5.2). No columns yet →
    /// ecNullObject; rows left but not one fitting → the next buffer (RopBufferTooSmall), nothing moved.
    static func queryRows(_ request: RopQueryRowsRequest, _ context: inout ROPContext) throws -> RopQueryRowsResponse? {
        guard let table = try table(request.inputHandleIndex, context) else { return nil }
        guard let columns = table.columns else { throw ROPError.nullObject }
        let attachments = table.attachments
        let cursor = min(table.cursor, attachments.count)
        let wanted = Int(request.rowCount)
        let range = request.forwardRead
            ? cursor..<min(attachments.count, cursor + wanted)
            : max(0, cursor - wanted)..<cursor
        let fixed = 9  // header, Origin, RowCount
        var size = fixed
        var rows: [PropertyRow] = []
        for index in request.forwardRead ? Array(range) : range.reversed() {
            let cells = row(attachments[index], columns: columns, unicode: table.unicode)
            let rowSize = PropertySizeLimit.rowSize(cells, columns: columns)
            guard size + rowSize <= context.responseBudget else {
                if rows.isEmpty { throw ROPError.responseDoesNotFit(sizeNeeded: fixed + rowSize) }
                break
            }
            size += rowSize
            rows.append(PropertyRow(cells: cells))
        }
        let after = request.forwardRead ? cursor + rows.count : cursor - rows.count
        if request.queryRowsFlags & TableROPs.noAdvance == 0 { table.cursor = after }
        let origin: TableOrigin = request.forwardRead
            ? (after >= attachments.count ? .end : .current)
            : (after <= 0 ? .beginning : .current)
        return RopQueryRowsResponse(inputHandleIndex: request.inputHandleIndex, columns: columns,
                                    outcome: .success(.init(origin: origin.rawValue, rows: rows)))
    }

    /// One row: each column's value in the requested type, NotFound when absent or not convertible.
    static func row(_ record: AttachmentRecord, columns: [PropertyTag], unicode: Bool) -> [PropertyCell] {
        columns.map { tag -> PropertyCell in
            guard let value = record.value(tag.id), let typed = PropertyAccessForTables.coerce(value, to: tag.type, unicode: unicode) else {
                return .error(.notFound)
            }
            return .value(PropertyAccessForTables.truncated(typed))
        }
    }

    /// RopQueryPosition (MS-OXCTABL 3.2.5.7): the cursor and the row count (the client's way to
    /// count rows).
    static func queryPosition(_ request: RopQueryPositionRequest, _ context: inout ROPContext) throws -> RopQueryPositionResponse? {
        guard let table = try table(request.inputHandleIndex, context) else { return nil }
        let count = table.attachments.count
        return RopQueryPositionResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(
            numerator: UInt32(min(table.cursor, count)), denominator: UInt32(count))))
    }

    /// RopSeekRow (MS-OXCTABL 3.2.5.8): moves the cursor, clamping at either end; HasSoughtLess and
    /// RowsSought are always filled in. An Origin other than BEGINNING / CURRENT / END →
    /// ecInvalidParameter.
    static func seekRow(_ request: RopSeekRowRequest, _ context: inout ROPContext) throws -> RopSeekRowResponse? {
        guard let table = try table(request.inputHandleIndex, context) else { return nil }
        guard let origin = TableOrigin(rawValue: request.origin) else { throw ROPError.invalidParameter }
        let count = table.attachments.count
        let start = switch origin {
        case .beginning: 0
        case .current: min(table.cursor, count)
        case .end: count
        }
        let target = start + Int(request.rowCount)
        table.cursor = max(0, min(count, target))
        return RopSeekRowResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(
            hasSoughtLess: table.cursor != target, rowsSought: Int32(table.cursor - start))))
    }

    /// RopGetStatus (MS-OXCTABL 3.2.5.6): nothing runs asynchronously.
    static func getStatus(_ request: RopGetStatusRequest, _ context: inout ROPContext) throws -> RopGetStatusResponse? {
        guard try table(request.inputHandleIndex, context) != nil else { return nil }
        return RopGetStatusResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: TableROPs.complete)))
    }

    /// RopResetTable (MS-OXCTABL 3.2.5.15): no columns, no sort order, cursor at the start.
    static func resetTable(_ request: RopResetTableRequest, _ context: inout ROPContext) throws -> RopResetTableResponse? {
        guard let table = try table(request.inputHandleIndex, context) else { return nil }
        table.columns = nil
        table.sortOrders = []
        table.cursor = 0
        return RopResetTableResponse(inputHandleIndex: request.inputHandleIndex)
    }
}

/// Value shaping for table rows (MS-OXCTABL 2.2.2.5.2): the requested string type, and values over 510
/// bytes cut to 510.
enum PropertyAccessForTables {
    static func coerce(_ value: PropertyValue, to type: PropertyType, unicode: Bool) -> PropertyValue? {
        let wanted = type.withoutInstanceFlag
        switch (value, wanted) {
        case let (.string(text), .string8): return .string8(Array(text.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }))
        case let (.string8(bytes), .string): return .string(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })))
        default: return value.type == wanted ? value : nil
        }
    }

    static func truncated(_ value: PropertyValue) -> PropertyValue {
        switch value {
        case let .binary(bytes) where bytes.count > 510: .binary(Array(bytes.prefix(510)))
        case let .string8(bytes) where bytes.count > 510: .string8(Array(bytes.prefix(510)))
        case let .string(text) where text.utf16.count > 255: .string(String(decoding: Array(text.utf16.prefix(255)), as: UTF16.self))
        default: value
        }
    }
}
