import Foundation
import Testing
@testable import MAPIWire

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

    subscript(key: String) -> JSON? {
        if case let .object(fields) = self { return fields[key] }
        return nil
    }

    var string: String? { if case let .string(value) = self { value } else { nil } }
    var array: [JSON]? { if case let .array(value) = self { value } else { nil } }

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

/// One entry of `Tests/Fixtures/golden-vectors.json`.
struct GoldenVector: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var spec: String
    var kind: String
    var hex: String
    var expect: JSON
    /// Column tags for `propertyRow` vectors and for the TableRowData of table-row vectors.
    var columns: [String]?
    /// The expected PropertyRow inside TableRowData (table-row vectors only).
    var propertyRow: JSON?

    /// The wire bytes; whitespace and `|` field separators are ignored.
    var bytes: [UInt8] { MAPIWireTests.hex(hex.replacingOccurrences(of: "|", with: " ")) }

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

// MARK: - Independent field views of decoded values (spec field names, as in the fixture)

enum Fields {
    static func hex8(_ value: UInt8) -> JSON { .string("0x" + hex2(value)) }
    static func hex16(_ value: UInt16) -> JSON { .string("0x" + String(value, radix: 16, uppercase: true).leftPadded(to: 4)) }
    static func hex32(_ value: UInt32) -> JSON { .string("0x" + String(value, radix: 16, uppercase: true).leftPadded(to: 8)) }
    static func id(_ value: ObjectID) -> JSON { .string(value.description) }
    static func bytes(_ value: [UInt8]) -> JSON { .string(value.map(hex2).joined()) }

    static func notificationData(_ data: NotificationData) -> JSON {
        let layout = data.layout
        var fields: [String: JSON] = [
            "NotificationFlags": hex16(data.flags.rawValue),
            "NotificationType": .string(data.flags.type.description),
            "T": .bool(data.flags.hasTotalMessageCount), "U": .bool(data.flags.hasUnreadMessageCount),
            "S": .bool(data.flags.isSearchFolder), "M": .bool(data.flags.isMessage),
        ]
        if layout.tableEventType {
            fields["TableEventType"] = hex16(data.tableEventType.rawValue)
            fields["TableEventTypeName"] = .string(data.tableEventType.description)
        }
        if layout.tableRowFolderID { fields["TableRowFolderID"] = id(data.tableRowFolderID) }
        if layout.tableRowMessageIDAndInstance {
            fields["TableRowMessageID"] = id(data.tableRowMessageID)
            fields["TableRowInstance"] = .int(Int64(data.tableRowInstance))
        }
        if layout.insertAfterFolderID { fields["InsertAfterTableRowFolderID"] = id(data.insertAfterTableRowFolderID) }
        if layout.insertAfterRowIDAndInstance {
            fields["InsertAfterTableRowID"] = id(data.insertAfterTableRowID)
            fields["InsertAfterTableRowInstance"] = .int(Int64(data.insertAfterTableRowInstance))
        }
        if layout.tableRowData {
            fields["TableRowDataSize"] = .int(Int64(data.tableRowData.count))
            fields["TableRowData"] = bytes(data.tableRowData)
        }
        if layout.folderID { fields["FolderId"] = id(data.folderID) }
        if layout.messageID { fields["MessageId"] = id(data.messageID) }
        if layout.parentFolderID { fields["ParentFolderId"] = id(data.parentFolderID) }
        if layout.oldFolderID { fields["OldFolderId"] = id(data.oldFolderID) }
        if layout.oldMessageID { fields["OldMessageId"] = id(data.oldMessageID) }
        if layout.oldParentFolderID { fields["OldParentFolderId"] = id(data.oldParentFolderID) }
        if layout.tagCount {
            fields["TagCount"] = .int(Int64(data.tagCount))
            if data.tagCount != 0, data.tagCount != 0xFFFF { fields["Tags"] = .array(data.tags.map { .string($0.description) }) }
        }
        if layout.totalMessageCount { fields["TotalMessageCount"] = .int(Int64(data.totalMessageCount)) }
        if layout.unreadMessageCount { fields["UnreadMessageCount"] = .int(Int64(data.unreadMessageCount)) }
        if layout.newMailFields {
            fields["MessageFlags"] = hex32(data.messageFlags)
            fields["UnicodeFlag"] = hex8(data.unicode ? 1 : 0)
            fields["MessageClass"] = .string(data.messageClass)
        }
        return .object(fields)
    }

    static func rop(_ id: RopID) -> [String: JSON] {
        ["RopId": hex8(id.rawValue), "Rop": .string(id.description)]
    }

