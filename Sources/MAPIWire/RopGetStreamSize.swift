/// RopGetStreamSize request (MS-OXCROPS 2.2.9.6.1).
public struct RopGetStreamSizeRequest: RopRequestCodec {
    public static let ropID = RopID.getStreamSize

    public var logonID: UInt8
    public var inputHandleIndex: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetStreamSizeRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopGetStreamSizeRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopGetStreamSize response (MS-OXCROPS 2.2.9.6.2, 2.2.9.6.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetStreamSizeResponse: RopResponseCodec {
    public static let ropID = RopID.getStreamSize

    public struct Success: Hashable, Sendable {
        public var streamSize: UInt32

        public init(streamSize: UInt32) {
            self.streamSize = streamSize
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
        buffer.appendUInt32(success.streamSize)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetStreamSizeResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetStreamSizeResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let streamSize = try reader.readUInt32("StreamSize")
        return RopGetStreamSizeResponse(inputHandleIndex: header.index, outcome: .success(Success(streamSize: streamSize)))
    }
}
