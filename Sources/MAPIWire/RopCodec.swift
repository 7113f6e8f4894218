/// A ROP request layout (MS-OXCROPS 2.2): encodes and decodes one request, RopId included.
public protocol RopRequestCodec: Hashable, Sendable {
    static var ropID: RopID { get }
    func encode(into buffer: inout [UInt8])
    /// Reads the request; the reader stands on its RopId byte.
    static func decode(from reader: inout ByteReader) throws(WireError) -> Self
}

/// A ROP response layout (MS-OXCROPS 2.2): encodes and decodes one response, RopId included.
public protocol RopResponseCodec: Hashable, Sendable {
    static var ropID: RopID { get }
    func encode(into buffer: inout [UInt8])
    /// Reads the response; the reader stands on its RopId byte.
    static func decode(from reader: inout ByteReader) throws(WireError) -> Self
}

extension ByteReader {
    /// Reads the RopId byte and checks that it is `expected`.
    @inline(__always)
    mutating func expectRopID(_ expected: RopID) throws(WireError) {
        let position = offset
        let id = try readUInt8("RopId")
        guard id == expected.rawValue else {
            throw WireError(offset: position, field: "RopId", kind: .invalidValue(UInt64(id)))
        }
    }
}
