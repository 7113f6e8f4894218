import MAPIWire

/// Descriptions of ROPs that have no hand-written layout here, built from the decoded value itself.
///
/// Every ROP codec in MAPIWire stores its fields in wire order under their spec names (in Swift
/// casing), so a reflected walk gives the same field list a hand-written description would; the
/// notification ROPs keep their hand-written forms above.
extension Inspector {
    /// `logonID` → `LogonId`, `inputHandleIndex` → `InputHandleIndex`.
    static func specName(_ label: String) -> String {
        var name = label.prefix(1).uppercased() + label.dropFirst()
        if name.hasSuffix("ID") { name = String(name.dropLast(2)) + "Id" }
        return name
    }

    static func reflect(_ value: Any, depth: Int = 0) -> InspectNode {
        switch value {
        case let v as UInt8: return Scalar.number(v)
        case let v as UInt16: return Scalar.number(v)
        case let v as UInt32: return Scalar.number(v)
        case let v as UInt64: return Scalar.number(v)
        case let v as Int: return Scalar.number(v)
        case let v as Int16: return Scalar.number(v)
        case let v as Int32: return Scalar.number(v)
        case let v as Int64: return Scalar.number(v)
        case let v as Bool: return Scalar.bool(v)
        case let v as String: return Scalar.string(v)
        case let v as ObjectID: return Scalar.objectID(v)
        case let v as PropertyTag: return Scalar.propertyTag(v)
        case let v as ErrorCode: return Scalar.hex32(v.rawValue, v.name)
        case let v as RopID: return Scalar.hex8(v.rawValue, v.name)
        case let v as GUID: return Scalar.name(v.description)
        case let v as [UInt8]: return Scalar.bytes(v)
        default: break
        }
        guard depth < 16 else { return Scalar.name(String(describing: value)) }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .collection, .set:
            return .items(mirror.children.map { reflect($0.value, depth: depth + 1) })
        case .optional:
            guard let child = mirror.children.first else { return Scalar.name("none") }
            return reflect(child.value, depth: depth + 1)
        case .enum:
            guard let child = mirror.children.first else { return Scalar.name(String(describing: value)) }
            let inner = reflect(child.value, depth: depth + 1)
            return .fields([InspectField(specName(child.label ?? "value"), inner)])
        case .struct, .class, .tuple:
            if mirror.children.isEmpty { return Scalar.name(String(describing: value)) }
            // RawRepresentable wrappers (flags, types) show their raw value.
            if mirror.children.count == 1, let child = mirror.children.first, child.label == "rawValue" {
                return reflect(child.value, depth: depth + 1)
            }
            return .fields(mirror.children.enumerated().map { index, child in
                InspectField(specName(child.label ?? "Field\(index)"), reflect(child.value, depth: depth + 1))
            })
        default:
            return Scalar.name(String(describing: value))
        }
    }

    /// The payload of an enum case (the ROP's request or response struct).
    static func reflectedFields(of value: Any) -> [InspectField] {
        let mirror = Mirror(reflecting: value)
        guard let payload = mirror.children.first?.value else { return [] }
        guard case let .fields(fields) = reflect(payload).content else { return [] }
        return fields
    }
}
