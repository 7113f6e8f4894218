/// How a request's header names its handle-table slots (MS-OXCROPS 2.2.1, 2.2.2).
public enum RopRequestHeaderLayout: Hashable, Sendable {
    /// RopId, LogonId, InputHandleIndex; the response echoes InputHandleIndex.
    case input
    /// RopId, LogonId, InputHandleIndex, OutputHandleIndex; the response echoes OutputHandleIndex.
    case inputOutput
    /// RopId, LogonId, ResponseHandleIndex, InputHandleIndex; the response echoes ResponseHandleIndex.
    case responseInput
    /// RopId, LogonId, SourceHandleIndex, DestHandleIndex; the response echoes SourceHandleIndex.
    case sourceDestination

    /// Bytes of RopId, LogonId and the handle indexes.
    public var size: Int { self == .input ? 3 : 4 }
}

/// The request layouts of the ROPs Herald does not implement, reduced to what is needed to split them
/// from a RopsList and answer them (MS-OXCROPS 2.2.2 and the request-buffer section of each ROP).
///
/// A RopsList has no per-ROP length, so a server that meets a ROP it cannot measure must fail the whole
/// call (MS-OXCROPS 3.2.5.1). For every ROP whose request is fixed-size or self-delimiting this table
/// gives the length, so the processor can answer it with a failure response (e.g. ecNotSupported) and
/// carry on. Reserved RopIds are absent.
public enum RopRequestLength {
    /// One field after the header.
    enum Field: Hashable, Sendable {
        /// A fixed number of bytes.
        case fixed(Int)
        /// A u16 byte count, then that many bytes.
        case sized16
        /// A u32 byte count, then that many bytes.
        case sized32
        /// A u16 element count, then that many elements of `elementSize` bytes.
        case counted16(elementSize: Int)
        /// A NUL-terminated 8-bit string.
        case string8
        /// A u16 count, then TaggedPropertyValues (MS-OXCDATA 2.11.4).
        case taggedValues16
        /// A u16; when it is 0xBABE, `extra` more bytes follow (RopReadStream MaximumByteCount,
        /// RopFastTransferSourceGetBuffer MaximumBufferSize).
        case babe16(extra: Int)
        /// ModifyCount (2), then PermissionData: PermissionDataFlags (1), PropertyValueCount (2),
        /// TaggedPropertyValues (MS-OXCPERM 2.2.1).
        case permissionData16
        /// RulesCount (2), then RuleData: RuleDataFlags (1), PropertyValueCount (2), TaggedPropertyValues
        /// that may hold PtypRestriction and PtypRuleAction values (MS-OXCROPS 2.2.11.1.1.1,
        /// MS-OXORULE 2.2.1.3).
        case ruleData16
    }

    struct Entry: Hashable, Sendable {
        var layout: RopRequestHeaderLayout
        var fields: [Field]
        /// Bytes after the 6-byte header in a failure response: nonzero for ROPs whose response has one
        /// layout whatever the ReturnValue (written as zeros).
        var failureTrailerSize: Int = 0
    }

