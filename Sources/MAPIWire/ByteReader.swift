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
        return loadLittleEndian(UInt16.self)
    }

    @inline(__always)
    public mutating func readUInt32(_ field: String) throws(WireError) -> UInt32 {
        try require(4, field: field)
        defer { offset += 4 }
        return loadLittleEndian(UInt32.self)
    }

    @inline(__always)
    public mutating func readUInt64(_ field: String) throws(WireError) -> UInt64 {
        try require(8, field: field)
        defer { offset += 8 }
        return loadLittleEndian(UInt64.self)
    }

    /// One unaligned load at `offset`; callers have checked the range with ``require(_:field:)``,
    /// and `end <= bytes.count` holds by construction.
    @inline(__always)
    private func loadLittleEndian<T: FixedWidthInteger>(_: T.Type) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
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
    /// An 8-bit string terminated by one 0x00 byte, each byte one character (U+0000–U+00FF), as
    /// MS-OXCNOTIF 2.2.1.4.1.2 MessageClass with UnicodeFlag FALSE.
    public mutating func readString8Latin1(_ field: String) throws(WireError) -> String {
        let start = offset
        var index = start
        while index < end {
            if bytes[index] == 0 {
                offset = index + 1
                return bytes.withUnsafeBytes { Self.latin1String(UnsafeRawBufferPointer(rebasing: $0[start..<index])) }
            }
            index += 1
        }
        throw WireError(offset: offset, field: field, kind: .truncated(needed: index - offset + 1, available: end - offset))
    }

    /// 8-bit characters (U+0000–U+00FF), one per byte, as a String.
    static func latin1String(_ bytes: UnsafeRawBufferPointer) -> String {
        // ASCII is the common case and is also valid UTF-8 with the same characters.
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

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

extension ByteReader {
    /// Reads a structure in place: `body` gets the whole buffer and the readable range
    /// (`offset..<end`), validates what starts at `offset`, stores the value in `value` and returns
    /// the number of bytes it covers; the reader then moves past them. For validators that work on
    /// raw memory (``NotificationDataView``) without one bounds check per field.
    ///
    /// The value goes out through `inout` rather than as the closure's result: `withUnsafeBytes`
    /// cannot rethrow a typed error, and wrapping a large value in an Optional or a Result made the
    /// optimizer copy it (with retains and releases) on the way out.
    @inline(__always)
    mutating func readInPlace<T>(
        into value: inout T, _ body: (UnsafeRawBufferPointer, Int, Int, inout T) throws(WireError) -> Int
    ) throws(WireError) {
        let start = offset, end = self.end
        var failure: WireError?
        let byteCount: Int = bytes.withUnsafeBytes { buffer in
            do throws(WireError) { return try body(buffer, start, end, &value) } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        guard byteCount >= 0, byteCount <= end - start else {
            throw WireError(offset: start, field: "", kind: .truncated(needed: byteCount, available: end - start))
        }
        offset = start + byteCount
    }
}
