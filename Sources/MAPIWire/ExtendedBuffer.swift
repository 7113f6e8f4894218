/// An extended buffer (MS-OXCRPC 3.1.4.1.1): one or more RPC_HEADER_EXT + payload pairs, the last
/// header flagged Last. It is the rgbIn / rgbOut of EcDoRpcExt2 and the RopBuffer of a MAPI/HTTP
/// Execute request or response.
///
/// Each payload is independent: its own flags, its own compression (MS-OXCRPC 3.1.4.1.1.2) and
/// obfuscation (3.1.4.1.1.3). A sender compresses and then XORs; a receiver un-XORs and then
/// decompresses.
public enum ExtendedBuffer {
    /// The largest payload, compressed or not (MS-OXCRPC 3.1.4.1.1: 32 KB).
    public static let maximumPayloadSize = 0x8000
    /// The most payloads a packed response may carry (MS-OXCRPC 3.1.4.2.1.2.2).
    public static let maximumPayloadCount = 96

    public struct Payload: Hashable, Sendable {
        public var header: RPCHeaderExt
        /// Offset of the header in the decoded buffer.
        public var headerOffset: Int
        /// The payload after un-XOR and decompression: SizeActual bytes.
        public var bytes: [UInt8]

        public init(header: RPCHeaderExt, headerOffset: Int, bytes: [UInt8]) {
            self.header = header
            self.headerOffset = headerOffset
            self.bytes = bytes
        }
    }

    /// Reads headers and payloads until one has Last.
    ///
    /// Rejects (MS-OXCRPC 2.2.2.1, 3.1.4.1.1): a header that ``RPCHeaderExt/decode(from:)`` rejects;
    /// a buffer that ends before a Last header (including an empty one); bytes after the Last payload;
    /// a Size larger than the bytes that remain; a SizeActual above `maximumPayloadSize`; a compressed
    /// payload that does not decompress to exactly SizeActual bytes; more than `maximumPayloadCount`
    /// payloads. Error offsets are absolute within `buffer`.
    public static func decodeChain(
        _ buffer: [UInt8], maximumPayloadSize: Int = ExtendedBuffer.maximumPayloadSize,
        maximumPayloadCount: Int = ExtendedBuffer.maximumPayloadCount
    ) throws(WireError) -> [Payload] {
        var reader = ByteReader(buffer)
        var payloads: [Payload] = []
        while true {
            let headerOffset = reader.offset
            guard !reader.isAtEnd else {
                // The previous header lacked Last (or there was none at all).
                throw WireError(offset: headerOffset, field: "RPC_HEADER_EXT", kind: .truncated(needed: RPCHeaderExt.encodedSize, available: 0))
            }
            guard payloads.count < maximumPayloadCount else {
                throw WireError(offset: headerOffset, field: "RPC_HEADER_EXT", kind: .limitExceeded(limit: maximumPayloadCount, actual: payloads.count + 1))
            }
            let header = try RPCHeaderExt.decode(from: &reader)
            guard Int(header.sizeActual) <= maximumPayloadSize else {
                throw WireError(offset: headerOffset + 6, field: "SizeActual", kind: .limitExceeded(limit: maximumPayloadSize, actual: Int(header.sizeActual)))
            }
            let payloadOffset = reader.offset
            let size = Int(header.size)
            try reader.require(size, field: "payload")
            var bytes = Array(buffer[payloadOffset..<payloadOffset + size])
            try reader.skip(size, "payload")
            if header.flags.contains(.xorMagic) { XorMagic.apply(to: &bytes) }
            if header.flags.contains(.compressed) {
                do {
                    bytes = try LZ77.decompress(bytes, expectedSize: Int(header.sizeActual))
                } catch {
                    throw WireError(offset: payloadOffset + error.offset, field: error.field, kind: error.kind)
                }
            }
            payloads.append(Payload(header: header, headerOffset: headerOffset, bytes: bytes))
            if header.flags.contains(.last) {
                guard reader.isAtEnd else {
                    throw WireError(offset: reader.offset, field: "extended buffer", kind: .trailingBytes(reader.remaining))
                }
                return payloads
            }
        }
    }

    /// Appends one header + payload.
    ///
    /// Compresses only when `compress` is set and the compressed form is strictly smaller (then sets
    /// Compressed, as Size MUST be less than SizeActual); XORs when `obfuscate`; sets Last when
    /// `last`. Compression comes before obfuscation (MS-OXCRPC 3.1.4.1.1). `payload` is at most
    /// 0xFFFF bytes (Size and SizeActual are u16); protocol payloads stay within 32 KB.
    public static func encode(payload: [UInt8], compress: Bool, obfuscate: Bool, last: Bool, into buffer: inout [UInt8]) {
        precondition(payload.count <= Int(UInt16.max), "an RPC_HEADER_EXT payload is at most 0xFFFF bytes")
        let headerOffset = buffer.count
        var flags: RPCHeaderExt.Flags = last ? .last : []
        RPCHeaderExt(flags: flags, size: 0, sizeActual: UInt16(payload.count)).encode(into: &buffer)
        let payloadOffset = buffer.count
        var size = payload.count
        if compress && !payload.isEmpty {
            let compressedSize = LZ77.compress(payload, appendingTo: &buffer)
            if compressedSize < payload.count {
                flags.insert(.compressed)
                size = compressedSize
            } else {
                buffer.removeLast(compressedSize)
                buffer.append(contentsOf: payload)
            }
        } else {
            buffer.append(contentsOf: payload)
        }
        if obfuscate {
            flags.insert(.xorMagic)
            XorMagic.apply(to: &buffer, range: payloadOffset..<payloadOffset + size)
        }
        buffer.setUInt16(flags.rawValue, at: headerOffset + 2)
        buffer.setUInt16(UInt16(size), at: headerOffset + 4)
    }
}
