/// RopSeekStream request (MS-OXCROPS 2.2.9.8.1).
public struct RopSeekStreamRequest: RopRequestCodec {
    public static let ropID = RopID.seekStream

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// MS-OXCPRPT 2.2.18.1: 0x00 Beginning, 0x01 Current, 0x02 End.
    public var origin: UInt8
    /// Signed distance from Origin.
    public var offset: Int64

    public init(logonID: UInt8, inputHandleIndex: UInt8, origin: UInt8, offset: Int64) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.origin = origin
        self.offset = offset
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(origin)
        buffer.appendUInt64(UInt64(bitPattern: offset))
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekStreamRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let origin = try reader.readUInt8("Origin")
        let offset = Int64(bitPattern: try reader.readUInt64("Offset"))
        return RopSeekStreamRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, origin: origin, offset: offset)
    }
}

/// RopSeekStream response (MS-OXCROPS 2.2.9.8.2, 2.2.9.8.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSeekStreamResponse: RopResponseCodec {
    public static let ropID = RopID.seekStream

    public struct Success: Hashable, Sendable {
        public var newPosition: UInt64

        public init(newPosition: UInt64) {
            self.newPosition = newPosition
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
        buffer.appendUInt64(success.newPosition)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSeekStreamResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSeekStreamResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let newPosition = try reader.readUInt64("NewPosition")
        return RopSeekStreamResponse(inputHandleIndex: header.index, outcome: .success(Success(newPosition: newPosition)))
    }
}