    static func response(_ response: RopResponse) -> JSON {
        var fields = rop(response.ropID)
        switch response {
        case let .registerNotification(r):
            fields["OutputHandleIndex"] = .int(Int64(r.outputHandleIndex))
            fields["ReturnValue"] = hex32(r.returnValue.rawValue)
            if let name = r.returnValue.name { fields["ReturnValueName"] = .string(name) }
        case let .notify(r):
            fields["NotificationHandle"] = hex32(r.notificationHandle)
            fields["LogonId"] = .int(Int64(r.logonID))
            fields["NotificationData"] = notificationData(r.notificationData)
        case let .pending(r):
            fields["SessionIndex"] = .int(Int64(r.sessionIndex))
        case let .bufferTooSmall(r):
            fields["SizeNeeded"] = .int(Int64(r.sizeNeeded))
            fields["RequestBuffers"] = bytes(r.requestBuffers)
        case let .backoff(r):
            fields["LogonId"] = .int(Int64(r.logonID))
            fields["Duration"] = .int(Int64(r.duration))
            fields["BackoffRopCount"] = .int(Int64(r.backoffRops.count))
            fields["BackoffRopData"] = .array(r.backoffRops.map {
                .object(["RopIdBackoff": hex8($0.ropID.rawValue), "Rop": .string($0.ropID.description), "Duration": .int(Int64($0.duration))])
            })
            fields["AdditionalDataSize"] = .int(Int64(r.additionalData.count))
            fields["AdditionalData"] = bytes(r.additionalData)
        default:
            // The fixtures hold notification ROPs only; anything else makes the comparison fail.
            fields["UnexpectedRop"] = .bool(true)
        }
        return .object(fields)
    }

    static func request(_ request: RopRequest) -> JSON {
        var fields = rop(request.ropID)
        switch request {
        case let .release(r):
            fields["LogonId"] = .int(Int64(r.logonID))
            fields["InputHandleIndex"] = .int(Int64(r.inputHandleIndex))
        case let .registerNotification(r):
            fields["LogonId"] = .int(Int64(r.logonID))
            fields["InputHandleIndex"] = .int(Int64(r.inputHandleIndex))
            fields["OutputHandleIndex"] = .int(Int64(r.outputHandleIndex))
            fields["NotificationTypes"] = hex16(r.notificationTypes.rawValue)
            fields["NotificationTypeNames"] = .array(r.notificationTypes.names.map(JSON.string))
            if r.notificationTypes.contains(.extended) { fields["Reserved"] = hex8(r.reserved) }
            fields["WantWholeStore"] = hex8(r.wantWholeStore)
            if case let .object(folderID, messageID) = r.scope {
                fields["FolderId"] = id(folderID)
                fields["MessageId"] = id(messageID)
            }
        default:
            fields["UnexpectedRop"] = .bool(true)
        }
        return .object(fields)
    }

    static func propertyValue(_ value: PropertyValue) -> JSON {
        switch value {
        case .null: .null
        case let .integer16(v): .int(Int64(v))
        case let .integer32(v): .int(Int64(v))
        case let .integer64(v), let .currency(v): .int(v)
        case let .boolean(v): .bool(v)
        case let .string(v): .string(v)
        case let .string8(v): .string(String(decoding: v, as: UTF8.self))
        case let .binary(v), let .serverID(v): bytes(v)
        case let .errorCode(v): hex32(v.rawValue)
        case let .multipleInteger32(vs): .array(vs.map { .int(Int64($0)) })
        default: .string(String(describing: value))
        }
    }

    static func propertyRow(_ row: PropertyRow, columns: [PropertyTag], wire: [UInt8]) -> JSON {
        let flagged = row.isFlagged
        var cells: [JSON] = []
        for (column, cell) in zip(columns, row.cells) {
            var fields: [String: JSON] = ["PropertyTag": .string(column.description)]
            switch cell {
            case let .value(value):
                if column.type == .unspecified { fields["PropertyType"] = hex16(value.type.rawValue) }
                if flagged { fields["Flag"] = hex8(0x00) }
                fields["PropertyValue"] = propertyValue(value)
            case .absent:
                if column.type == .unspecified { fields["PropertyType"] = hex16(PropertyType.null.rawValue) }
                fields["Flag"] = hex8(0x01)
            case let .error(code):
                if column.type == .unspecified { fields["PropertyType"] = hex16(PropertyType.errorCode.rawValue) }
                fields["Flag"] = hex8(0x0A)
                fields["PropertyValue"] = hex32(code.rawValue)
            }
            cells.append(.object(fields))
        }
        return .object(["Flag": hex8(flagged ? 0x01 : 0x00), "ValueArray": .array(cells)])
    }

    static func header(_ header: RPCHeaderExt) -> JSON {
        var names: [JSON] = []
        if header.flags.contains(.compressed) { names.append("Compressed") }
        if header.flags.contains(.xorMagic) { names.append("XorMagic") }
        if header.flags.contains(.last) { names.append("Last") }
        return .object([
            "Version": hex16(header.version), "Flags": hex16(header.flags.rawValue), "FlagNames": .array(names),
            "Size": .int(Int64(header.size)), "SizeActual": .int(Int64(header.sizeActual)),
        ])
    }
}

extension JSON: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .string(value) }
}
