import MAPIWire

/// Reads NDR 2.0 little-endian stub data (C706 chapter 14). Alignment is relative to the start of
/// the stub (C706 14.2.2), which is where the reader's range begins.
public struct NDRReader: Sendable {
    private var reader: ByteReader
    private let start: Int
    /// Largest conformance (element count) accepted for any array, before reading it; a stub can
    /// never hold more bytes than it has, so this only guards arithmetic on hostile counts.
    public var maximumCount: Int = 0x0100_0000

    public init(_ stub: [UInt8]) {
        reader = ByteReader(stub)
        start = 0
    }

    public var offset: Int { reader.offset - start }
    public var remaining: Int { reader.remaining }

    public mutating func align(_ boundary: Int, _ field: String) throws(WireError) {
        let pad = (boundary - (reader.offset - start) % boundary) % boundary
        try reader.skip(pad, field + " (alignment)")
    }

    public mutating func readUInt8(_ field: String) throws(WireError) -> UInt8 { try reader.readUInt8(field) }
    public mutating func readUInt16(_ field: String) throws(WireError) -> UInt16 { try align(2, field); return try reader.readUInt16(field) }
    public mutating func readUInt32(_ field: String) throws(WireError) -> UInt32 { try align(4, field); return try reader.readUInt32(field) }
    public mutating func readUInt64(_ field: String) throws(WireError) -> UInt64 { try align(8, field); return try reader.readUInt64(field) }
    public mutating func readBytes(_ count: Int, _ field: String) throws(WireError) -> [UInt8] { try reader.readBytes(count, field) }

    /// A GUID: u32, u16, u16, 8 bytes — aligned to 4 as a structure whose largest member is a u32.
    public mutating func readGUID(_ field: String) throws(WireError) -> GUID {
        try align(4, field)
        return GUID(bytes: try reader.readBytes(16, field))!
    }

    /// A unique or full pointer's referent id (C706 14.3.10); 0 is NULL.
    public mutating func readReferentID(_ field: String) throws(WireError) -> UInt32 { try readUInt32(field + " (referent id)") }

    /// A conformance or variance count, checked against `limit`.
    public mutating func readCount(_ field: String, limit: Int) throws(WireError) -> Int {
        let value = try readUInt32(field)
        guard Int(value) <= min(limit, maximumCount) else {
            throw reader.error(field, .limitExceeded(limit: min(limit, maximumCount), actual: Int(value)), at: reader.offset - 4)
        }
        return Int(value)
    }

    /// A conformant array of bytes (C706 14.3.3.2): max_count then the elements.
    public mutating func readConformantBytes(_ field: String, limit: Int) throws(WireError) -> [UInt8] {
        let count = try readCount(field + ".max_count", limit: limit)
        return try reader.readBytes(count, field)
    }

    /// A conformant-varying array of bytes (C706 14.3.3.4): max_count, offset, actual_count, elements.
    /// Herald requires offset 0 and actual_count ≤ max_count (strict consistency, MS-OXCRPC 2.1).
    public mutating func readConformantVaryingBytes(_ field: String, limit: Int) throws(WireError) -> (maxCount: Int, bytes: [UInt8]) {
        let maxCount = try readCount(field + ".max_count", limit: limit)
        let offset = try readUInt32(field + ".offset")
        guard offset == 0 else { throw reader.error(field + ".offset", .invalidValue(UInt64(offset)), at: reader.offset - 4) }
        let actual = try readCount(field + ".actual_count", limit: maxCount)
        return (maxCount, try reader.readBytes(actual, field))
    }

    /// A `[string] char *` (C706 14.3.4): conformant-varying, actual_count including one NUL that
    /// must be the last element and the only one. Returns the bytes without the terminator.
    public mutating func readString(_ field: String, limit: Int) throws(WireError) -> [UInt8] {
        let position = reader.offset
        let (_, bytes) = try readConformantVaryingBytes(field, limit: limit)
        guard let last = bytes.last, last == 0, !bytes.dropLast().contains(0) else {
            throw reader.error(field, .invalidValue(UInt64(bytes.count)), at: position)
        }
        return Array(bytes.dropLast())
    }

