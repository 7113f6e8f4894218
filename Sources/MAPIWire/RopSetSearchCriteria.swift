/// RopSetSearchCriteria request (MS-OXCROPS 2.2.4.4.1).
public struct RopSetSearchCriteriaRequest: RopRequestCodec {
    public static let ropID = RopID.setSearchCriteria

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// A Restriction (MS-OXCDATA 2.12) as sent; empty means "keep the previous criteria".
    public var restrictionData: [UInt8]
    /// Empty means "keep the previous scope".
    public var folderIDs: [ObjectID]
    public var searchFlags: UInt32

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, restrictionData: [UInt8], folderIDs: [ObjectID], searchFlags: UInt32
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.restrictionData = restrictionData
        self.folderIDs = folderIDs
        self.searchFlags = searchFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedBytes16(restrictionData)
        buffer.appendCountedObjectIDs(folderIDs)
        buffer.appendUInt32(searchFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetSearchCriteriaRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let restrictionData = try reader.readSizedBytes16("RestrictionDataSize", "RestrictionData")
        let folderIDs = try reader.readCountedObjectIDs("FolderIdCount", "FolderIds")
        let searchFlags = try reader.readUInt32("SearchFlags")
        return RopSetSearchCriteriaRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, restrictionData: restrictionData,
            folderIDs: folderIDs, searchFlags: searchFlags)
    }
}

/// RopSetSearchCriteria response (MS-OXCROPS 2.2.4.4.2): one layout whatever the ReturnValue.
public struct RopSetSearchCriteriaResponse: RopResponseCodec {
    public static let ropID = RopID.setSearchCriteria

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetSearchCriteriaResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        return RopSetSearchCriteriaResponse(inputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
