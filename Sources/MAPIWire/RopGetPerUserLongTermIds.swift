/// RopGetPerUserLongTermIds request (MS-OXCROPS 2.2.3.10.1).
public struct RopGetPerUserLongTermIdsRequest: RopRequestCodec {
    public static let ropID = RopID.getPerUserLongTermIds

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var databaseGuid: GUID

    public init(logonID: UInt8, inputHandleIndex: UInt8, databaseGuid: GUID) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.databaseGuid = databaseGuid
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        databaseGuid.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPerUserLongTermIdsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let databaseGuid = try GUID.decode(from: &reader, "DatabaseGuid")
        return RopGetPerUserLongTermIdsRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, databaseGuid: databaseGuid)
    }
}

/// RopGetPerUserLongTermIds response (MS-OXCROPS 2.2.3.10.2, 2.2.3.10.3): LongTermIdCount (2) and
/// LongTermIds (24 each) on success; the 6-byte header on failure.
public struct RopGetPerUserLongTermIdsResponse: RopResponseCodec {
    public static let ropID = RopID.getPerUserLongTermIds

    public var inputHandleIndex: UInt8
    public var outcome: RopOutcome<[LongTermID]>

    public init(inputHandleIndex: UInt8, outcome: RopOutcome<[LongTermID]>) {
        self.inputHandleIndex = inputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(ids) = outcome else { return }
        let kept = ids.prefix(Int(UInt16.max))
        buffer.appendUInt16(UInt16(kept.count))
        for id in kept { id.encode(into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPerUserLongTermIdsResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetPerUserLongTermIdsResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let count = Int(try reader.readUInt16("LongTermIdCount"))
        try reader.require(count * LongTermID.encodedSize, field: "LongTermIds")
        var ids: [LongTermID] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try LongTermID.decode(from: &reader, "LongTermIds")) }
        return RopGetPerUserLongTermIdsResponse(inputHandleIndex: header.index, outcome: .success(ids))
    }
}