    static let entries: [UInt8: Entry] = [
        0x10: Entry(layout: .input, fields: [.fixed(2)]),  // RopReloadCachedInformation: Reserved
        0x1F: Entry(layout: .input, fields: [.fixed(8)]),  // RopGetMessageStatus: MessageId
        0x20: Entry(layout: .input, fields: [.fixed(16)]),  // RopSetMessageStatus: MessageId, MessageStatusFlags, MessageStatusMask
        0x34: Entry(layout: .input, fields: [.fixed(16)]),  // RopAbortSubmit: FolderId, MessageId
        0x3B: Entry(layout: .inputOutput, fields: []),  // RopCloneStream
        0x3E: Entry(layout: .inputOutput, fields: [.fixed(1)]),  // RopGetPermissionsTable: TableFlags
        0x3F: Entry(layout: .inputOutput, fields: [.fixed(1)]),  // RopGetRulesTable: TableFlags
        0x40: Entry(layout: .input, fields: [.fixed(1), .permissionData16]),  // RopModifyPermissions: ModifyFlags, PermissionsData
        0x41: Entry(layout: .input, fields: [.fixed(1), .ruleData16]),  // RopModifyRules: ModifyRulesFlag, RulesData
        0x42: Entry(layout: .input, fields: [.fixed(8)]),  // RopGetOwningServers: FolderId
        0x45: Entry(layout: .input, fields: [.fixed(8)]),  // RopPublicFolderIsGhosted: FolderId
        0x47: Entry(layout: .input, fields: []),  // RopSetSpooler
        0x48: Entry(layout: .input, fields: [.fixed(9)]),  // RopSpoolerLockMessage: MessageId, LockState
        0x49: Entry(layout: .input, fields: []),  // RopGetAddressTypes
        0x4A: Entry(layout: .input, fields: []),  // RopTransportSend
        0x4B: Entry(layout: .inputOutput, fields: [.counted16(elementSize: 8), .fixed(2)]),  // RopFastTransferSourceCopyMessages: MessageIds, CopyFlags, SendOptions
        0x4C: Entry(layout: .inputOutput, fields: [.fixed(2)]),  // RopFastTransferSourceCopyFolder: CopyFlags, SendOptions
        0x4D: Entry(layout: .inputOutput, fields: [.fixed(6), .counted16(elementSize: 4)]),  // RopFastTransferSourceCopyTo: Level, CopyFlags(4), SendOptions, PropertyTags
        0x4E: Entry(layout: .input, fields: [.babe16(extra: 2)]),  // RopFastTransferSourceGetBuffer: BufferSize[, MaximumBufferSize]
        0x50: Entry(layout: .input, fields: [.fixed(1)]),  // RopProgress: WantCancel
        0x51: Entry(layout: .input, fields: [.fixed(16), .string8, .fixed(4)]),  // RopTransportNewMail: MessageId, FolderId, MessageClass, MessageFlags
        0x52: Entry(layout: .input, fields: []),  // RopGetValidAttachments
        0x53: Entry(layout: .inputOutput, fields: [.fixed(2)]),  // RopFastTransferDestinationConfigure: SourceOperation, CopyFlags
        0x54: Entry(layout: .input, fields: [.sized16], failureTrailerSize: 9),  // RopFastTransferDestinationPutBuffer: TransferData; TransferStatus(2), InProgressCount(2), TotalStepCount(2), Reserved(1), BufferUsedSize(2)
        0x57: Entry(layout: .input, fields: [.sized16, .sized16]),  // RopUpdateDeferredActionMessages: ServerEntryId, ClientEntryId
        0x5B: Entry(layout: .input, fields: [.fixed(20)]),  // RopLockRegionStream: RegionOffset, RegionSize, LockFlags
        0x5C: Entry(layout: .input, fields: [.fixed(20)]),  // RopUnlockRegionStream: RegionOffset, RegionSize, LockFlags
        0x69: Entry(layout: .inputOutput, fields: [.fixed(3), .counted16(elementSize: 4)]),  // RopFastTransferSourceCopyProperties: Level, CopyFlags, SendOptions, PropertyTags
        0x6D: Entry(layout: .input, fields: []),  // RopGetTransportFolder
        0x6F: Entry(layout: .input, fields: [.string8, .fixed(1)]),  // RopOptionsData: AddressType, WantWin32
        0x70: Entry(layout: .inputOutput, fields: [.fixed(4), .sized16, .fixed(4), .counted16(elementSize: 4)]),  // RopSynchronizationConfigure
        0x72: Entry(layout: .inputOutput, fields: [.fixed(1), .taggedValues16]),  // RopSynchronizationImportMessageChange: ImportFlag, PropertyValues
        0x73: Entry(layout: .input, fields: [.taggedValues16, .taggedValues16]),  // RopSynchronizationImportHierarchyChange: HierarchyValues, PropertyValues
        0x74: Entry(layout: .input, fields: [.fixed(1), .taggedValues16]),  // RopSynchronizationImportDeletes: ImportDeleteFlags, PropertyValues
        0x75: Entry(layout: .input, fields: [.fixed(8)]),  // RopSynchronizationUploadStateStreamBegin: StateProperty, TransferBufferSize
        0x76: Entry(layout: .input, fields: [.sized32]),  // RopSynchronizationUploadStateStreamContinue: StreamDataSize(4), StreamData
        0x77: Entry(layout: .input, fields: []),  // RopSynchronizationUploadStateStreamEnd
        0x78: Entry(layout: .input, fields: [.sized32, .sized32, .sized32, .sized32, .sized32]),  // RopSynchronizationImportMessageMove
        0x7E: Entry(layout: .inputOutput, fields: [.fixed(1)]),  // RopSynchronizationOpenCollector: IsContentsCollector
        0x7F: Entry(layout: .input, fields: [.fixed(4)]),  // RopGetLocalReplicaIds: IdCount
        0x80: Entry(layout: .input, fields: [.sized16]),  // RopSynchronizationImportReadStateChanges: MessageReadStates
        0x82: Entry(layout: .inputOutput, fields: []),  // RopSynchronizationGetTransferState
        0x86: Entry(layout: .input, fields: [.fixed(6)]),  // RopTellVersion: Version
        0x90: Entry(layout: .input, fields: [.sized16], failureTrailerSize: 2),  // RopWriteAndCommitStream: Data; WrittenSize
        0x93: Entry(layout: .input, fields: [.sized16]),  // RopSetLocalReplicaMidsetDeleted: DataSize covers LongTermIdRangeCount and LongTermIdRanges
        0x9D: Entry(layout: .input, fields: [.sized16], failureTrailerSize: 13),  // RopFastTransferDestinationPutBufferExtended: TransferStatus(2), InProgressCount(4), TotalStepCount(4), Reserved(1), BufferUsedSize(2)
    ]

