/// RopGetStoreState request (MS-OXCROPS 2.2.3.5.1).
public struct RopGetStoreStateRequest: RopRequestCodec {
    public static let ropID = RopID.getStoreState

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetStoreStateRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopGetStoreStateRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopGetStoreState response (MS-OXCROPS 2.2.3.5.2, 2.2.3.5.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetStoreStateResponse: RopResponseCodec {
    public static let ropID = RopID.getStoreState

    public struct Success: Hashable, Sendable {
        public var storeState: UInt32

        public init(storeState: UInt32) {
            self.storeState = storeState
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
        buffer.appendUInt32(success.storeState)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetStoreStateResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetStoreStateResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let storeState = try reader.readUInt32("StoreState")
        let success = Success(storeState: storeState)
        return RopGetStoreStateResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
