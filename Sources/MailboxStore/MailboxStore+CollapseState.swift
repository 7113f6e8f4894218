import MAPIWire
import NotificationEngine

// MARK: - Collapse state of tables without categories (MS-OXCTABL 2.2.2.19, 2.2.2.20, 3.2.5.19, 3.2.5.20)

extension MailboxStore {
    /// The CollapseState blob of RopGetCollapseState for a table without categories: nothing is
    /// collapsed, so the state is only the row to come back to — (version, PidTagInstID,
    /// PidTagInstanceNum), 13 bytes. It is opaque to the client (MS-OXCTABL 2.2.2.19).
    public func collapseState(_ id: TableID, rowID: UInt64, rowInstanceNumber: UInt32) throws(StoreError) -> [UInt8] {
        try withTable(id) { _, _ throws(StoreError) -> [UInt8] in
            var bytes: [UInt8] = [Self.collapseStateVersion]
            bytes.appendUInt64(rowID)
            bytes.appendUInt32(rowInstanceNumber)
            return bytes
        }
    }

    static let collapseStateVersion: UInt8 = 1

    /// RopSetCollapseState for a table without categories: restores nothing (nothing is collapsed)
    /// and returns a bookmark on the row the state names (MS-OXCTABL 3.2.5.20). A state from a
    /// table that does not list that row gives a bookmark at the beginning, which the spec allows
    /// ("the value of the Bookmark field … will be invalid"). A blob that is not a collapse state
    /// of this server → ``StoreError/invalidParameter(_:)``.
    public func setCollapseState(_ id: TableID, _ state: [UInt8]) throws(StoreError) -> [UInt8] {
        try withTable(id) { mailbox, table throws(StoreError) -> [UInt8] in
            var reader = ByteReader(state)
            guard state.count == 13, (try? reader.readUInt8("version")) == Self.collapseStateVersion,
                  let rowID = try? reader.readUInt64("RowId") else { throw .invalidParameter("collapse state") }
            let object = ObjectID(wireValue: rowID)
            var index = 0
            if object.replicaID == mailbox.replicaID, let row = table.index(of: object.globalCounter) { index = row }
            return Self.bookmark(table, at: index)
        }
    }

    /// A bookmark on the row at `index` (the end when `index` is the row count); the cursor stays.
    static func bookmark(_ table: TableState, at index: Int) -> [UInt8] {
        let number = table.nextBookmark
        table.nextBookmark &+= 1
        table.bookmarks[number] = index < table.rows.count ? table.rows[index] : RowKey(values: [], path: [], id: 0)
        var bytes: [UInt8] = []
        bytes.appendUInt32(table.generation)
        bytes.appendUInt32(number)
        bytes.appendUInt64(table.id.rawValue)
        return bytes
    }

    /// Whether the table is a contents table (RopSortTable, RopExpandRow and RopCollapseRow apply
    /// to contents tables only).
    public func isContentsTable(_ id: TableID) throws(StoreError) -> Bool {
        try withTable(id) { _, table throws(StoreError) in table.isContents }
    }
}