    /// A `[string] wchar_t *`: as ``readString(_:limit:)`` with UTF-16LE units.
    public mutating func readWideString(_ field: String, limit: Int) throws(WireError) -> [UInt16] {
        let position = reader.offset
        let maxCount = try readCount(field + ".max_count", limit: limit)
        let offset = try readUInt32(field + ".offset")
        guard offset == 0 else { throw reader.error(field + ".offset", .invalidValue(UInt64(offset)), at: reader.offset - 4) }
        let actual = try readCount(field + ".actual_count", limit: maxCount)
        var units: [UInt16] = []
        for _ in 0..<actual { units.append(try reader.readUInt16(field)) }
        guard units.last == 0, !units.dropLast().contains(0) else {
            throw reader.error(field, .invalidValue(UInt64(actual)), at: position)
        }
        return Array(units.dropLast())
    }

    /// The stub must be fully consumed; leftovers mean the client and Herald disagree on the layout.
    /// One exception: a verification trailer (MS-RPCE 2.2.2.13), which Windows clients append after
    /// the NDR data — up to 3 bytes of padding to a 4-byte boundary, then the 8-byte signature
    /// 8A E3 13 71 02 F4 36 71 and its commands. Herald accepts and ignores it (it only re-states the
    /// header, presentation context and bitmask the connection already checked).
    public func finish(_ field: String) throws(WireError) {
        guard !reader.isAtEnd else { return }
        var probe = reader
        let pad = (4 - (probe.offset - start) % 4) % 4
        if (try? probe.skip(pad, "pad")) != nil,
           let signature = try? probe.readBytes(8, "rpc_sec_verification_trailer"),
           signature == NDRReader.verificationTrailerSignature {
            return
        }
        throw reader.error(field, .trailingBytes(reader.remaining))
    }

    /// SIGNATURE of rpc_sec_verification_trailer (MS-RPCE 2.2.2.13).
    public static let verificationTrailerSignature: [UInt8] = [0x8A, 0xE3, 0x13, 0x71, 0x02, 0xF4, 0x36, 0x71]
}

/// Writes NDR 2.0 little-endian stub data (C706 chapter 14).
public struct NDRWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// MIDL-style referent ids: 0x00020000, 0x00020004, … (any non-zero unique value is valid, C706 14.3.10).
    private var nextReferentID: UInt32 = 0x0002_0000

    public init() {}

    public mutating func align(_ boundary: Int) {
        bytes.append(contentsOf: repeatElement(0, count: (boundary - bytes.count % boundary) % boundary))
    }

    public mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }
    public mutating func writeUInt16(_ value: UInt16) { align(2); bytes.appendUInt16(value) }
    public mutating func writeUInt32(_ value: UInt32) { align(4); bytes.appendUInt32(value) }
    public mutating func writeUInt64(_ value: UInt64) { align(8); bytes.appendUInt64(value) }
    public mutating func writeBytes(_ value: [UInt8]) { bytes.append(contentsOf: value) }
    public mutating func writeGUID(_ value: GUID) { align(4); value.encode(into: &bytes) }
    public mutating func writeContextHandle(_ handle: ContextHandle) { align(4); handle.encode(into: &bytes) }

    /// A non-NULL unique/full pointer's referent id; the caller writes the referent next (top-level
    /// parameters' referents follow immediately, C706 14.3.12.3).
    public mutating func writeReferentID() {
        writeUInt32(nextReferentID)
        nextReferentID &+= 4
    }

    public mutating func writeNullPointer() { writeUInt32(0) }

    public mutating func writeConformantBytes(_ value: [UInt8]) {
        writeUInt32(UInt32(truncatingIfNeeded: value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func writeConformantVaryingBytes(_ value: [UInt8], maxCount: Int? = nil) {
        writeUInt32(UInt32(truncatingIfNeeded: maxCount ?? value.count))
        writeUInt32(0)
        writeUInt32(UInt32(truncatingIfNeeded: value.count))
        bytes.append(contentsOf: value)
    }

    /// A `[string] char *` referent: conformant-varying with a NUL terminator counted.
    public mutating func writeString(_ value: [UInt8]) {
        writeConformantVaryingBytes(value + [0])
    }

    public mutating func writeWideString(_ units: [UInt16]) {
        let count = UInt32(truncatingIfNeeded: units.count + 1)
        writeUInt32(count)
        writeUInt32(0)
        writeUInt32(count)
        for unit in units { bytes.appendUInt16(unit) }
        bytes.appendUInt16(0)
    }
}
