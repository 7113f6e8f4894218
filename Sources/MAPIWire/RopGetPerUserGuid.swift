/// RopGetPerUserGuid (MS-OXCROPS 2.2.3.11, RopId 0x61): the REPLGUID of the store that provided a public
/// folder's cached per-user data. Its request layout is RopIdFromLongTermId's too
/// (``LongTermIDRequestLayout``); its response, a DatabaseGuid, is its own.
public enum RopGetPerUserGuid: RopIdentity {
    public static let ropID = RopID.getPerUserGuid
}

/// RopGetPerUserGuid request (MS-OXCROPS 2.2.3.11.1).
public typealias RopGetPerUserGuidRequest = LongTermIDRequestLayout<RopGetPerUserGuid>

/// RopGetPerUserGuid response (MS-OXCROPS 2.2.3.11.2, 2.2.3.11.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetPerUserGuidResponse: RopResponseCodec {
    public static let ropID = RopGetPerUserGuid.ropID

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
