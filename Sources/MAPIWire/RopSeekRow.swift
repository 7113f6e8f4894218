/// RopSeekRow request (MS-OXCROPS 2.2.5.8.1).
public struct RopSeekRowRequest: RopRequestCodec {
    public static let ropID = RopID.seekRow

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x00 BOOKMARK_BEGINNING, 0x01 BOOKMARK_CURRENT, 0x02 BOOKMARK_END.
    public var origin: UInt8
    /// Signed: negative seeks backwards.
    public var rowCount: Int32
    public var wantRowMovedCount: Bool

    public init(logonID: UInt8, inputHandleIndex: UInt8, origin: UInt8, rowCount: Int32, wantRowMovedCount: Bool) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.origin = origin
        self.rowCount = rowCount
        self.wantRowMovedCount = wantRowMovedCount
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(origin)
        buffer.appendUInt32(UInt32(bitPattern: rowCount))
        buffer.append(wantRowMovedCount ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekRowRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let origin = try reader.readUInt8("Origin")
        let rowCount = Int32(bitPattern: try reader.readUInt32("RowCount"))
        let wantRowMovedCount = try reader.readUInt8("WantRowMovedCount") != 0
        return RopSeekRowRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, origin: origin, rowCount: rowCount,
            wantRowMovedCount: wantRowMovedCount)
    }
}

/// RopSeekRow response (MS-OXCROPS 2.2.5.8.2, 2.2.5.8.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSeekRowResponse: RopResponseCodec {
    public static let ropID = RopID.seekRow

    public struct Success: Hashable, Sendable {
        public var hasSoughtLess: Bool
        public var rowsSought: Int32

        public init(hasSoughtLess: Bool, rowsSought: Int32) {
            self.hasSoughtLess = hasSoughtLess
            self.rowsSought = rowsSought
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
        buffer.append(success.hasSoughtLess ? 1 : 0)
        buffer.appendUInt32(UInt32(bitPattern: success.rowsSought))
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekRowResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSeekRowResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let hasSoughtLess = try reader.readUInt8("HasSoughtLess") != 0
        let rowsSought = Int32(bitPattern: try reader.readUInt32("RowsSought"))
        let success = Success(hasSoughtLess: hasSoughtLess, rowsSought: rowsSought)
        return RopSeekRowResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
