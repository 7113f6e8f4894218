/// RopGetPropertiesList request (MS-OXCROPS 2.2.8.5.1).
public struct RopGetPropertiesListRequest: RopRequestCodec {
    public static let ropID = RopID.getPropertiesList

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertiesListRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        return RopGetPropertiesListRequest(logonID: logonID, inputHandleIndex: inputHandleIndex)
    }
}

/// RopGetPropertiesList response (MS-OXCROPS 2.2.8.5.2, 2.2.8.5.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetPropertiesListResponse: RopResponseCodec {
    public static let ropID = RopID.getPropertiesList

    public struct Success: Hashable, Sendable {
        public var propertyTags: [PropertyTag]

        public init(propertyTags: [PropertyTag]) {
            self.propertyTags = propertyTags
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
        buffer.appendCountedPropertyTags(success.propertyTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertiesListResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetPropertiesListResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let propertyTags = try reader.readCountedPropertyTags("PropertyTagCount", "PropertyTags")
        let success = Success(propertyTags: propertyTags)
        return RopGetPropertiesListResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
