import Foundation
import MAPIInspect
import MAPIWire
import Testing

/// A JSON value as the golden-vector file holds it (objects compare without regard to key order).
indirect enum JSON: Hashable, Sendable, CustomStringConvertible, Decodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSON].self)) }
    }

    /// The unordered view of an inspector document.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case let .bool(v): self = .bool(v)
        case let .int(v): self = .int(v)
        case let .double(v): self = .double(v)
        case let .string(v): self = .string(v)
        case let .array(vs): self = .array(vs.map(JSON.init))
        case let .object(members): self = .object(Dictionary(members.map { ($0.key, JSON($0.value)) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    subscript(key: String) -> JSON? {
        if case let .object(fields) = self { return fields[key] }
        return nil
    }

    var string: String? { if case let .string(value) = self { value } else { nil } }

    var description: String {
        switch self {
        case .null: "null"
        case let .bool(value): "\(value)"
        case let .int(value): "\(value)"
        case let .double(value): "\(value)"
        case let .string(value): "\"\(value)\""
        case let .array(values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .object(fields): "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// One entry of `Tests/Fixtures/golden-vectors.json` (shared with MAPIWireTests).
struct GoldenVector: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var spec: String
    var kind: String
    var hex: String
    var expect: JSON
    var columns: [String]?
    var propertyRow: JSON?

    /// The wire bytes, parsed the way `herald decode` parses its input (after dropping `|`).
    var bytes: [UInt8] { try! HexInput.parse(hex.replacingOccurrences(of: "|", with: " ")) }
    var hexArgument: String { hex.replacingOccurrences(of: "|", with: " ") }

    var columnTags: [PropertyTag] {
        (columns ?? []).map { PropertyTag(UInt32($0.dropFirst(2), radix: 16)!) }
    }

    var testDescription: String { name }

    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden-vectors.json")

    static let all: [GoldenVector] = {
        do {
            return try JSONDecoder().decode([GoldenVector].self, from: Data(contentsOf: fileURL))
        } catch {
            fatalError("cannot load \(fileURL.path): \(error)")
        }
    }()
}
