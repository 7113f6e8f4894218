/// RopQueryNamedProperties request (MS-OXCROPS 2.2.8.10.1): QueryFlags (1), HasGuid (1), and
/// PropertyGuid (16) only when HasGuid is nonzero.
public struct RopQueryNamedPropertiesRequest: RopRequestCodec {
    public static let ropID = RopID.queryNamedProperties

    /// QueryFlags (MS-OXCPRPT 2.2.9.1): leave out string-named / LID-named properties.
    public static let noStrings: UInt8 = 0x01
    public static let noIds: UInt8 = 0x02

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var queryFlags: UInt8
    /// Only names in this property set; nil = all (HasGuid 0).
    public var propertyGuid: GUID?

    public init(logonID: UInt8, inputHandleIndex: UInt8, queryFlags: UInt8, propertyGuid: GUID?) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.queryFlags = queryFlags
        self.propertyGuid = propertyGuid
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(queryFlags)
        if let propertyGuid {
            buffer.append(1)
            propertyGuid.encode(into: &buffer)
        } else {
            buffer.append(0)
        }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopQueryNamedPropertiesRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let queryFlags = try reader.readUInt8("QueryFlags")
        let hasGuid = try reader.readUInt8("HasGuid") != 0
        let guid = hasGuid ? try GUID.decode(from: &reader, "PropertyGuid") : nil
        return RopQueryNamedPropertiesRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, queryFlags: queryFlags, propertyGuid: guid)
    }
}

/// RopQueryNamedProperties response (MS-OXCROPS 2.2.8.10.2, 2.2.8.10.3): IdCount (2), PropertyIds
/// (2 × IdCount), PropertyNames (IdCount PropertyName structures) on success; the 6-byte header on failure.
public struct RopQueryNamedPropertiesResponse: RopResponseCodec {
    public static let ropID = RopID.queryNamedProperties

    public struct Entry: Hashable, Sendable {
        public var propertyID: UInt16
        public var name: PropertyName

        public init(propertyID: UInt16, name: PropertyName) {
            self.propertyID = propertyID
            self.name = name
        }
    }

    public var inputHandleIndex: UInt8
    public var outcome: RopOutcome<[Entry]>

    public init(inputHandleIndex: UInt8, outcome: RopOutcome<[Entry]>) {
        self.inputHandleIndex = inputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(entries) = outcome else { return }
        let kept = entries.prefix(Int(UInt16.max))
        buffer.appendUInt16(UInt16(kept.count))
        for entry in kept { buffer.appendUInt16(entry.propertyID) }
        for entry in kept { entry.name.encode(into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopQueryNamedPropertiesResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopQueryNamedPropertiesResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let count = Int(try reader.readUInt16("IdCount"))
        try reader.require(count * (2 + 17), field: "PropertyIds")
        var ids: [UInt16] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try reader.readUInt16("PropertyIds")) }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for id in ids { entries.append(Entry(propertyID: id, name: try PropertyName.decode(from: &reader))) }
        return RopQueryNamedPropertiesResponse(inputHandleIndex: header.index, outcome: .success(entries))
    }
}
