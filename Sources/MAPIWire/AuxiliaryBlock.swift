/// One block of an auxiliary buffer (MS-OXCRPC 2.2.2.2): AUX_HEADER — Size (2, header plus payload),
/// Version (1), Type (1) — then the payload.
///
/// The payload is kept as raw bytes whatever the type: Herald only needs to carry, skip or log these
/// blocks. The auxiliary buffer of EcDoConnectEx/EcDoRpcExt2 and of the MAPI/HTTP bodies is an
/// RPC_HEADER_EXT followed by such blocks; the RPC_HEADER_EXT is handled separately.
public struct AuxiliaryBlock: Hashable, Sendable {
    public var version: UInt8
    public var type: UInt8
    public var payload: [UInt8]

    public init(version: UInt8, type: UInt8, payload: [UInt8]) {
        self.version = version
        self.type = type
        self.payload = payload
    }

    /// AUX_HEADER.Version values (MS-OXCRPC 2.2.2.2).
    public static let version1: UInt8 = 0x01
    public static let version2: UInt8 = 0x02

    /// A few AUX_HEADER.Type values (MS-OXCRPC 2.2.2.2); any other is kept as is.
    public enum BlockType {
        public static let perfRequestID: UInt8 = 0x01
        public static let perfClientInfo: UInt8 = 0x02
        public static let perfServerInfo: UInt8 = 0x03
        public static let perfSessionInfo: UInt8 = 0x04
        public static let clientControl: UInt8 = 0x0A
        public static let perfProcessInfo: UInt8 = 0x0B
        public static let osVersionInfo: UInt8 = 0x16
        public static let exOrgInfo: UInt8 = 0x17
        public static let endpointCapabilities: UInt8 = 0x48
        public static let clientConnectionInfo: UInt8 = 0x4A
        public static let serverSessionInfo: UInt8 = 0x4B
    }

    public static let headerSize = 4

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt16(UInt16(truncatingIfNeeded: Self.headerSize + payload.count))
        buffer.append(version)
        buffer.append(type)
        buffer.append(contentsOf: payload)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> AuxiliaryBlock {
        let sizeOffset = reader.offset
        let size = Int(try reader.readUInt16("AUX_HEADER.Size"))
        guard size >= headerSize else {
            throw WireError(offset: sizeOffset, field: "AUX_HEADER.Size", kind: .invalidValue(UInt64(size)))
        }
        try reader.require(size - 2, field: "AUX_HEADER")
        let version = try reader.readUInt8("AUX_HEADER.Version")
        let type = try reader.readUInt8("AUX_HEADER.Type")
        return AuxiliaryBlock(version: version, type: type, payload: try reader.readBytes(size - headerSize, "AuxiliaryPayload"))
    }

    /// Splits an auxiliary payload (after its RPC_HEADER_EXT) into blocks; the blocks must fill it.
    public static func decodeAll(_ payload: [UInt8]) throws(WireError) -> [AuxiliaryBlock] {
        var reader = ByteReader(payload)
        var blocks: [AuxiliaryBlock] = []
        while !reader.isAtEnd { blocks.append(try decode(from: &reader)) }
        return blocks
    }

    public static func encodeAll(_ blocks: [AuxiliaryBlock]) -> [UInt8] {
        var buffer: [UInt8] = []
        for block in blocks { block.encode(into: &buffer) }
        return buffer
    }
}
