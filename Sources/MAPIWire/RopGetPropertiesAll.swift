/// RopGetPropertiesAll request (MS-OXCROPS 2.2.8.4.1).
public struct RopGetPropertiesAllRequest: RopRequestCodec {
    public static let ropID = RopID.getPropertiesAll

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertySizeLimit: UInt16
    public var wantUnicode: UInt16

    public init(logonID: UInt8, inputHandleIndex: UInt8, propertySizeLimit: UInt16, wantUnicode: UInt16) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertySizeLimit = propertySizeLimit
        self.wantUnicode = wantUnicode
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt16(propertySizeLimit)
        buffer.appendUInt16(wantUnicode)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertiesAllRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertySizeLimit = try reader.readUInt16("PropertySizeLimit")
        let wantUnicode = try reader.readUInt16("WantUnicode")
        return RopGetPropertiesAllRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, propertySizeLimit: propertySizeLimit,
            wantUnicode: wantUnicode)
    }
}

/// RopGetPropertiesAll response (MS-OXCROPS 2.2.8.4.2, 2.2.8.4.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetPropertiesAllResponse: RopResponseCodec {
    public static let ropID = RopID.getPropertiesAll

    public struct Success: Hashable, Sendable {
        public var propertyValues: [TaggedPropertyValue]

        public init(propertyValues: [TaggedPropertyValue]) {
            self.propertyValues = propertyValues
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
        buffer.appendCountedTaggedValues(success.propertyValues)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertiesAllResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetPropertiesAllResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let propertyValues = try reader.readCountedTaggedValues("PropertyValueCount")
        let success = Success(propertyValues: propertyValues)
        return RopGetPropertiesAllResponse(inputHandleIndex: header.index, outcome: .success(success))
    }
}
