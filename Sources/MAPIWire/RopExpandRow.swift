/// RopExpandRow request (MS-OXCROPS 2.2.5.16.1).
public struct RopExpandRowRequest: RopRequestCodec {
    public static let ropID = RopID.expandRow

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var maxRowCount: UInt16
    /// PidTagInstID of the category header row.
    public var categoryID: UInt64

    public init(logonID: UInt8, inputHandleIndex: UInt8, maxRowCount: UInt16, categoryID: UInt64) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.maxRowCount = maxRowCount
        self.categoryID = categoryID
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt16(maxRowCount)
        buffer.appendUInt64(categoryID)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopExpandRowRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let maxRowCount = try reader.readUInt16("MaxRowCount")
        let categoryID = try reader.readUInt64("CategoryId")
        return RopExpandRowRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, maxRowCount: maxRowCount, categoryID: categoryID)
    }
}
