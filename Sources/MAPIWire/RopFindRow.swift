/// RopFindRow request (MS-OXCROPS 2.2.5.13.1).
public struct RopFindRowRequest: RopRequestCodec {
    public static let ropID = RopID.findRow

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    /// 0x00 forwards, 0x01 backwards.
    public var findRowFlags: UInt8
    /// A Restriction (MS-OXCDATA 2.12) as sent.
    public var restrictionData: [UInt8]
    /// 0x00 BEGINNING, 0x01 CURRENT, 0x02 END, 0x03 CUSTOM (Bookmark).
    public var origin: UInt8
    public var bookmark: [UInt8]

    public init(logonID: UInt8, inputHandleIndex: UInt8, findRowFlags: UInt8, restrictionData: [UInt8], origin: UInt8, bookmark: [UInt8]) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.findRowFlags = findRowFlags
        self.restrictionData = restrictionData
        self.origin = origin
        self.bookmark = bookmark
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(findRowFlags)
        buffer.appendSizedBytes16(restrictionData)
        buffer.append(origin)
        buffer.appendSizedBytes16(bookmark)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopFindRowRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let findRowFlags = try reader.readUInt8("FindRowFlags")
        let restrictionData = try reader.readSizedBytes16("RestrictionDataSize", "RestrictionData")
        let origin = try reader.readUInt8("Origin")
        let bookmark = try reader.readSizedBytes16("BookmarkSize", "Bookmark")
        return RopFindRowRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, findRowFlags: findRowFlags, restrictionData: restrictionData, origin: origin, bookmark: bookmark)
    }
}
