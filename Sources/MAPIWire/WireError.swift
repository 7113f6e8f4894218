/// A malformed wire structure.
///
/// Every decoding failure in `MAPIWire` is one of these. A malformed ROP input buffer makes the whole
/// call fail with ``ErrorCode/rpcFormat`` (MS-OXCROPS 3.2.5.1), so ``errorCode`` is that value for
/// every case except the RPC_HEADER_EXT size limits, which MS-OXCRPC 3.1.4.2 answers with
/// ``ErrorCode/rpcFailed``-class codes chosen by the transport.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The structure needs more bytes than the buffer holds.
        case truncated(needed: Int, available: Int)
        /// A field holds a value the specification does not allow.
        case invalidValue(UInt64)
        /// A RopId that has no request (or no response) layout Herald knows.
        case unknownRopId(UInt8)
        /// Bytes remain after a structure that must fill its buffer exactly.
        case trailingBytes(Int)
        /// A count or size exceeds the limit the specification or configuration sets.
        case limitExceeded(limit: Int, actual: Int)
        /// A compressed stream that does not decode (MS-OXCRPC 3.1.4.1.1.2).
        case corruptCompressedStream
        /// Nesting deeper than Herald accepts (restrictions, embedded structures).
        case nestingTooDeep(limit: Int)
    }

    /// Byte offset, within the buffer being decoded, where the problem was found.
    public var offset: Int
    /// Which field (spec name) was being read.
    public var field: String
    public var kind: Kind

    public init(offset: Int, field: String, kind: Kind) {
        self.offset = offset
        self.field = field
        self.kind = kind
    }

    /// The error code the specification names for a malformed input buffer.
    public var errorCode: ErrorCode { .rpcFormat }

    public var description: String {
        let what: String
        switch kind {
        case let .truncated(needed, available):
            what = "truncated: needs \(needed) byte\(needed == 1 ? "" : "s"), \(available) left"
        case let .invalidValue(value):
            what = "invalid value 0x\(String(value, radix: 16, uppercase: true))"
        case let .unknownRopId(id):
            what = "unknown RopId 0x\(hex2(id))"
        case let .trailingBytes(count):
            what = "\(count) unexpected trailing byte\(count == 1 ? "" : "s")"
        case let .limitExceeded(limit, actual):
            what = "\(actual) exceeds the limit of \(limit)"
        case .corruptCompressedStream:
            what = "corrupt compressed stream"
        case let .nestingTooDeep(limit):
            what = "nested deeper than \(limit) levels"
        }
        return "offset \(offset) (0x\(String(offset, radix: 16, uppercase: true))): \(field): \(what)"
    }
}

@inline(__always)
func hex2(_ value: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(value >> 4)], digits[Int(value & 0xF)]])
}