    /// The header layout of an unimplemented ROP Herald can measure; nil otherwise.
    public static func headerLayout(of id: RopID) -> RopRequestHeaderLayout? { entries[id.rawValue]?.layout }

    /// Whether ``length(at:in:)`` can measure requests with this RopId.
    public static func canMeasure(_ id: RopID) -> Bool { entries[id.rawValue] != nil }

    /// The byte length of the request (RopId included) starting at `reader`'s position, without
    /// consuming it; nil when the RopId is not in the table. Throws when the request is truncated.
    public static func length(of reader: ByteReader) throws(WireError) -> Int? {
        var probe = reader
        try probe.require(1, field: "RopId")
        guard let entry = entries[probe.bytes[probe.offset]] else { return nil }
        let start = probe.offset
        try skip(entry, &probe)
        return probe.offset - start
    }

    static func skip(_ entry: Entry, _ reader: inout ByteReader) throws(WireError) {
        try reader.skip(entry.layout.size, "RopHeader")
        for field in entry.fields {
            switch field {
            case let .fixed(count):
                try reader.skip(count, "RequestField")
            case .sized16:
                try reader.skip(Int(try reader.readUInt16("Size")), "Data")
            case .sized32:
                let size = try reader.readUInt32("Size")
                guard size <= UInt32(reader.remaining) else {
                    throw reader.error("Data", .truncated(needed: Int(size), available: reader.remaining))
                }
                try reader.skip(Int(size), "Data")
            case let .counted16(elementSize):
                try reader.skip(Int(try reader.readUInt16("Count")) * elementSize, "Elements")
            case .string8:
                _ = try reader.readString8("String")
            case .taggedValues16:
                _ = try reader.readCountedTaggedValues("PropertyValueCount")
            case let .babe16(extra):
                if try reader.readUInt16("ByteCount") == 0xBABE { try reader.skip(extra, "MaximumByteCount") }
            case .ruleData16:
                let count = Int(try reader.readUInt16("RulesCount"))
                try reader.require(count * 3, field: "RulesData")
                for _ in 0..<count {
                    try reader.skip(1, "RuleDataFlags")
                    let values = Int(try reader.readUInt16("PropertyValueCount"))
                    try reader.require(values * 4, field: "PropertyValues")
                    for _ in 0..<values { try skipRulePropertyValue(&reader) }
                }
            case .permissionData16:
                let count = Int(try reader.readUInt16("ModifyCount"))
                try reader.require(count * 3, field: "PermissionsData")
                for _ in 0..<count {
                    try reader.skip(1, "PermissionDataFlags")
                    _ = try reader.readCountedTaggedValues("PropertyValueCount")
                }
            }
        }
    }

