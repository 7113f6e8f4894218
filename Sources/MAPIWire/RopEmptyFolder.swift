/// RopEmptyFolder request (MS-OXCROPS 2.2.4.9.1).
public struct RopEmptyFolderRequest: RopRequestCodec {
    public static let ropID = RopID.emptyFolder

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var wantAsynchronous: Bool
    public var wantDeleteAssociated: Bool

    public init(logonID: UInt8, inputHandleIndex: UInt8, wantAsynchronous: Bool, wantDeleteAssociated: Bool) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.wantAsynchronous = wantAsynchronous
        self.wantDeleteAssociated = wantDeleteAssociated
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(wantAsynchronous ? 1 : 0)
        buffer.append(wantDeleteAssociated ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopEmptyFolderRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let wantAsynchronous = try reader.readUInt8("WantAsynchronous") != 0
        let wantDeleteAssociated = try reader.readUInt8("WantDeleteAssociated") != 0
        return RopEmptyFolderRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, wantAsynchronous: wantAsynchronous,
            wantDeleteAssociated: wantDeleteAssociated)
    }
}

/// RopEmptyFolder response (MS-OXCROPS 2.2.4.9.2): one layout whatever the ReturnValue.
public struct RopEmptyFolderResponse: RopResponseCodec {
    public static let ropID = RopID.emptyFolder

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode
    /// Nonzero when some of the work failed.
    public var partialCompletion: Bool

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success, partialCompletion: Bool) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
        self.partialCompletion = partialCompletion
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
        buffer.append(partialCompletion ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopEmptyFolderResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        let partialCompletion = try reader.readUInt8("PartialCompletion") != 0
        return RopEmptyFolderResponse(
            inputHandleIndex: header.index, returnValue: header.returnValue, partialCompletion: partialCompletion)
    }
}
