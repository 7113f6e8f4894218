import MAPIWire

extension Inspector {
    /// NotificationData (MS-OXCNOTIF 2.2.1.4.1.2): exactly the fields its ``NotificationData/Layout``
    /// puts on the wire, in wire order. With `tableColumns`, a TableRowData that decodes with them
    /// is also shown (text only) as a PropertyRow.
    public static func describe(_ data: NotificationData, tableColumns: [PropertyTag] = []) -> InspectNode {
        let layout = data.layout
        let flags = data.flags
        var fields: [InspectField] = [
            InspectField("NotificationFlags", Scalar.hex16(flags.rawValue, flags.description)),
            InspectField("NotificationType", Scalar.name(flags.type.description), .jsonOnly),
            InspectField("T", Scalar.bool(flags.hasTotalMessageCount), .jsonOnly),
            InspectField("U", Scalar.bool(flags.hasUnreadMessageCount), .jsonOnly),
            InspectField("S", Scalar.bool(flags.isSearchFolder), .jsonOnly),
            InspectField("M", Scalar.bool(flags.isMessage), .jsonOnly),
        ]
        if layout.tableEventType {
            fields.append(InspectField("TableEventType", Scalar.hex16(data.tableEventType.rawValue, data.tableEventType.name ?? "undefined")))
            fields.append(InspectField("TableEventTypeName", Scalar.name(data.tableEventType.description), .jsonOnly))
        }
        if layout.tableRowFolderID { fields.append(InspectField("TableRowFolderID", Scalar.objectID(data.tableRowFolderID))) }
        if layout.tableRowMessageIDAndInstance {
            fields.append(InspectField("TableRowMessageID", Scalar.objectID(data.tableRowMessageID)))
            fields.append(InspectField("TableRowInstance", Scalar.number(data.tableRowInstance)))
        }
        if layout.insertAfterFolderID { fields.append(InspectField("InsertAfterTableRowFolderID", Scalar.objectID(data.insertAfterTableRowFolderID))) }
        if layout.insertAfterRowIDAndInstance {
            fields.append(InspectField("InsertAfterTableRowID", Scalar.objectID(data.insertAfterTableRowID)))
            fields.append(InspectField("InsertAfterTableRowInstance", Scalar.number(data.insertAfterTableRowInstance)))
        }
        if layout.tableRowData {
            fields.append(InspectField("TableRowDataSize", Scalar.number(data.tableRowData.count)))
            fields.append(InspectField("TableRowData", Scalar.bytes(data.tableRowData)))
            if !tableColumns.isEmpty, let row = try? describePropertyRow(data.tableRowData, columns: tableColumns) {
                fields.append(InspectField("TableRowData as PropertyRow", row, .textOnly))
            }
        }
        if layout.folderID { fields.append(InspectField("FolderId", Scalar.objectID(data.folderID))) }
        if layout.messageID { fields.append(InspectField("MessageId", Scalar.objectID(data.messageID))) }
        if layout.parentFolderID { fields.append(InspectField("ParentFolderId", Scalar.objectID(data.parentFolderID))) }
        if layout.oldFolderID { fields.append(InspectField("OldFolderId", Scalar.objectID(data.oldFolderID))) }
        if layout.oldMessageID { fields.append(InspectField("OldMessageId", Scalar.objectID(data.oldMessageID))) }
        if layout.oldParentFolderID { fields.append(InspectField("OldParentFolderId", Scalar.objectID(data.oldParentFolderID))) }
        if layout.tagCount {
            let count = data.tagCount
            let note: String? = count == 0xFFFF ? "(no Tags)" : count == 0 ? "(no Tags)" : nil
            fields.append(InspectField("TagCount", InspectNode.scalar(.int(Int64(count)), note.map { "\(count)  \($0)" } ?? "\(count)")))
            if count != 0, count != 0xFFFF { fields.append(InspectField("Tags", .items(data.tags.map(Scalar.propertyTag)))) }
        }
        if layout.totalMessageCount { fields.append(InspectField("TotalMessageCount", Scalar.number(data.totalMessageCount))) }
        if layout.unreadMessageCount { fields.append(InspectField("UnreadMessageCount", Scalar.number(data.unreadMessageCount))) }
        if layout.newMailFields {
            fields.append(InspectField("MessageFlags", Scalar.hex32(data.messageFlags, messageFlagNames(data.messageFlags))))
            fields.append(InspectField("UnicodeFlag", Scalar.hex8(data.unicode ? 1 : 0, data.unicode ? "UTF-16LE MessageClass" : "8-bit MessageClass")))
            fields.append(InspectField("MessageClass", Scalar.string(data.messageClass)))
        }
        return .fields(fields)
    }

    /// PidTagMessageFlags bits (MS-OXCMSG 2.2.1.6), for the text tree.
    static func messageFlagNames(_ flags: UInt32) -> String? {
        let names: [(UInt32, String)] = [
            (0x0001, "mfRead"), (0x0002, "mfUnmodified"), (0x0004, "mfSubmitted"), (0x0008, "mfUnsent"),
            (0x0010, "mfHasAttach"), (0x0020, "mfFromMe"), (0x0040, "mfFAI"), (0x0080, "mfResend"),
            (0x0100, "mfNotifyRead"), (0x0200, "mfNotifyUnread"), (0x0400, "mfEverRead"),
            (0x0800, "mfInternet"), (0x2000, "mfUntrusted"),
        ]
        let set = names.filter { flags & $0.0 != 0 }.map(\.1)
        let known = names.reduce(UInt32(0)) { $0 | $1.0 }
        let rest = flags & ~known
        let all = set + (rest != 0 ? [Scalar.hex(UInt64(rest), digits: 8)] : [])
        return all.isEmpty ? nil : all.joined(separator: "|")
    }
}
