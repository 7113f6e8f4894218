/// One cell of a ``PropertyRow``.
public enum PropertyCell: Hashable, Sendable {
    /// A value; encoded with the column's type, or as a TypedPropertyValue when the column tag is
    /// PtypUnspecified.
    case value(PropertyValue)
    /// No value (FlaggedPropertyValue Flag 0x01, MS-OXCDATA 2.11.5).
    case absent
    /// An error in place of the value (Flag 0x0A), e.g. ``ErrorCode/notFound`` or
    /// ``ErrorCode/notEnoughMemory``.
    case error(ErrorCode)
}

/// A PropertyRow (MS-OXCDATA 2.8.1): a StandardPropertyRow (Flag 0x00) when every cell has a value,
/// otherwise a FlaggedPropertyRow (Flag 0x01). The column list is implicit and supplied by the caller
/// (the table's last RopSetColumns, the request's tags, …).
public struct PropertyRow: Hashable, Sendable {
    public var cells: [PropertyCell]

    public init(cells: [PropertyCell]) { self.cells = cells }
    public init(values: [PropertyValue]) { cells = values.map(PropertyCell.value) }

    /// MS-OXCDATA 2.8.1.1 / 2.8.1.2.
    public static let standardFlag: UInt8 = 0x00
    public static let flaggedFlag: UInt8 = 0x01

    enum CellFlag {
        static let value: UInt8 = 0x00
        static let absent: UInt8 = 0x01
        static let error: UInt8 = 0x0A
    }

    public var isFlagged: Bool {
        cells.contains { if case .value = $0 { false } else { true } }
    }

    /// Appends the row for `columns` (which must have one tag per cell).
    public func encode(columns: [PropertyTag], into buffer: inout [UInt8]) {
        precondition(columns.count == cells.count, "PropertyRow: one cell per column")
        let flagged = isFlagged
        buffer.append(flagged ? Self.flaggedFlag : Self.standardFlag)
        for (column, cell) in zip(columns, cells) {
            let untyped = column.type == .unspecified
            switch cell {
            case let .value(value):
                if untyped { buffer.appendUInt16(value.type.rawValue) }
                if flagged { buffer.append(CellFlag.value) }
                value.encode(into: &buffer)
            case .absent:
                if untyped { buffer.appendUInt16(PropertyType.null.rawValue) }
                buffer.append(CellFlag.absent)
            case let .error(code):
                if untyped { buffer.appendUInt16(PropertyType.errorCode.rawValue) }
                buffer.append(CellFlag.error)
                buffer.appendUInt32(code.rawValue)
            }
        }
    }

    public static func decode(columns: [PropertyTag], from reader: inout ByteReader) throws(WireError) -> PropertyRow {
        let flagOffset = reader.offset
        let flag = try reader.readUInt8("PropertyRow.Flag")
        guard flag == standardFlag || flag == flaggedFlag else {
            throw WireError(offset: flagOffset, field: "PropertyRow.Flag", kind: .invalidValue(UInt64(flag)))
        }
        var cells: [PropertyCell] = []
        cells.reserveCapacity(columns.count)
        for column in columns {
            var type = column.type
            if type == .unspecified { type = PropertyType(try reader.readUInt16("PropertyType")) }
            if flag == flaggedFlag {
                let cellOffset = reader.offset
                switch try reader.readUInt8("FlaggedPropertyValue.Flag") {
                case CellFlag.value: cells.append(.value(try PropertyValue.decode(type: type, from: &reader)))
                case CellFlag.absent: cells.append(.absent)
                case CellFlag.error: cells.append(.error(ErrorCode(try reader.readUInt32("FlaggedPropertyValue.ErrorCode"))))
                case let other:
                    throw WireError(offset: cellOffset, field: "FlaggedPropertyValue.Flag", kind: .invalidValue(UInt64(other)))
                }
            } else {
                cells.append(.value(try PropertyValue.decode(type: type, from: &reader)))
            }
        }
        return PropertyRow(cells: cells)
    }
}
