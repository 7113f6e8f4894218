/// RopPending response (MS-OXCROPS 2.2.14.3.1; MS-OXCNOTIF 2.2.1.3.4): RopId 0x6E, SessionIndex (u16).
///
/// Three bytes: no LogonId, no handle, no ReturnValue. SessionIndex names the session context (this
/// one, or a linked one) that has notifications waiting.
public struct RopPending: RopResponseCodec {
    public static let ropID = RopID.pending
    public static let encodedSize = 3

    public var sessionIndex: UInt16

    public init(sessionIndex: UInt16) { self.sessionIndex = sessionIndex }

    @inline(__always)
    public static func encode(sessionIndex: UInt16, into buffer: inout [UInt8]) {
        buffer.append(ropID.rawValue)
        buffer.appendUInt16(sessionIndex)
    }

    public func encode(into buffer: inout [UInt8]) { Self.encode(sessionIndex: sessionIndex, into: &buffer) }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopPending {
        try reader.expectRopID(ropID)
        return RopPending(sessionIndex: try reader.readUInt16("SessionIndex"))
    }
}
