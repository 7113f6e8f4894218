/// A property value (MS-OXCDATA 2.11.2.1): the bytes of one value whose type is known from context.
///
/// In ROP buffers a PtypBinary / PtypServerId byte count is 16 bits and every multi-valued count is
/// 32 bits (MS-OXCDATA 2.11.1.1). 8-bit strings are kept as raw bytes because their code page is
/// external to the value.
public enum PropertyValue: Hashable, Sendable {
    case null
    case integer16(Int16)
    case integer32(Int32)
    case floating32(Float)
    case floating64(Double)
    /// Signed 64-bit integer scaled by 10,000.
    case currency(Int64)
    /// Days since 1899-12-30 plus the fraction of a day.
    case floatingTime(Double)
    case errorCode(ErrorCode)
    case boolean(Bool)
    case integer64(Int64)
    /// 8-bit characters without the terminating NUL.
    case string8([UInt8])
    case string(String)
    /// FILETIME: 100-ns intervals since 1601-01-01 UTC.
    case time(UInt64)
    case guid(GUID)
    case serverID([UInt8])
    case binary([UInt8])
    case multipleInteger16([Int16])
    case multipleInteger32([Int32])
    case multipleFloating32([Float])
    case multipleFloating64([Double])
    case multipleCurrency([Int64])
    case multipleFloatingTime([Double])
    case multipleInteger64([Int64])
    case multipleString8([[UInt8]])
    case multipleString([String])
    case multipleTime([UInt64])
    case multipleGuid([GUID])
    case multipleBinary([[UInt8]])

    public var type: PropertyType {
        switch self {
        case .null: .null
        case .integer16: .integer16
        case .integer32: .integer32
        case .floating32: .floating32
        case .floating64: .floating64
        case .currency: .currency
        case .floatingTime: .floatingTime
        case .errorCode: .errorCode
        case .boolean: .boolean
        case .integer64: .integer64
        case .string8: .string8
        case .string: .string
        case .time: .time
        case .guid: .guid
        case .serverID: .serverID
        case .binary: .binary
        case .multipleInteger16: .multipleInteger16
        case .multipleInteger32: .multipleInteger32
        case .multipleFloating32: .multipleFloating32
        case .multipleFloating64: .multipleFloating64
        case .multipleCurrency: .multipleCurrency
        case .multipleFloatingTime: .multipleFloatingTime
        case .multipleInteger64: .multipleInteger64
        case .multipleString8: .multipleString8
        case .multipleString: .multipleString
        case .multipleTime: .multipleTime
        case .multipleGuid: .multipleGuid
        case .multipleBinary: .multipleBinary
        }
    }

    /// The most entries a multi-valued property may declare; bounds allocation on hostile counts.
    public static let maximumMultipleCount = 1 << 20

    // MARK: Encoding

