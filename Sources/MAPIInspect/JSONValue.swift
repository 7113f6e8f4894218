/// A JSON value whose objects keep their members in insertion order, so `herald decode --json`
/// lists fields in wire order and its output is byte-for-byte reproducible.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Hashable, Sendable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The first member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The document as text: two-space indentation, one member or element per line, arrays of scalars
    /// on one line.
    public func serialized(pretty: Bool = true) -> String {
        var output = ""
        write(into: &output, indent: pretty ? 0 : nil)
        return output
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func write(into output: inout String, indent: Int?) {
        switch self {
        case .null: output += "null"
        case let .bool(value): output += value ? "true" : "false"
        case let .int(value): output += String(value)
        case let .double(value): output += value.isFinite ? "\(value)" : "null"
        case let .string(value): Self.writeString(value, into: &output)
        case let .array(elements):
            if elements.isEmpty {
                output += "[]"
            } else if let indent, !elements.allSatisfy(\.isScalar) {
                output += "[\n"
                for (index, element) in elements.enumerated() {
                    output += String(repeating: " ", count: indent + 2)
                    element.write(into: &output, indent: indent + 2)
                    output += index + 1 < elements.count ? ",\n" : "\n"
                }
                output += String(repeating: " ", count: indent) + "]"
            } else {
                output += "["
                for (index, element) in elements.enumerated() {
                    if index > 0 { output += indent == nil ? "," : ", " }
                    element.write(into: &output, indent: nil)
                }
                output += "]"
            }
        case let .object(members):
            if members.isEmpty {
                output += "{}"
            } else if let indent {
                output += "{\n"
                for (index, member) in members.enumerated() {
                    output += String(repeating: " ", count: indent + 2)
                    Self.writeString(member.key, into: &output)
                    output += ": "
                    member.value.write(into: &output, indent: indent + 2)
                    output += index + 1 < members.count ? ",\n" : "\n"
                }
                output += String(repeating: " ", count: indent) + "}"
            } else {
                output += "{"
                for (index, member) in members.enumerated() {
                    if index > 0 { output += "," }
                    Self.writeString(member.key, into: &output)
                    output += ":"
                    member.value.write(into: &output, indent: nil)
                }
                output += "}"
            }
        }
    }

    /// RFC 8259 section 7: quote, backslash and control characters are escaped.
    private static func writeString(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
