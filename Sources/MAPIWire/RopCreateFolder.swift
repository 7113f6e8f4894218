/// RopCreateFolder request (MS-OXCROPS 2.2.4.2.1).
///
/// DisplayName and Comment are UTF-16LE when UseUnicodeStrings is nonzero, else 8-bit; their cases
/// should agree with ``useUnicodeStrings`` (a decoded request always does).
public struct RopCreateFolderRequest: RopRequestCodec {
    public static let ropID = RopID.createFolder

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// 0x01 generic folder, 0x02 search folder.
    public var folderType: UInt8
    public var useUnicodeStrings: Bool
    public var openExisting: Bool
    public var reserved: UInt8
    public var displayName: RopString
    public var comment: RopString

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, folderType: UInt8, useUnicodeStrings: Bool,
        openExisting: Bool, reserved: UInt8, displayName: RopString, comment: RopString
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.folderType = folderType
        self.useUnicodeStrings = useUnicodeStrings
        self.openExisting = openExisting
        self.reserved = reserved
        self.displayName = displayName
        self.comment = comment
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.append(folderType)
        buffer.append(useUnicodeStrings ? 1 : 0)
        buffer.append(openExisting ? 1 : 0)
        buffer.append(reserved)
        displayName.encode(into: &buffer)
        comment.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let folderType = try reader.readUInt8("FolderType")
        let useUnicodeStrings = try reader.readUInt8("UseUnicodeStrings") != 0
        let openExisting = try reader.readUInt8("OpenExisting") != 0
        let reserved = try reader.readUInt8("Reserved")
        let displayName = try RopString.decode(unicode: useUnicodeStrings, from: &reader, "DisplayName")
        let comment = try RopString.decode(unicode: useUnicodeStrings, from: &reader, "Comment")
        return RopCreateFolderRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex,
            folderType: folderType, useUnicodeStrings: useUnicodeStrings, openExisting: openExisting,
            reserved: reserved, displayName: displayName, comment: comment)
    }
}

/// RopCreateFolder response (MS-OXCROPS 2.2.4.2.2, 2.2.4.2.3). Success fields: FolderId (8),
/// IsExistingFolder (1), and only when IsExistingFolder is nonzero HasRules (1), IsGhosted (1) and,
/// when IsGhosted is nonzero, the ghosted-folder server list. A private mailbox always answers
/// IsExistingFolder 0, i.e. 15 bytes (MS-OXCFOLD 2.2.1.2.2). A failure response is the 6-byte header.
public struct RopCreateFolderResponse: RopResponseCodec {
    public static let ropID = RopID.createFolder

    /// The fields of an existing public folder opened instead of created.
    public struct ExistingFolder: Hashable, Sendable {
        public var hasRules: Bool
        public var ghosted: GhostedFolderServers?

        public init(hasRules: Bool, ghosted: GhostedFolderServers? = nil) {
            self.hasRules = hasRules
            self.ghosted = ghosted
        }
    }

    public struct Success: Hashable, Sendable {
        public var folderID: FolderID
        /// Non-nil exactly when IsExistingFolder is nonzero.
        public var existingFolder: ExistingFolder?

        public init(folderID: FolderID, existingFolder: ExistingFolder? = nil) {
            self.folderID = folderID
            self.existingFolder = existingFolder
        }
    }

    public var outputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(outputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.outputHandleIndex = outputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        success.folderID.encode(into: &buffer)
        guard let existing = success.existingFolder else {
            buffer.append(0)
            return
        }
        buffer.append(1)
        buffer.append(existing.hasRules ? 1 : 0)
        buffer.append(existing.ghosted == nil ? 0 : 1)
        existing.ghosted?.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopCreateFolderResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopCreateFolderResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        var existing: ExistingFolder?
        if try reader.readUInt8("IsExistingFolder") != 0 {
            let hasRules = try reader.readUInt8("HasRules") != 0
            let isGhosted = try reader.readUInt8("IsGhosted") != 0
            existing = ExistingFolder(hasRules: hasRules, ghosted: isGhosted ? try GhostedFolderServers.decode(from: &reader) : nil)
        }
        return RopCreateFolderResponse(outputHandleIndex: header.index, outcome: .success(Success(folderID: folderID, existingFolder: existing)))
    }
}