    /// Appends the value bytes (MS-OXCDATA 2.11.2.1), without type or tag.
    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case .null: break
        case let .integer16(v): buffer.appendUInt16(UInt16(bitPattern: v))
        case let .integer32(v): buffer.appendUInt32(UInt32(bitPattern: v))
        case let .floating32(v): buffer.appendUInt32(v.bitPattern)
        case let .floating64(v), let .floatingTime(v): buffer.appendUInt64(v.bitPattern)
        case let .currency(v), let .integer64(v): buffer.appendUInt64(UInt64(bitPattern: v))
        case let .errorCode(v): buffer.appendUInt32(v.rawValue)
        case let .boolean(v): buffer.append(v ? 1 : 0)
        case let .string8(v): Self.encodeString8(v, into: &buffer)
        case let .string(v): Self.encodeUTF16(v, into: &buffer)
        case let .time(v): buffer.appendUInt64(v)
        case let .guid(v): v.encode(into: &buffer)
        case let .serverID(v), let .binary(v): Self.encodeBinary(v, into: &buffer)
        case let .multipleInteger16(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { buffer.appendUInt16(UInt16(bitPattern: v)) }
        case let .multipleInteger32(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { buffer.appendUInt32(UInt32(bitPattern: v)) }
        case let .multipleFloating32(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { buffer.appendUInt32(v.bitPattern) }
        case let .multipleFloating64(vs), let .multipleFloatingTime(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { buffer.appendUInt64(v.bitPattern) }
        case let .multipleCurrency(vs), let .multipleInteger64(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { buffer.appendUInt64(UInt64(bitPattern: v)) }
        case let .multipleString8(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { Self.encodeString8(v, into: &buffer) }
        case let .multipleString(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { Self.encodeUTF16(v, into: &buffer) }
        case let .multipleTime(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { buffer.appendUInt64(v) }
        case let .multipleGuid(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { v.encode(into: &buffer) }
        case let .multipleBinary(vs):
            buffer.appendUInt32(UInt32(vs.count)); for v in vs { Self.encodeBinary(v, into: &buffer) }
        }
    }

    /// The encoded length of ``encode(into:)``.
    public var encodedSize: Int {
        var scratch: [UInt8] = []
        encode(into: &scratch)
        return scratch.count
    }

    static func encodeString8(_ bytes: [UInt8], into buffer: inout [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0)
    }

    static func encodeUTF16(_ string: String, into buffer: inout [UInt8]) {
        for unit in string.utf16 { buffer.appendUInt16(unit) }
        buffer.appendUInt16(0)
    }

    static func encodeBinary(_ bytes: [UInt8], into buffer: inout [UInt8]) {
        // The u16 count and the bytes written must agree, so an oversized value is cut at 65,535 bytes.
        let count = min(bytes.count, Int(UInt16.max))
        buffer.appendUInt16(UInt16(count))
        buffer.append(contentsOf: bytes.prefix(count))
    }

    // MARK: Decoding

    /// Reads one value of `type` (MS-OXCDATA 2.11.2.1).
    public static func decode(type: PropertyType, from reader: inout ByteReader, _ field: String = "PropertyValue") throws(WireError) -> PropertyValue {
        let start = reader.offset
        switch type.withoutInstanceFlag {
        case .null: return .null
        case .integer16: return .integer16(Int16(bitPattern: try reader.readUInt16(field)))
        case .integer32: return .integer32(Int32(bitPattern: try reader.readUInt32(field)))
        case .floating32: return .floating32(Float(bitPattern: try reader.readUInt32(field)))
        case .floating64: return .floating64(Double(bitPattern: try reader.readUInt64(field)))
        case .currency: return .currency(Int64(bitPattern: try reader.readUInt64(field)))
        case .floatingTime: return .floatingTime(Double(bitPattern: try reader.readUInt64(field)))
        case .errorCode: return .errorCode(ErrorCode(try reader.readUInt32(field)))
        case .boolean: return .boolean(try reader.readUInt8(field) != 0)
        case .integer64: return .integer64(Int64(bitPattern: try reader.readUInt64(field)))
        case .string8: return .string8(try reader.readString8(field))
        case .string: return .string(String(decoding: try reader.readUTF16(field), as: UTF16.self))
        case .time: return .time(try reader.readUInt64(field))
        case .guid: return .guid(try GUID.decode(from: &reader, field))
        case .serverID: return .serverID(try decodeBinary(from: &reader, field))
        case .binary: return .binary(try decodeBinary(from: &reader, field))
        case .multipleInteger16:
            return .multipleInteger16(try decodeArray(from: &reader, field, elementSize: 2) { r throws(WireError) in Int16(bitPattern: try r.readUInt16(field)) })
        case .multipleInteger32:
            return .multipleInteger32(try decodeArray(from: &reader, field, elementSize: 4) { r throws(WireError) in Int32(bitPattern: try r.readUInt32(field)) })
        case .multipleFloating32:
            return .multipleFloating32(try decodeArray(from: &reader, field, elementSize: 4) { r throws(WireError) in Float(bitPattern: try r.readUInt32(field)) })
        case .multipleFloating64:
            return .multipleFloating64(try decodeArray(from: &reader, field, elementSize: 8) { r throws(WireError) in Double(bitPattern: try r.readUInt64(field)) })
        case .multipleCurrency:
            return .multipleCurrency(try decodeArray(from: &reader, field, elementSize: 8) { r throws(WireError) in Int64(bitPattern: try r.readUInt64(field)) })
        case .multipleFloatingTime:
            return .multipleFloatingTime(try decodeArray(from: &reader, field, elementSize: 8) { r throws(WireError) in Double(bitPattern: try r.readUInt64(field)) })
        case .multipleInteger64:
            return .multipleInteger64(try decodeArray(from: &reader, field, elementSize: 8) { r throws(WireError) in Int64(bitPattern: try r.readUInt64(field)) })
        case .multipleString8:
            return .multipleString8(try decodeArray(from: &reader, field, elementSize: 1) { r throws(WireError) in try r.readString8(field) })
        case .multipleString:
            return .multipleString(try decodeArray(from: &reader, field, elementSize: 2) { r throws(WireError) in String(decoding: try r.readUTF16(field), as: UTF16.self) })
        case .multipleTime:
            return .multipleTime(try decodeArray(from: &reader, field, elementSize: 8) { r throws(WireError) in try r.readUInt64(field) })
        case .multipleGuid:
            return .multipleGuid(try decodeArray(from: &reader, field, elementSize: 16) { r throws(WireError) in try GUID.decode(from: &r, field) })
        case .multipleBinary:
            return .multipleBinary(try decodeArray(from: &reader, field, elementSize: 2) { r throws(WireError) in try decodeBinary(from: &r, field) })
        default:
            throw WireError(offset: start, field: field, kind: .invalidValue(UInt64(type.rawValue)))
        }
    }

    static func decodeBinary(from reader: inout ByteReader, _ field: String) throws(WireError) -> [UInt8] {
        let count = Int(try reader.readUInt16(field))
        return try reader.readBytes(count, field)
    }

    static func decodeArray<Element>(
        from reader: inout ByteReader, _ field: String, elementSize: Int,
        _ element: (inout ByteReader) throws(WireError) -> Element
    ) throws(WireError) -> [Element] {
        let countOffset = reader.offset
        let count = Int(try reader.readUInt32(field))
        // Each element takes at least `elementSize` bytes: reject counts the buffer cannot hold
        // before allocating anything.
        guard count <= maximumMultipleCount, count * elementSize <= reader.remaining else {
            throw WireError(offset: countOffset, field: field, kind: .limitExceeded(limit: min(maximumMultipleCount, reader.remaining / max(1, elementSize)), actual: count))
        }
        var values: [Element] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&reader)) }
        return values
    }
}

/// A TaggedPropertyValue (MS-OXCDATA 2.11.4): PropertyTag then the value.
public struct TaggedPropertyValue: Hashable, Sendable {
    public var tag: PropertyTag
    public var value: PropertyValue

    public init(tag: PropertyTag, value: PropertyValue) {
        self.tag = tag
        self.value = value
    }

    public func encode(into buffer: inout [UInt8]) {
        tag.encode(into: &buffer)
        value.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> TaggedPropertyValue {
        let tag = try PropertyTag.decode(from: &reader)
        return TaggedPropertyValue(tag: tag, value: try PropertyValue.decode(type: tag.type, from: &reader))
    }
}
