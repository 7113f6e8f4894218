/// A ROP input or output buffer (MS-OXCROPS 2.2.1): RopSize (u16, counting itself and the RopsList),
/// the RopsList, then the server object handle table (u32 handles filling the rest).
public struct RopBuffer: Hashable, Sendable {
    /// The concatenated ROP requests or responses.
    public var ropsList: [UInt8]
    public var handleTable: [UInt32]

    public init(ropsList: [UInt8], handleTable: [UInt32]) {
        self.ropsList = ropsList
        self.handleTable = handleTable
    }

    /// The handle value a client puts in output-only slots; never given to an object (MS-OXCROPS 3.1.4.1).
    public static let unusedHandle: UInt32 = 0xFFFF_FFFF
    /// The largest ROP payload one extended buffer may carry (MS-OXCRPC 3.1.4.1.1).
    public static let maximumSize = 0x8000

    public var encodedSize: Int { 2 + ropsList.count + 4 * handleTable.count }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt16(UInt16(truncatingIfNeeded: 2 + ropsList.count))
        buffer.append(contentsOf: ropsList)
        for handle in handleTable { buffer.appendUInt32(handle) }
    }

    /// Splits a payload into RopsList and handle table. The whole range of `reader` is the payload.
    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopBuffer {
        let sizeOffset = reader.offset
        let ropSize = Int(try reader.readUInt16("RopSize"))
        guard ropSize >= 2 else {
            throw WireError(offset: sizeOffset, field: "RopSize", kind: .invalidValue(UInt64(ropSize)))
        }
        let ropsList = try reader.readBytes(ropSize - 2, "RopsList")
        guard reader.remaining % 4 == 0 else {
            throw WireError(offset: reader.offset, field: "ServerObjectHandleTable", kind: .trailingBytes(reader.remaining % 4))
        }
        var handles: [UInt32] = []
        handles.reserveCapacity(reader.remaining / 4)
        while !reader.isAtEnd { handles.append(try reader.readUInt32("ServerObjectHandleTable")) }
        return RopBuffer(ropsList: ropsList, handleTable: handles)
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> RopBuffer {
        var reader = ByteReader(bytes)
        return try decode(from: &reader)
    }

    /// The offset of the RopsList within an encoded buffer.
    public static let ropsListOffset = 2
}
