import MAPIWire

/// Leaf nodes for the wire types, formatted the same way everywhere: ids, handles and flags as
/// `0x`-prefixed upper-case hex of their full width; counts, sizes and indexes as decimal numbers.
enum Scalar {
    static func hex(_ value: UInt64, digits: Int) -> String {
        "0x" + String(value, radix: 16, uppercase: true).leftPadded(to: digits)
    }

    static func hex8(_ value: UInt8, _ note: String? = nil) -> InspectNode { hexNode(UInt64(value), digits: 2, note) }
    static func hex16(_ value: UInt16, _ note: String? = nil) -> InspectNode { hexNode(UInt64(value), digits: 4, note) }
    static func hex32(_ value: UInt32, _ note: String? = nil) -> InspectNode { hexNode(UInt64(value), digits: 8, note) }

    static func hexNode(_ value: UInt64, digits: Int, _ note: String?) -> InspectNode {
        let text = hex(value, digits: digits)
        return .scalar(.string(text), note.map { text + "  " + $0 } ?? text)
    }

    static func number<T: BinaryInteger>(_ value: T, unit: String? = nil) -> InspectNode {
        .scalar(.int(Int64(value)), unit.map { "\(value) \($0)" } ?? "\(value)")
    }

    static func name(_ value: String) -> InspectNode { .scalar(.string(value), value) }

    static func bool(_ value: Bool) -> InspectNode { .scalar(.bool(value), value ? "true" : "false") }

    /// MS-OXCDATA 2.2.1.1: the 8 wire bytes as a little-endian u64, with ReplicaId and GlobalCounter.
    static func objectID(_ id: ObjectID) -> InspectNode {
        let note = id.isZero ? "(zero)" : "(ReplicaId 0x\(String(id.replicaID, radix: 16, uppercase: true).leftPadded(to: 4)), GlobalCounter 0x\(String(id.globalCounter, radix: 16, uppercase: true)))"
        return .scalar(.string(id.description), id.description + "  " + note)
    }

    static func propertyTag(_ tag: PropertyTag) -> InspectNode {
        .scalar(.string(tag.description), tag.description + "  " + tag.type.description)
    }

    /// Bytes as one upper-case hex string in JSON; in text a hex dump of 16 bytes per line, each line
    /// with its offset relative to the first byte.
    static func bytes(_ bytes: [UInt8]) -> InspectNode {
        let hex = bytes.map(hex2).joined()
        guard !bytes.isEmpty else { return .scalar(.string(""), "(empty)") }
        guard bytes.count > 16 else { return .scalar(.string(hex), "\(bytes.map(hex2).joined(separator: " "))  (\(bytes.count) byte\(bytes.count == 1 ? "" : "s"))") }
        var lines: [String] = ["(\(bytes.count) bytes)"]
        var start = 0
        while start < bytes.count {
            let line = bytes[start..<min(start + 16, bytes.count)]
            let ascii = String(line.map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "." })
            lines.append(InspectNode.hexOffset(start, width: 4) + "  " + line.map(hex2).joined(separator: " ").padding(to: 47) + "  " + ascii)
            start += 16
        }
        return .scalar(.string(hex), lines.joined(separator: "\n"))
    }

    static func string(_ value: String) -> InspectNode {
        .scalar(.string(value), "\"" + value.unicodeScalars.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "\"")
    }
}

func hex2(_ byte: UInt8) -> String {
    String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
}
