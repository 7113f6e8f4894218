/// Little-endian appends onto a byte array.
///
/// Encoders write into a caller-owned `[UInt8]`; with capacity reserved up front an encode performs no
/// heap allocation.
extension Array where Element == UInt8 {
    @inline(__always)
    public mutating func appendUInt8(_ value: UInt8) { append(value) }

    // Multi-byte values go in with one bulk append (one capacity and uniqueness check, then a
    // memcpy) instead of one `append` per byte: the RopNotify encode path is dominated by these.

    @inline(__always)
    public mutating func appendUInt16(_ value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }

    @inline(__always)
    public mutating func appendUInt32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }

    @inline(__always)
    public mutating func appendUInt64(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// Overwrites two bytes at `index` (for sizes known only after the body is written).
    @inline(__always)
    public mutating func setUInt16(_ value: UInt16, at index: Int) {
        self[index] = UInt8(truncatingIfNeeded: value)
        self[index + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    @inline(__always)
    public mutating func setUInt32(_ value: UInt32, at index: Int) {
        self[index] = UInt8(truncatingIfNeeded: value)
        self[index + 1] = UInt8(truncatingIfNeeded: value >> 8)
        self[index + 2] = UInt8(truncatingIfNeeded: value >> 16)
        self[index + 3] = UInt8(truncatingIfNeeded: value >> 24)
    }
}
