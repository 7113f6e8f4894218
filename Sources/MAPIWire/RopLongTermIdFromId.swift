/// RopLongTermIdFromId request (MS-OXCROPS 2.2.3.8.1).
public struct RopLongTermIdFromIdRequest: RopRequestCodec {
    public static let ropID = RopID.longTermIdFromId

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var objectID: ObjectID

    public init(logonID: UInt8, inputHandleIndex: UInt8, objectID: ObjectID) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.objectID = objectID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        objectID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopLongTermIdFromIdRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let objectID = try ObjectID.decode(from: &reader, "ObjectId")
        return RopLongTermIdFromIdRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, objectID: objectID)
    }
}

/// RopLongTermIdFromId response (MS-OXCROPS 2.2.3.8.2, 2.2.3.8.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopLongTermIdFromIdResponse: RopResponseCodec {
    public static let ropID = RopID.longTermIdFromId

    public struct Success: Hashable, Sendable {
        public var longTermID: LongTermID

        public init(longTermID: LongTermID) {
            self.longTermID = longTermID
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
        success.longTermID.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopLongTermIdFromIdResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopLongTermIdFromIdResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let longTermID = try LongTermID.decode(from: &reader, "LongTermId")
        let success = Success(longTermID: longTermID)
        return RopLongTermIdFromIdResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
