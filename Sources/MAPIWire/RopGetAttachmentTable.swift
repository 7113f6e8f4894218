/// RopGetAttachmentTable (MS-OXCROPS 2.2.6.17, RopId 0x21): opens a message's attachment table. Its
/// request is laid out like the folder table ROPs' (``TableOpenRequestLayout``); its response is
/// only the header.
///
/// TableFlags, MS-OXCMSG 2.2.3.17.1: 0x40 UseUnicode; other bits reserved.
public enum RopGetAttachmentTable: RopIdentity {
    public static let ropID = RopID.getAttachmentTable
}

/// RopGetAttachmentTable request (MS-OXCROPS 2.2.6.17.1).
public typealias RopGetAttachmentTableRequest = TableOpenRequestLayout<RopGetAttachmentTable>

/// RopGetAttachmentTable response (MS-OXCROPS 2.2.6.17.2): the 6-byte header whatever the ReturnValue.
public struct RopGetAttachmentTableResponse: RopResponseCodec {
    public static let ropID = RopGetAttachmentTable.ropID

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
