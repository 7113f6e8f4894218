/// RopGetAttachmentTable request (MS-OXCROPS 2.2.6.17.1).
public struct RopGetAttachmentTableRequest: RopRequestCodec {
    public static let ropID = RopID.getAttachmentTable

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// MS-OXCMSG 2.2.3.17.1: 0x40 UseUnicode; other bits reserved.
    public var tableFlags: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, tableFlags: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.tableFlags = tableFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.append(tableFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetAttachmentTableRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let tableFlags = try reader.readUInt8("TableFlags")
        return RopGetAttachmentTableRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex, tableFlags: tableFlags)
    }
}

/// RopGetAttachmentTable response (MS-OXCROPS 2.2.6.17.2): the 6-byte header whatever the ReturnValue.
public struct RopGetAttachmentTableResponse: RopResponseCodec {
    public static let ropID = RopID.getAttachmentTable

    public var outputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(outputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.outputHandleIndex = outputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: returnValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopGetAttachmentTableResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        return RopGetAttachmentTableResponse(outputHandleIndex: header.index, returnValue: header.returnValue)
    }
}
