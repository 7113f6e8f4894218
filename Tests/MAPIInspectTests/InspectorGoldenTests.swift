import MAPIInspect
import MAPIWire
import Testing

/// `herald decode --json` logic on every golden vector: the document carries exactly the fields the
/// fixture lists, by their spec names, in wire order.
@Suite("Inspector on the golden vectors")
struct InspectorGoldenTests {
    /// MAPI/HTTP NotificationWait bodies are not something `herald decode` reads.
    static let notDecodable: Set<String> = ["mapihttp-notificationWaitRequestBody", "mapihttp-notificationWaitResponseBody"]

    @Test("decodes to the documented field names and values", arguments: GoldenVector.all)
    func vector(_ vector: GoldenVector) throws {
        let bytes = vector.bytes
        switch vector.kind {
        case "ropsList-request", "ropsList-response", "extendedBuffer-request", "extendedBuffer-response":
            let direction: Inspector.Direction = vector.kind.hasSuffix("request") ? .request : .response
            let input: Inspector.Input = vector.kind.hasPrefix("ropsList") ? .ropsList : .extendedBuffer
            let inspection = try Inspector.inspect(bytes, input: input, direction: direction)
            var expected = vector.expect
            if case var .object(fields) = expected {
                fields["Direction"] = .string(direction.rawValue)
                expected = .object(fields)
            }
            #expect(JSON(inspection.json) == expected)
            // Without --request/--response the direction is found from the bytes.
            let automatic = try Inspector.inspect(bytes, input: input)
            #expect(automatic == inspection)
            // The serialized document parses back to the same value.
            #expect(try JSONText.parse(inspection.json.serialized()) == JSON(inspection.json))
            Self.expectWireOrder(inspection.json)
        case "notificationData":
            let node = try Inspector.describeNotificationData(bytes)
            #expect(JSON(node.json) == vector.expect)
            Self.expectWireOrder(.object([.init("NotificationData", node.json)]))
        case "propertyRow":
            #expect(JSON(try Inspector.describePropertyRow(bytes, columns: vector.columnTags).json) == vector.expect)
        case "mapihttp-executeRequestBody":
            // Its RopBuffer field is an rgbIn (MS-OXCMAPIHTTP 2.2.4.2.1).
            let ropBuffer = try HexInput.parse(try #require(vector.expect["RopBuffer"]?.string))
            let inspection = try Inspector.inspect(ropBuffer, input: .extendedBuffer, direction: .request)
            #expect(inspection.json["Buffers"] == .array([.object([
                .init("RPC_HEADER_EXT", .object([
                    .init("Version", .string("0x0000")), .init("Flags", .string("0x0004")), .init("FlagNames", .array([.string("Last")])),
                    .init("Size", .int(6)), .init("SizeActual", .int(6)),
                ])),
                .init("Payload", .string("020044332211")), .init("RopSize", .int(2)), .init("RopsList", .array([])),
                .init("ServerObjectHandleTable", .array([.string("0x11223344")])),
            ])]))
        default:
            #expect(Self.notDecodable.contains(vector.kind), "no inspector check for kind \(vector.kind)")
        }
        if let expectedRow = vector.propertyRow {
            let inspection = try Inspector.inspect(bytes, input: .ropsList, direction: .response)
            let rowHex = try #require(JSON(inspection.json)["RopsList"].flatMap { if case let .array(rops) = $0 { rops.first } else { nil } }?["NotificationData"]?["TableRowData"]?.string)
            let row = try Inspector.describePropertyRow(try HexInput.parse(rowHex), columns: vector.columnTags)
            #expect(JSON(row.json) == expectedRow)
        }
    }

    /// Field order of MS-OXCNOTIF 2.2.1.4.1.2 and MS-OXCROPS 2.2.14.1.1 (decoded-name companions
    /// right after their raw field).
    static let notificationDataOrder = [
        "NotificationFlags", "NotificationType", "T", "U", "S", "M", "TableEventType", "TableEventTypeName",
        "TableRowFolderID", "TableRowMessageID", "TableRowInstance", "InsertAfterTableRowFolderID", "InsertAfterTableRowID",
        "InsertAfterTableRowInstance", "TableRowDataSize", "TableRowData", "FolderId", "MessageId", "ParentFolderId",
        "OldFolderId", "OldMessageId", "OldParentFolderId", "TagCount", "Tags", "TotalMessageCount", "UnreadMessageCount",
        "MessageFlags", "UnicodeFlag", "MessageClass",
    ]
    static let registerOrder = [
        "RopId", "Rop", "LogonId", "InputHandleIndex", "OutputHandleIndex", "NotificationTypes", "NotificationTypeNames",
        "Reserved", "WantWholeStore", "FolderId", "MessageId",
    ]
    static let bufferOrder = ["RPC_HEADER_EXT", "Payload", "RopSize", "RopsList", "ServerObjectHandleTable"]

    static func expectWireOrder(_ value: JSONValue) {
        switch value {
        case let .array(elements): elements.forEach(expectWireOrder)
        case let .object(members):
            let keys = members.map(\.key)
            for order in [notificationDataOrder, registerOrder, bufferOrder] where Set(keys).isSubset(of: order) && keys.count > 1 {
                let positions = keys.compactMap { order.firstIndex(of: $0) }
                #expect(positions == positions.sorted(), "keys out of wire order: \(keys)")
            }
            members.forEach { expectWireOrder($0.value) }
        default: break
        }
    }
}
