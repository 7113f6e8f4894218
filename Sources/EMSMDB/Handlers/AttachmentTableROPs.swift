import MAPIWire
import MailboxStore
import NotificationEngine

/// Table ROPs on an attachment table (MS-OXCMSG 3.2.5.17; MS-OXCTABL 3.2.5.2, 3.2.5.5). RopSetColumns
/// and RopQueryRows dispatch to the tables area; its handlers call these first and use the answer
/// when it is non-nil (the input object is an ``AttachmentTableObject``):
///
/// ```swift
/// if let response = try AttachmentTableROPs.setColumns(request, &context) { return response }
/// ```
enum AttachmentTableROPs {
    /// RopSetColumns: remembers the columns (PtypUnspecified / PtypErrorCode / no columns →
    /// ecInvalidParameter, MS-OXCTABL 3.2.5.2).
    static func setColumns(_ request: RopSetColumnsRequest, _ context: inout ROPContext) throws -> RopSetColumnsResponse? {
        guard let table = try context.anyObject(at: request.inputHandleIndex) as? AttachmentTableObject else { return nil }
        guard !request.propertyTags.isEmpty,
              request.propertyTags.allSatisfy({ $0.type != .unspecified && $0.type != .errorCode }) else { throw ROPError.invalidParameter }
        table.columns = request.propertyTags
        return RopSetColumnsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(tableStatus: 0)))
    }

    /// RopQueryRows: rows from the cursor (forwards or backwards), as many as asked and as fit; values
    /// over 510 bytes are cut (MS-OXCTABL 2.2.2.5.2). No columns yet → ecNullObject; not one row fits
    /// → ecBufferTooSmall.
    static func queryRows(_ request: RopQueryRowsRequest, _ context: inout ROPContext) throws -> RopQueryRowsResponse? {
        guard let table = try context.anyObject(at: request.inputHandleIndex) as? AttachmentTableObject else { return nil }
        guard let columns = table.columns else { throw ROPError.nullObject }
        let attachments = table.attachments
        let cursor = min(table.cursor, attachments.count)
        let wanted = Int(request.rowCount)
        let range = request.forwardRead
            ? cursor..<min(attachments.count, cursor + wanted)
            : max(0, cursor - wanted)..<cursor
        var rows: [PropertyRow] = []
        var size = 6 + 1 + 2
        let ordered = request.forwardRead ? Array(range) : range.reversed()
        for index in ordered {
            let record = attachments[index]
            let cells = columns.map { tag -> PropertyCell in
                guard let value = record.value(tag.id), let typed = PropertyAccessForTables.coerce(value, to: tag.type, unicode: table.unicode) else {
                    return .error(.notFound)
                }
                return .value(PropertyAccessForTables.truncated(typed))
            }
            let rowSize = PropertySizeLimit.rowSize(cells, columns: columns)
            guard size + rowSize <= context.responseBudget else { break }
            size += rowSize
            rows.append(PropertyRow(cells: cells))
        }
        if rows.isEmpty, !range.isEmpty { throw ROPError(.bufferTooSmall) }
        if request.queryRowsFlags & 0x01 == 0 {
            table.cursor = request.forwardRead ? cursor + rows.count : cursor - rows.count
        }
        let atEnd = request.forwardRead ? table.cursor >= attachments.count || (request.queryRowsFlags & 0x01 != 0 && cursor + rows.count >= attachments.count) : table.cursor == 0
        let origin: UInt8 = atEnd ? (request.forwardRead ? 0x02 : 0x00) : 0x01
        return RopQueryRowsResponse(inputHandleIndex: request.inputHandleIndex, columns: columns, outcome: .success(.init(origin: origin, rows: rows)))
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
