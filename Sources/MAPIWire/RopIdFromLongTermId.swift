/// RopIdFromLongTermId (MS-OXCROPS 2.2.3.9, RopId 0x44): the short-term FID or MID of a LongTermID. Its
/// request layout is RopGetPerUserGuid's too (``LongTermIDRequestLayout``); its response, an ObjectId, is
/// its own.
public enum RopIdFromLongTermId: RopIdentity {
    public static let ropID = RopID.idFromLongTermId
}

/// RopIdFromLongTermId request (MS-OXCROPS 2.2.3.9.1).
public typealias RopIdFromLongTermIdRequest = LongTermIDRequestLayout<RopIdFromLongTermId>

/// RopIdFromLongTermId response (MS-OXCROPS 2.2.3.9.2, 2.2.3.9.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopIdFromLongTermIdResponse: RopResponseCodec {
    public static let ropID = RopIdFromLongTermId.ropID

    public struct Success: Hashable, Sendable {
        public var objectID: ObjectID

        public init(objectID: ObjectID) {
            self.objectID = objectID
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
        success.objectID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopIdFromLongTermIdResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopIdFromLongTermIdResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let objectID = try ObjectID.decode(from: &reader, "ObjectId")
        let success = Success(objectID: objectID)
        return RopIdFromLongTermIdResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
