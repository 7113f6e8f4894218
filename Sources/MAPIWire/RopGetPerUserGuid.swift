/// RopGetPerUserGuid request (MS-OXCROPS 2.2.3.11.1).
public struct RopGetPerUserGuidRequest: RopRequestCodec {
    public static let ropID = RopID.getPerUserGuid

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

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPerUserGuidRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let longTermID = try LongTermID.decode(from: &reader, "LongTermId")
        return RopGetPerUserGuidRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, longTermID: longTermID)
    }
}

/// RopGetPerUserGuid response (MS-OXCROPS 2.2.3.11.2, 2.2.3.11.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetPerUserGuidResponse: RopResponseCodec {
    public static let ropID = RopID.getPerUserGuid

    public struct Success: Hashable, Sendable {
        public var databaseGuid: GUID

        public init(databaseGuid: GUID) {
            self.databaseGuid = databaseGuid
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
        success.databaseGuid.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPerUserGuidResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetPerUserGuidResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let databaseGuid = try GUID.decode(from: &reader, "DatabaseGuid")
        return RopGetPerUserGuidResponse(inputHandleIndex: header.index, outcome: .success(Success(databaseGuid: databaseGuid)))
    }
}
