/// RopReadPerUserInformation request (MS-OXCROPS 2.2.3.12.1).
public struct RopReadPerUserInformationRequest: RopRequestCodec {
    public static let ropID = RopID.readPerUserInformation

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// LongTermID of the folder.
    public var folderID: LongTermID
    public var reserved: UInt8
    public var dataOffset: UInt32
    public var maxDataSize: UInt16

    public init(logonID: UInt8, inputHandleIndex: UInt8, folderID: LongTermID, reserved: UInt8, dataOffset: UInt32, maxDataSize: UInt16) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.folderID = folderID
        self.reserved = reserved
        self.dataOffset = dataOffset
        self.maxDataSize = maxDataSize
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        folderID.encode(into: &buffer)
        buffer.append(reserved)
        buffer.appendUInt32(dataOffset)
        buffer.appendUInt16(maxDataSize)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopReadPerUserInformationRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let folderID = try LongTermID.decode(from: &reader, "FolderId")
        let reserved = try reader.readUInt8("Reserved")
        let dataOffset = try reader.readUInt32("DataOffset")
        let maxDataSize = try reader.readUInt16("MaxDataSize")
        return RopReadPerUserInformationRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, folderID: folderID, reserved: reserved, dataOffset: dataOffset, maxDataSize: maxDataSize)
    }
}

/// RopReadPerUserInformation response (MS-OXCROPS 2.2.3.12.2, 2.2.3.12.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopReadPerUserInformationResponse: RopResponseCodec {
    public static let ropID = RopID.readPerUserInformation

    public struct Success: Hashable, Sendable {
        public var hasFinished: Bool
        public var data: [UInt8]

        public init(hasFinished: Bool, data: [UInt8]) {
            self.hasFinished = hasFinished
            self.data = data
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
        buffer.append(success.hasFinished ? 1 : 0)
        buffer.appendSizedBytes16(success.data)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopReadPerUserInformationResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopReadPerUserInformationResponse(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let hasFinished = try reader.readUInt8("HasFinished") != 0
        let data = try reader.readSizedBytes16("DataSize", "Data")
        return RopReadPerUserInformationResponse(inputHandleIndex: header.index, outcome: .success(Success(hasFinished: hasFinished, data: data)))
    }
}