    /// A TaggedPropertyValue of a standard rule: PtypRestriction values are restrictions with 2-byte
    /// counts (MS-OXCDATA 2.12), PtypRuleAction values are RuleAction structures — NoOfActions (2), then
    /// ActionBlocks each led by ActionLength (2), the length of the rest of the block (MS-OXORULE 2.2.5).
    static func skipRulePropertyValue(_ reader: inout ByteReader) throws(WireError) {
        let tag = try PropertyTag.decode(from: &reader)
        switch tag.type {
        case .restriction:
            try RestrictionScanner.skipRestriction(&reader, depth: 0)
        case .ruleAction:
            let count = Int(try reader.readUInt16("NoOfActions"))
            try reader.require(count * 2, field: "ActionBlocks")
            for _ in 0..<count { try reader.skip(Int(try reader.readUInt16("ActionLength")), "ActionBlock") }
        default:
            _ = try PropertyValue.decode(type: tag.type, from: &reader)
        }
    }

}

/// A request for a ROP Herald does not implement but can measure (``RopRequestLength``): enough to
/// answer it with a well-formed failure response and go on with the next request.
public struct RopUnsupportedRequest: Hashable, Sendable {
    /// The whole request, RopId included.
    public let bytes: [UInt8]
    public let layout: RopRequestHeaderLayout
    let failureTrailerSize: Int

    public var ropID: RopID { RopID(bytes[0]) }
    public var logonID: UInt8 { bytes[1] }
    /// InputHandleIndex (SourceHandleIndex for the source/destination layout).
    public var inputHandleIndex: UInt8 {
        layout == .responseInput ? bytes[3] : bytes[2]
    }
    /// OutputHandleIndex, for ROPs that create an object.
    public var outputHandleIndex: UInt8? { layout == .inputOutput ? bytes[3] : nil }
    /// DestHandleIndex, for the source/destination layout.
    public var destHandleIndex: UInt8? { layout == .sourceDestination ? bytes[3] : nil }
    /// The index the response header echoes (MS-OXCROPS 2.2: OutputHandleIndex for object-creating ROPs,
    /// ResponseHandleIndex or SourceHandleIndex where the request has one, else InputHandleIndex).
    public var responseIndex: UInt8 {
        switch layout {
        case .input, .responseInput, .sourceDestination: bytes[2]
        case .inputOutput: bytes[3]
        }
    }

    /// Reads one request whose RopId is in ``RopRequestLength``; nil for any other RopId.
    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopUnsupportedRequest? {
        try reader.require(1, field: "RopId")
        guard let entry = RopRequestLength.entries[reader.bytes[reader.offset]] else { return nil }
        var probe = reader
        try RopRequestLength.skip(entry, &probe)
        let bytes = try reader.readBytes(probe.offset - reader.offset, "Request")
        return RopUnsupportedRequest(bytes: bytes, layout: entry.layout, failureTrailerSize: entry.failureTrailerSize)
    }

    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: bytes) }

    /// Appends the ROP's failure response with `returnValue` (non-zero): the 6-byte header, plus zeroed
    /// fields for ROPs whose response has one layout whatever the ReturnValue.
    public func encodeFailureResponse(_ returnValue: ErrorCode = .notSupported, into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(ropID, index: responseIndex, returnValue: returnValue)
        buffer.append(contentsOf: repeatElement(0, count: failureTrailerSize))
    }
}
