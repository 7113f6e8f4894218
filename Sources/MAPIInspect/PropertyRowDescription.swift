import MAPIWire

extension Inspector {
    /// A PropertyRow (MS-OXCDATA 2.8.1) decoded with the given columns. Each ValueArray entry names its
    /// column's PropertyTag (context, not a wire field); PropertyType appears for PtypUnspecified
    /// columns (TypedPropertyValue, 2.11.3) and Flag in a FlaggedPropertyRow (2.11.5).
    public static func describe(_ row: PropertyRow, columns: [PropertyTag]) -> InspectNode {
        let flagged = row.isFlagged
        var cells: [InspectNode] = []
        for (column, cell) in zip(columns, row.cells) {
            var fields = [InspectField("PropertyTag", Scalar.propertyTag(column))]
            let untyped = column.type == .unspecified
            switch cell {
            case let .value(value):
                if untyped { fields.append(InspectField("PropertyType", Scalar.hex16(value.type.rawValue, value.type.name))) }
                if flagged { fields.append(InspectField("Flag", Scalar.hex8(0x00, "value"))) }
                fields.append(InspectField("PropertyValue", describe(value)))
            case .absent:
                if untyped { fields.append(InspectField("PropertyType", Scalar.hex16(PropertyType.null.rawValue, PropertyType.null.name))) }
                fields.append(InspectField("Flag", Scalar.hex8(0x01, "no value")))
            case let .error(code):
                if untyped { fields.append(InspectField("PropertyType", Scalar.hex16(PropertyType.errorCode.rawValue, PropertyType.errorCode.name))) }
                fields.append(InspectField("Flag", Scalar.hex8(0x0A, "error")))
                fields.append(InspectField("PropertyValue", Scalar.hex32(code.rawValue, code.name)))
            }
            cells.append(.fields(fields))
        }
        return .fields([
            InspectField("Flag", Scalar.hex8(flagged ? 0x01 : 0x00, flagged ? "FlaggedPropertyRow" : "StandardPropertyRow")),
            InspectField("ValueArray", .items(cells)),
        ])
    }

    /// One property value (MS-OXCDATA 2.11.2.1): numbers as JSON numbers, strings as strings, binary
    /// as hex, error codes as hex, multi-valued properties as arrays.
    public static func describe(_ value: PropertyValue) -> InspectNode {
        func int<T: BinaryInteger>(_ v: T) -> InspectNode { Scalar.number(v) }
        func double(_ v: Double) -> InspectNode { .scalar(.double(v), "\(v)") }
        func string8(_ bytes: [UInt8]) -> InspectNode { Scalar.string(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))) }
        func time(_ v: UInt64) -> InspectNode { v <= UInt64(Int64.max) ? .scalar(.int(Int64(v)), "\(v)  (FILETIME)") : Scalar.hexNode(v, digits: 16, "(FILETIME)") }
        func guid(_ g: GUID) -> InspectNode { Scalar.name(g.description) }
        switch value {
        case .null: return .scalar(.null, "null")
        case let .integer16(v): return int(v)
        case let .integer32(v): return int(v)
        case let .floating32(v): return double(Double(v))
        case let .floating64(v), let .floatingTime(v): return double(v)
        case let .currency(v), let .integer64(v): return int(v)
        case let .errorCode(v): return Scalar.hex32(v.rawValue, v.name)
        case let .boolean(v): return Scalar.bool(v)
        case let .string8(v): return string8(v)
        case let .string(v): return Scalar.string(v)
        case let .time(v): return time(v)
        case let .guid(v): return guid(v)
        case let .serverID(v), let .binary(v): return Scalar.bytes(v)
        case let .multipleInteger16(vs): return .items(vs.map { int($0) })
        case let .multipleInteger32(vs): return .items(vs.map { int($0) })
        case let .multipleFloating32(vs): return .items(vs.map { double(Double($0)) })
        case let .multipleFloating64(vs), let .multipleFloatingTime(vs): return .items(vs.map(double))
        case let .multipleCurrency(vs), let .multipleInteger64(vs): return .items(vs.map { int($0) })
        case let .multipleString8(vs): return .items(vs.map(string8))
        case let .multipleString(vs): return .items(vs.map(Scalar.string))
        case let .multipleTime(vs): return .items(vs.map(time))
        case let .multipleGuid(vs): return .items(vs.map(guid))
        case let .multipleBinary(vs): return .items(vs.map(Scalar.bytes))
        }
    }
}
