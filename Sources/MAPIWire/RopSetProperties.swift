/// RopSetProperties request (MS-OXCROPS 2.2.8.6.1).
///
/// On the wire PropertyValueSize (2) counts the bytes of PropertyValueCount and PropertyValues; the values
/// must fill exactly that many bytes.
public struct RopSetPropertiesRequest: RopRequestCodec {
    public static let ropID = RopID.setProperties

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetPropertiesRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertyValues = try reader.readSizedTaggedValues()
        return RopSetPropertiesRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, propertyValues: propertyValues)
    }
}

/// RopSetProperties response (MS-OXCROPS 2.2.8.6.2, 2.2.8.6.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopSetPropertiesResponse: RopResponseCodec {
    public static let ropID = RopID.setProperties

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetPropertiesResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSetPropertiesResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let propertyProblems = try PropertyProblem.decodeArray(from: &reader)
        let success = Success(propertyProblems: propertyProblems)
        return RopSetPropertiesResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
