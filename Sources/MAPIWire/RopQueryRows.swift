/// RopQueryRows request (MS-OXCROPS 2.2.5.4.1).
public struct RopQueryRowsRequest: RopRequestCodec {
    public static let ropID = RopID.queryRows

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x00 Advance, 0x01 NoAdvance, 0x02 EnablePackedBuffers.
    public var queryRowsFlags: UInt8
    public var forwardRead: Bool
    public var rowCount: UInt16

    public init(logonID: UInt8, inputHandleIndex: UInt8, queryRowsFlags: UInt8, forwardRead: Bool, rowCount: UInt16) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.queryRowsFlags = queryRowsFlags
        self.forwardRead = forwardRead
        self.rowCount = rowCount
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(queryRowsFlags)
        buffer.append(forwardRead ? 1 : 0)
        buffer.appendUInt16(rowCount)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopQueryRowsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let queryRowsFlags = try reader.readUInt8("QueryRowsFlags")
        let forwardRead = try reader.readUInt8("ForwardRead") != 0
        let rowCount = try reader.readUInt16("RowCount")
        return RopQueryRowsRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, queryRowsFlags: queryRowsFlags, forwardRead: forwardRead, rowCount: rowCount)
    }
}
