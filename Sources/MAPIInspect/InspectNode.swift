/// One decoded structure or value, ready to print as an indented text tree or as JSON.
///
/// Both renderings come from the same tree, so they always agree on which fields are on the wire.
public struct InspectNode: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        /// A leaf: its JSON value and how the text tree shows it (raw value plus decoded names).
        case scalar(JSONValue, text: String)
        /// A structure: named fields in wire order.
        case fields([InspectField])
        /// An array: ROPs, handles, tags, payloads.
        case items([InspectNode])
    }

    public var content: Content
    /// The heading of a structure in the text tree, e.g. `RopNotify (0x2A)`.
    public var title: String?
    /// Where the structure starts, shown in the text tree as `0x0006`.
    public var offset: Int?

    public init(_ content: Content, title: String? = nil, offset: Int? = nil) {
        self.content = content
        self.title = title
        self.offset = offset
    }

    public static func scalar(_ value: JSONValue, _ text: String) -> InspectNode {
        InspectNode(.scalar(value, text: text))
    }

    public static func fields(_ fields: [InspectField], title: String? = nil, offset: Int? = nil) -> InspectNode {
        InspectNode(.fields(fields), title: title, offset: offset)
    }

    public static func items(_ items: [InspectNode]) -> InspectNode {
        InspectNode(.items(items))
    }

    // MARK: JSON

    /// The JSON form: structures become objects with their spec field names (text-only fields left
    /// out), arrays become arrays.
    public var json: JSONValue {
        switch content {
        case let .scalar(value, _): value
        case let .fields(fields): .object(fields.filter { $0.visibility != .textOnly }.map { JSONValue.Member($0.name, $0.node.json) })
        case let .items(items): .array(items.map(\.json))
        }
    }

    /// The field named `name`, if this node is a structure.
    public subscript(name: String) -> InspectNode? {
        guard case let .fields(fields) = content else { return nil }
        return fields.first { $0.name == name }?.node
    }

    // MARK: Text

    /// The text tree: one field per line, names aligned within each structure, offsets in hex.
    public func text(offsetWidth: Int = 4) -> String {
        var lines: [String] = []
        if let title { lines.append(title) }
        render(into: &lines, indent: title == nil ? 0 : 2, offsetWidth: offsetWidth)
        return lines.joined(separator: "\n")
    }

    private func render(into lines: inout [String], indent: Int, offsetWidth: Int) {
        let pad = String(repeating: " ", count: indent)
        switch content {
        case let .scalar(_, text):
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(pad + line) }
        case let .fields(fields):
            let shown = fields.filter { $0.visibility != .jsonOnly }
            let width = shown.filter(\.node.isSingleLineScalar).map(\.name.count).max() ?? 0
            for field in shown {
                switch field.node.content {
                case let .scalar(_, text) where !text.contains("\n"):
                    lines.append(pad + field.name.padding(to: width) + "  " + text)
                case .scalar:
                    lines.append(pad + field.name)
                    field.node.render(into: &lines, indent: indent + 2, offsetWidth: offsetWidth)
                case .fields:
                    lines.append(pad + field.name + (field.node.title.map { "  " + $0 } ?? ""))
                    field.node.render(into: &lines, indent: indent + 2, offsetWidth: offsetWidth)
                case let .items(items):
                    lines.append(pad + field.name + (items.isEmpty ? "  (none)" : ""))
                    field.node.render(into: &lines, indent: indent + 2, offsetWidth: offsetWidth)
                }
            }
        case let .items(items):
            for (index, item) in items.enumerated() {
                let label = item.offset.map { Self.hexOffset($0, width: offsetWidth) } ?? "[\(index)]"
                switch item.content {
                case let .scalar(_, text):
                    lines.append(pad + label + "  " + text)
                case .fields, .items:
                    lines.append(pad + label + (item.title.map { "  " + $0 } ?? ""))
                    item.render(into: &lines, indent: indent + label.count + 2, offsetWidth: offsetWidth)
                }
            }
        }
    }

    private var isSingleLineScalar: Bool {
        if case let .scalar(_, text) = content { return !text.contains("\n") }
        return false
    }

    static func hexOffset(_ offset: Int, width: Int) -> String {
        "0x" + String(offset, radix: 16, uppercase: true).leftPadded(to: width)
    }
}

/// A named field of a structure.
public struct InspectField: Hashable, Sendable {
    public enum Visibility: Hashable, Sendable {
        case both
        /// Decoded names the text tree shows next to the raw value instead (`Rop`, `ReturnValueName`…).
        case jsonOnly
        /// Conveniences that are not wire fields (RequestBuffers decoded as requests).
        case textOnly
    }

    public var name: String
    public var node: InspectNode
    public var visibility: Visibility

    public init(_ name: String, _ node: InspectNode, _ visibility: Visibility = .both) {
        self.name = name
        self.node = node
        self.visibility = visibility
    }
}

extension String {
    func padding(to width: Int, with pad: Character = " ") -> String {
        count >= width ? self : self + String(repeating: pad, count: width - count)
    }

    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
