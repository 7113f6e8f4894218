/// RopOpenFolder request (MS-OXCROPS 2.2.4.1.1).
public struct RopOpenFolderRequest: RopRequestCodec {
    public static let ropID = RopID.openFolder

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    public var folderID: ObjectID
    /// 0x04 OpenSoftDeleted; other bits are ignored (MS-OXCFOLD 2.2.1.1.1).
    public var openModeFlags: UInt8

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, folderID: ObjectID, openModeFlags: UInt8
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.folderID = folderID
        self.openModeFlags = openModeFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        folderID.encode(into: &buffer)
        buffer.append(openModeFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let folderID = try ObjectID.decode(from: &reader, "FolderId")
        let openModeFlags = try reader.readUInt8("OpenModeFlags")
        return RopOpenFolderRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex,
            folderID: folderID, openModeFlags: openModeFlags)
    }
}

/// The replica servers of a ghosted public folder (MS-OXCROPS 2.2.4.1.2): ServerCount (2),
/// CheapServerCount (2), Servers (ServerCount NUL-terminated ASCII strings).
public struct GhostedFolderServers: Hashable, Sendable {
    public var cheapServerCount: UInt16
    /// ASCII server DNs, without their NULs.
    public var servers: [[UInt8]]

    public init(cheapServerCount: UInt16, servers: [[UInt8]]) {
        self.cheapServerCount = cheapServerCount
        self.servers = servers
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt16(UInt16(truncatingIfNeeded: servers.count))
        buffer.appendUInt16(cheapServerCount)
        for server in servers { PropertyValue.encodeString8(server, into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> GhostedFolderServers {
        let count = Int(try reader.readUInt16("ServerCount"))
        let cheap = try reader.readUInt16("CheapServerCount")
        // Every server string takes at least its NUL.
        try reader.require(count, field: "Servers")
        var servers: [[UInt8]] = []
        servers.reserveCapacity(count)
        for _ in 0..<count { servers.append(try reader.readString8("Servers")) }
        return GhostedFolderServers(cheapServerCount: cheap, servers: servers)
    }
}

/// RopOpenFolder response (MS-OXCROPS 2.2.4.1.2, 2.2.4.1.3). Success fields: HasRules (1), IsGhosted
/// (1), and only when IsGhosted is nonzero ServerCount, CheapServerCount, Servers. A private mailbox
/// always answers IsGhosted 0 (MS-OXCFOLD 2.2.1.1.2). A failure response is the 6-byte header.
public struct RopOpenFolderResponse: RopResponseCodec {
    public static let ropID = RopID.openFolder

    public struct Success: Hashable, Sendable {
        public var hasRules: Bool
        /// Non-nil exactly when IsGhosted is nonzero.
        public var ghosted: GhostedFolderServers?

        public init(hasRules: Bool, ghosted: GhostedFolderServers? = nil) {
            self.hasRules = hasRules
            self.ghosted = ghosted
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
        buffer.append(success.hasRules ? 1 : 0)
        buffer.append(success.ghosted == nil ? 0 : 1)
        success.ghosted?.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenFolderResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopOpenFolderResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let hasRules = try reader.readUInt8("HasRules") != 0
        let isGhosted = try reader.readUInt8("IsGhosted") != 0
        let ghosted = isGhosted ? try GhostedFolderServers.decode(from: &reader) : nil
        return RopOpenFolderResponse(outputHandleIndex: header.index, outcome: .success(Success(hasRules: hasRules, ghosted: ghosted)))
    }
}
