/// RopQueryPosition request (MS-OXCROPS 2.2.5.7.1).
public struct RopQueryPositionRequest: RopRequestCodec {
    public static let ropID = RopID.queryPosition

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopQueryPositionRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopQueryPositionRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopQueryPosition response (MS-OXCROPS 2.2.5.7.2, 2.2.5.7.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopQueryPositionResponse: RopResponseCodec {
    public static let ropID = RopID.queryPosition

    public struct Success: Hashable, Sendable {
        public var numerator: UInt32
        public var denominator: UInt32

        public init(numerator: UInt32, denominator: UInt32) {
            self.numerator = numerator
            self.denominator = denominator
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
        buffer.appendUInt32(success.numerator)
        buffer.appendUInt32(success.denominator)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopQueryPositionResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopQueryPositionResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let numerator = try reader.readUInt32("Numerator")
        let denominator = try reader.readUInt32("Denominator")
        let success = Success(numerator: numerator, denominator: denominator)
        return RopQueryPositionResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
