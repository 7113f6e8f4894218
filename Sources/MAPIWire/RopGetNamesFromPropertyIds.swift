/// RopGetNamesFromPropertyIds request (MS-OXCROPS 2.2.8.2.1).
public struct RopGetNamesFromPropertyIdsRequest: RopRequestCodec {
    public static let ropID = RopID.getNamesFromPropertyIds

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertyIDs: [UInt16]

    public init(logonID: UInt8, inputHandleIndex: UInt8, propertyIDs: [UInt16]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertyIDs = propertyIDs
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendCountedPropertyIDs(propertyIDs)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetNamesFromPropertyIdsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertyIDs = try reader.readCountedPropertyIDs("PropertyIdCount")
        return RopGetNamesFromPropertyIdsRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, propertyIDs: propertyIDs)
    }
}

/// RopGetNamesFromPropertyIds response (MS-OXCROPS 2.2.8.2.2, 2.2.8.2.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetNamesFromPropertyIdsResponse: RopResponseCodec {
    public static let ropID = RopID.getNamesFromPropertyIds

    public struct Success: Hashable, Sendable {
        public var propertyNames: [PropertyName]

        public init(propertyNames: [PropertyName]) {
            self.propertyNames = propertyNames
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
        buffer.appendCountedPropertyNames(success.propertyNames)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetNamesFromPropertyIdsResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetNamesFromPropertyIdsResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let propertyNames = try reader.readCountedPropertyNames("PropertyNameCount")
        return RopGetNamesFromPropertyIdsResponse(inputHandleIndex: header.index, outcome: .success(Success(propertyNames: propertyNames)))
    }
}
