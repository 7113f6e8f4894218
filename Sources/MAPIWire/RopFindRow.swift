/// RopFindRow request (MS-OXCROPS 2.2.5.13.1).
public struct RopFindRowRequest: RopRequestCodec {
    public static let ropID = RopID.findRow

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x00 forwards, 0x01 backwards.
    public var findRowFlags: UInt8
    /// A Restriction (MS-OXCDATA 2.12) as sent.
    public var restrictionData: [UInt8]
    /// 0x00 BEGINNING, 0x01 CURRENT, 0x02 END, 0x03 CUSTOM (Bookmark).
    public var origin: UInt8
    public var bookmark: [UInt8]

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, findRowFlags: UInt8, restrictionData: [UInt8], origin: UInt8,
        bookmark: [UInt8]
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.findRowFlags = findRowFlags
        self.restrictionData = restrictionData
        self.origin = origin
        self.bookmark = bookmark
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(findRowFlags)
        buffer.appendSizedBytes16(restrictionData)
        buffer.append(origin)
        buffer.appendSizedBytes16(bookmark)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopFindRowRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let findRowFlags = try reader.readUInt8("FindRowFlags")
        let restrictionData = try reader.readSizedBytes16("RestrictionDataSize", "RestrictionData")
        let origin = try reader.readUInt8("Origin")
        let bookmark = try reader.readSizedBytes16("BookmarkSize", "Bookmark")
        return RopFindRowRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, findRowFlags: findRowFlags,
            restrictionData: restrictionData, origin: origin, bookmark: bookmark)
    }
}

/// RopFindRow response (MS-OXCROPS 2.2.5.13.2, 2.2.5.13.3). Success fields: RowNoLongerVisible (1),
/// HasRowData (1), RowData (a PropertyRow over the table's columns, only when HasRowData is nonzero);
/// a failure response is the 6-byte header.
public struct RopFindRowResponse: RopColumnDependentResponseCodec {
    public static let ropID = RopID.findRow

    public struct Success: Hashable, Sendable {
        public var rowNoLongerVisible: Bool
        /// Non-nil exactly when HasRowData is nonzero.
        public var row: PropertyRow?

        public init(rowNoLongerVisible: Bool, row: PropertyRow?) {
            self.rowNoLongerVisible = rowNoLongerVisible
            self.row = row
        }
    }

    public var inputHandleIndex: UInt8
    /// The table's columns (its last RopSetColumns); not on the wire.
    public var columns: [PropertyTag]
    public var outcome: RopOutcome<Success>

    public init(inputHandleIndex: UInt8, columns: [PropertyTag], outcome: RopOutcome<Success>) {
        self.inputHandleIndex = inputHandleIndex
        self.columns = columns
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.append(success.rowNoLongerVisible ? 1 : 0)
        buffer.append(success.row == nil ? 0 : 1)
        success.row?.encode(columns: columns, into: &buffer)
    }

    public static func decode(from reader: inout ByteReader, columns: [PropertyTag]) throws(WireError) -> RopFindRowResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopFindRowResponse(inputHandleIndex: header.index, columns: columns, outcome: .failure(header.returnValue))
        }
        let rowNoLongerVisible = try reader.readUInt8("RowNoLongerVisible") != 0
        let hasRowData = try reader.readUInt8("HasRowData") != 0
        let row = hasRowData ? try PropertyRow.decode(columns: columns, from: &reader) : nil
        return RopFindRowResponse(inputHandleIndex: header.index, columns: columns, outcome: .success(Success(rowNoLongerVisible: rowNoLongerVisible, row: row)))
    }
}
