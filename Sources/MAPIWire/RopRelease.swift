/// RopRelease request (MS-OXCROPS 2.2.15.3.1): RopId 0x01, LogonId, InputHandleIndex.
///
/// There is no response: the server MUST NOT emit one (MS-OXCROPS 3.2.5.3).
public struct RopReleaseRequest: RopRequestCodec {
    public static let ropID = RopID.release
    public var logonID: UInt8
    public var inputHandleIndex: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopReleaseRequest {
        try reader.expectRopID(ropID)
        return RopReleaseRequest(logonID: try reader.readUInt8("LogonId"), inputHandleIndex: try reader.readUInt8("InputHandleIndex"))
    }
}
