/// RopDeletePropertiesNoReplicate request (MS-OXCROPS 2.2.8.9.1).
public struct RopDeletePropertiesNoReplicateRequest: RopRequestCodec {
    public static let ropID = RopID.deletePropertiesNoReplicate

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertyTags: [PropertyTag]

    public init(logonID: UInt8, inputHandleIndex: UInt8, propertyTags: [PropertyTag]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertyTags = propertyTags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendCountedPropertyTags(propertyTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopDeletePropertiesNoReplicateRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertyTags = try reader.readCountedPropertyTags("PropertyTagCount", "PropertyTags")
        return RopDeletePropertiesNoReplicateRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, propertyTags: propertyTags)
    }
}

/// RopDeletePropertiesNoReplicate response (MS-OXCROPS 2.2.8.9.2, 2.2.8.9.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopDeletePropertiesNoReplicateResponse: RopResponseCodec {
    public static let ropID = RopID.deletePropertiesNoReplicate

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopDeletePropertiesNoReplicateResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopDeletePropertiesNoReplicateResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let propertyProblems = try PropertyProblem.decodeArray(from: &reader)
        let success = Success(propertyProblems: propertyProblems)
        return RopDeletePropertiesNoReplicateResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
