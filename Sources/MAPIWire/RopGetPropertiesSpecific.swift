/// RopGetPropertiesSpecific request (MS-OXCROPS 2.2.8.3.1).
public struct RopGetPropertiesSpecificRequest: RopRequestCodec {
    public static let ropID = RopID.getPropertiesSpecific

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var propertySizeLimit: UInt16
    /// Nonzero: untyped string properties come back as UTF-16LE.
    public var wantUnicode: UInt16
    public var propertyTags: [PropertyTag]

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, propertySizeLimit: UInt16, wantUnicode: UInt16,
        propertyTags: [PropertyTag]
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.propertySizeLimit = propertySizeLimit
        self.wantUnicode = wantUnicode
        self.propertyTags = propertyTags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt16(propertySizeLimit)
        buffer.appendUInt16(wantUnicode)
        buffer.appendCountedPropertyTags(propertyTags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertiesSpecificRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let propertySizeLimit = try reader.readUInt16("PropertySizeLimit")
        let wantUnicode = try reader.readUInt16("WantUnicode")
        let propertyTags = try reader.readCountedPropertyTags("PropertyTagCount", "PropertyTags")
        return RopGetPropertiesSpecificRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, propertySizeLimit: propertySizeLimit,
            wantUnicode: wantUnicode, propertyTags: propertyTags)
    }
}

/// RopGetPropertiesSpecific response (MS-OXCROPS 2.2.8.3.2, 2.2.8.3.3). Success field: RowData, one
/// PropertyRow over the request's PropertyTags in request order; a failure response is the 6-byte
/// header.
public struct RopGetPropertiesSpecificResponse: RopColumnDependentResponseCodec {
    public static let ropID = RopID.getPropertiesSpecific

    public var inputHandleIndex: UInt8
    /// The request's PropertyTags; not on the wire.
    public var columns: [PropertyTag]
    public var outcome: RopOutcome<PropertyRow>

    public init(inputHandleIndex: UInt8, columns: [PropertyTag], outcome: RopOutcome<PropertyRow>) {
        self.inputHandleIndex = inputHandleIndex
        self.columns = columns
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(row) = outcome else { return }
        row.encode(columns: columns, into: &buffer)
    }

    public static func decode(from reader: inout ByteReader, columns: [PropertyTag]) throws(WireError) -> RopGetPropertiesSpecificResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetPropertiesSpecificResponse(inputHandleIndex: header.index, columns: columns, outcome: .failure(header.returnValue))
        }
        let row = try PropertyRow.decode(columns: columns, from: &reader)
        return RopGetPropertiesSpecificResponse(inputHandleIndex: header.index, columns: columns, outcome: .success(row))
    }
}
