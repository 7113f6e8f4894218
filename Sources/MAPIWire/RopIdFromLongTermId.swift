/// RopIdFromLongTermId request (MS-OXCROPS 2.2.3.9.1).
public struct RopIdFromLongTermIdRequest: RopRequestCodec {
    public static let ropID = RopID.idFromLongTermId

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var longTermID: LongTermID

    public init(logonID: UInt8, inputHandleIndex: UInt8, longTermID: LongTermID) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.longTermID = longTermID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        longTermID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopIdFromLongTermIdRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let longTermID = try LongTermID.decode(from: &reader, "LongTermId")
        return RopIdFromLongTermIdRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, longTermID: longTermID)
    }
}

/// RopIdFromLongTermId response (MS-OXCROPS 2.2.3.9.2, 2.2.3.9.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopIdFromLongTermIdResponse: RopResponseCodec {
    public static let ropID = RopID.idFromLongTermId

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
