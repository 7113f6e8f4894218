/// RopBufferTooSmall response (MS-OXCROPS 2.2.15.1.1, 3.1.5.1.2): RopId 0xFF, SizeNeeded (u16),
/// RequestBuffers — the ROP requests the server did not process, copied from the input RopsList.
///
/// It is always the last response in the RopsList, so RequestBuffers extends to the end of the
/// RopsList (protocol-reference §10 Q6).
public struct RopBufferTooSmall: RopResponseCodec {
    public static let ropID = RopID.bufferTooSmall

    public var sizeNeeded: UInt16
    public var requestBuffers: [UInt8]

    public init(sizeNeeded: UInt16, requestBuffers: [UInt8]) {
        self.sizeNeeded = sizeNeeded
        self.requestBuffers = requestBuffers
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.appendUInt16(sizeNeeded)
        buffer.append(contentsOf: requestBuffers)
    }

    public var encodedSize: Int { 3 + requestBuffers.count }

    /// Consumes the rest of the reader's range as RequestBuffers.
    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopBufferTooSmall {
        try reader.expectRopID(ropID)
        let size = try reader.readUInt16("SizeNeeded")
        return RopBufferTooSmall(sizeNeeded: size, requestBuffers: reader.readRemaining())
    }
}
