/// RopSetPropertiesNoReplicate request (MS-OXCROPS 2.2.8.7.1).
///
/// Same layout as RopSetProperties: PropertyValueSize (2), PropertyValueCount (2), PropertyValues.
public struct RopSetPropertiesNoReplicateRequest: RopRequestCodec {
    public static let ropID = RopID.setPropertiesNoReplicate

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertyValues: [TaggedPropertyValue]

    public init(logonID: UInt8, inputHandleIndex: UInt8, propertyValues: [TaggedPropertyValue]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertyValues = propertyValues
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendSizedTaggedValues(propertyValues)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetPropertiesNoReplicateRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertyValues = try reader.readSizedTaggedValues()
        return RopSetPropertiesNoReplicateRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, propertyValues: propertyValues)
    }
}

/// RopSetPropertiesNoReplicate response (MS-OXCROPS 2.2.8.7.2, 2.2.8.7.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSetPropertiesNoReplicateResponse: RopResponseCodec {
    public static let ropID = RopID.setPropertiesNoReplicate

    public struct Success: Hashable, Sendable {
        public var propertyProblems: [PropertyProblem]

        public init(propertyProblems: [PropertyProblem]) {
            self.propertyProblems = propertyProblems
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
        PropertyProblem.encode(success.propertyProblems, into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetPropertiesNoReplicateResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSetPropertiesNoReplicateResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let propertyProblems = try PropertyProblem.decodeArray(from: &reader)
        let success = Success(propertyProblems: propertyProblems)
        return RopSetPropertiesNoReplicateResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
