/// RopGetSearchCriteria request (MS-OXCROPS 2.2.4.5.1).
public struct RopGetSearchCriteriaRequest: RopRequestCodec {
    public static let ropID = RopID.getSearchCriteria

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var useUnicode: Bool
    public var includeRestriction: Bool
    public var includeFolders: Bool

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, useUnicode: Bool, includeRestriction: Bool, includeFolders: Bool
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.useUnicode = useUnicode
        self.includeRestriction = includeRestriction
        self.includeFolders = includeFolders
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(useUnicode ? 1 : 0)
        buffer.append(includeRestriction ? 1 : 0)
        buffer.append(includeFolders ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetSearchCriteriaRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let useUnicode = try reader.readUInt8("UseUnicode") != 0
        let includeRestriction = try reader.readUInt8("IncludeRestriction") != 0
        let includeFolders = try reader.readUInt8("IncludeFolders") != 0
        return RopGetSearchCriteriaRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, useUnicode: useUnicode,
            includeRestriction: includeRestriction, includeFolders: includeFolders)
    }
}

/// RopGetSearchCriteria response (MS-OXCROPS 2.2.4.5.2, 2.2.4.5.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
///
/// The success fields are RestrictionDataSize, RestrictionData, LogonId (an echo of the request's),
/// FolderIdCount, FolderIds, SearchFlags.
public struct RopGetSearchCriteriaResponse: RopResponseCodec {
    public static let ropID = RopID.getSearchCriteria

    public struct Success: Hashable, Sendable {
        /// A Restriction (MS-OXCDATA 2.12); empty when not requested.
        public var restrictionData: [UInt8]
        public var logonID: UInt8
        public var folderIDs: [ObjectID]
        /// SEARCH_* state bits (MS-OXCFOLD 2.2.1.5.2).
        public var searchFlags: UInt32

        public init(restrictionData: [UInt8], logonID: UInt8, folderIDs: [ObjectID], searchFlags: UInt32) {
            self.restrictionData = restrictionData
            self.logonID = logonID
            self.folderIDs = folderIDs
            self.searchFlags = searchFlags
        }
    }

    public var inputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(inputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.inputHandleIndex = inputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.appendSizedBytes16(success.restrictionData)
        buffer.append(success.logonID)
        buffer.appendCountedObjectIDs(success.folderIDs)
        buffer.appendUInt32(success.searchFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetSearchCriteriaResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetSearchCriteriaResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let restrictionData = try reader.readSizedBytes16("RestrictionDataSize", "RestrictionData")
        let logonID = try reader.readUInt8("LogonId")
        let folderIDs = try reader.readCountedObjectIDs("FolderIdCount", "FolderIds")
        let searchFlags = try reader.readUInt32("SearchFlags")
        let success = Success(
            restrictionData: restrictionData, logonID: logonID, folderIDs: folderIDs, searchFlags: searchFlags)
        return RopGetSearchCriteriaResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
