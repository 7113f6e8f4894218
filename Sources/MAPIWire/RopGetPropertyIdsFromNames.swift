/// RopGetPropertyIdsFromNames request (MS-OXCROPS 2.2.8.1.1).
public struct RopGetPropertyIdsFromNamesRequest: RopRequestCodec {
    public static let ropID = RopID.getPropertyIdsFromNames

    /// Flags value asking the server to register names it does not know yet (MS-OXCPRPT 2.2.12.1).
    public static let flagCreate: UInt8 = 0x02

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x02 Create; other bits ignored.
    public var flags: UInt8
    /// Zero names asks for every registered named property (MS-OXCPRPT 2.2.12.2).
    public var propertyNames: [PropertyName]

    public init(logonID: UInt8, inputHandleIndex: UInt8, flags: UInt8, propertyNames: [PropertyName]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.flags = flags
        self.propertyNames = propertyNames
    }

    public var wantsCreate: Bool { flags & Self.flagCreate != 0 }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(flags)
        buffer.appendCountedPropertyNames(propertyNames)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertyIdsFromNamesRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let flags = try reader.readUInt8("Flags")
        let names = try reader.readCountedPropertyNames("PropertyNameCount")
        return RopGetPropertyIdsFromNamesRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, flags: flags, propertyNames: names)
    }
}

/// RopGetPropertyIdsFromNames response (MS-OXCROPS 2.2.8.1.2, 2.2.8.1.3): the success fields follow the
/// header only when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopGetPropertyIdsFromNamesResponse: RopResponseCodec {
    public static let ropID = RopID.getPropertyIdsFromNames

    public struct Success: Hashable, Sendable {
        /// In request order; 0x0000 for a name that could not be mapped (MS-OXCPRPT 2.2.12.2).
        public var propertyIDs: [UInt16]

        public init(propertyIDs: [UInt16]) { self.propertyIDs = propertyIDs }
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
        buffer.appendCountedPropertyIDs(success.propertyIDs)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetPropertyIdsFromNamesResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopGetPropertyIdsFromNamesResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let ids = try reader.readCountedPropertyIDs("PropertyIdCount")
        return RopGetPropertyIdsFromNamesResponse(inputHandleIndex: header.index, outcome: .success(Success(propertyIDs: ids)))
    }
}
