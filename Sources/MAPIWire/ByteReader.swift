/// A bounds-checked little-endian reader over a byte buffer.
///
/// All reads throw ``WireError`` instead of trapping, so hostile input can never crash a decoder.
/// `offset` is absolute within `bytes`, which makes error messages point at the byte a user sees in a
/// hex dump.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int
    /// One past the last byte this reader may consume.
    public let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    public init(_ bytes: [UInt8], from start: Int, to end: Int) {
        precondition(start >= 0 && start <= end && end <= bytes.count)
        self.bytes = bytes
        self.offset = start
        self.end = end
    }

    public var remaining: Int { end - offset }
    public var isAtEnd: Bool { offset >= end }

    /// A reader over the next `count` bytes; this reader skips past them.
    public mutating func subReader(count: Int, field: String) throws(WireError) -> ByteReader {
        try require(count, field: field)
        let sub = ByteReader(bytes, from: offset, to: offset + count)
        offset += count
        return sub
    }

    @inline(__always)
    public func require(_ count: Int, field: String) throws(WireError) {
        guard count >= 0, count <= end - offset else {
            throw WireError(offset: offset, field: field, kind: .truncated(needed: count, available: max(0, end - offset)))
        }
    }

    @inline(__always)
    public mutating func readUInt8(_ field: String) throws(WireError) -> UInt8 {
        try require(1, field: field)
        defer { offset += 1 }
        return bytes[offset]
    }

    @inline(__always)
    public mutating func readUInt16(_ field: String) throws(WireError) -> UInt16 {
        try require(2, field: field)
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    @inline(__always)
    public mutating func readUInt32(_ field: String) throws(WireError) -> UInt32 {
        try require(4, field: field)
        defer { offset += 4 }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
        return value
    }

    @inline(__always)
    public mutating func readUInt64(_ field: String) throws(WireError) -> UInt64 {
        try require(8, field: field)
        defer { offset += 8 }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
        return value
    }

    public mutating func readBytes(_ count: Int, _ field: String) throws(WireError) -> [UInt8] {
        try require(count, field: field)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    public mutating func skip(_ count: Int, _ field: String) throws(WireError) {
        try require(count, field: field)
        offset += count
    }

    /// The rest of the readable range.
    public mutating func readRemaining() -> [UInt8] {
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    /// An 8-bit string terminated by one 0x00 byte (the terminator is consumed, not returned).
    public mutating func readString8(_ field: String) throws(WireError) -> [UInt8] {
        var index = offset
        while index < end {
            if bytes[index] == 0 {
                defer { offset = index + 1 }
                return Array(bytes[offset..<index])
            }
            index += 1
        }
        throw WireError(offset: offset, field: field, kind: .truncated(needed: index - offset + 1, available: end - offset))
    }

    /// UTF-16LE code units terminated by 0x0000 (the terminator is consumed, not returned).
    public mutating func readUTF16(_ field: String) throws(WireError) -> [UInt16] {
        var units: [UInt16] = []
        var index = offset
        while index + 1 < end {
            let unit = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            if unit == 0 {
                offset = index + 2
                return units
            }
            units.append(unit)
            index += 2
        }
        throw WireError(offset: offset, field: field, kind: .truncated(needed: index - offset + 2, available: end - offset))
    }

    public func error(_ field: String, _ kind: WireError.Kind, at position: Int? = nil) -> WireError {
        WireError(offset: position ?? offset, field: field, kind: kind)
    }
}
