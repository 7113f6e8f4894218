/// RopReadRecipients request (MS-OXCROPS 2.2.6.6.1).
public struct RopReadRecipientsRequest: RopRequestCodec {
    public static let ropID = RopID.readRecipients

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// First recipient wanted.
    public var rowID: UInt32
    public var reserved: UInt16

    public init(logonID: UInt8, inputHandleIndex: UInt8, rowID: UInt32, reserved: UInt16) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.rowID = rowID
        self.reserved = reserved
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt32(rowID)
        buffer.appendUInt16(reserved)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopReadRecipientsRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let rowID = try reader.readUInt32("RowId")
        let reserved = try reader.readUInt16("Reserved")
        return RopReadRecipientsRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, rowID: rowID, reserved: reserved)
    }
}
