/// The decode path of a ROP input buffer as transports receive it: the rgbIn of EcDoRpcExt2
/// (MS-OXCRPC 3.1.4.2) or the RopBuffer of a MAPI/HTTP Execute request (MS-OXCMAPIHTTP 2.2.4.2.1).
///
/// RPC_HEADER_EXT chain → un-XOR → decompress (MS-OXCRPC 2.2.2.1, 3.1.4.1.1) → ROP input buffer
/// (RopSize, RopsList, handle table; MS-OXCROPS 2.2.1) → requests in order (MS-OXCROPS 3.2.5.1).
/// Any ``WireError`` on this path means the call fails with ecRpcFormat (``WireError/errorCode``).
public enum ROPInput {
    /// One payload of the input and what it holds.
    public struct Segment: Hashable, Sendable {
        /// The header and the restored (un-XORed, decompressed) payload bytes.
        public var payload: ExtendedBuffer.Payload
        public var ropBuffer: RopBuffer
        /// The RopsList split into requests; ranges are within `ropBuffer.ropsList`.
        public var requests: [RopRequestReader.Element]

        public init(payload: ExtendedBuffer.Payload, ropBuffer: RopBuffer, requests: [RopRequestReader.Element]) {
            self.payload = payload
            self.ropBuffer = ropBuffer
            self.requests = requests
        }
    }

    /// Decodes every payload of `rgbIn` (usually one; several only for packed uploads,
    /// MS-OXCRPC 3.1.4.2.1.2.1). Error offsets are within `rgbIn` for the RPC_HEADER_EXT layer and
    /// within the restored payload for the ROP layer (the field name says which).
    public static func decode(
        rgbIn: [UInt8], maximumPayloadSize: Int = ExtendedBuffer.maximumPayloadSize,
        maximumPayloadCount: Int = ExtendedBuffer.maximumPayloadCount
    ) throws(WireError) -> [Segment] {
        let payloads = try ExtendedBuffer.decodeChain(rgbIn, maximumPayloadSize: maximumPayloadSize, maximumPayloadCount: maximumPayloadCount)
        var segments: [Segment] = []
        segments.reserveCapacity(payloads.count)
        for payload in payloads {
            let ropBuffer = try RopBuffer.decode(payload.bytes)
            let requests = try RopRequestReader.decodeAll(ropBuffer.ropsList)
            segments.append(Segment(payload: payload, ropBuffer: ropBuffer, requests: requests))
        }
        return segments
    }
}
