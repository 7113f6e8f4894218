/// RopGetHierarchyTable request (MS-OXCROPS 2.2.4.13.1).
public struct RopGetHierarchyTableRequest: RopRequestCodec {
    public static let ropID = RopID.getHierarchyTable

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// MS-OXCFOLD 2.2.1.13.1: 0x04 Depth, 0x08 DeferredErrors, 0x10 NoNotifications, 0x20 SoftDeletes, 0x40 UseUnicode, 0x80 SuppressesNotifications.
    public var tableFlags: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, tableFlags: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.tableFlags = tableFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.append(tableFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetHierarchyTableRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let tableFlags = try reader.readUInt8("TableFlags")
        return RopGetHierarchyTableRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex,
            tableFlags: tableFlags)
    }
}

/// RopGetHierarchyTable response (MS-OXCROPS 2.2.4.13.2, 2.2.4.13.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetHierarchyTableResponse: RopResponseCodec {
    public static let ropID = RopID.getHierarchyTable

    public struct Success: Hashable, Sendable {
        public var rowCount: UInt32

        public init(rowCount: UInt32) {
            self.rowCount = rowCount
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
        buffer.appendUInt32(success.rowCount)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetHierarchyTableResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetHierarchyTableResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let rowCount = try reader.readUInt32("RowCount")
        let success = Success(rowCount: rowCount)
        return RopGetHierarchyTableResponse(outputHandleIndex: header.index, outcome: .success(success))
    }
}
