/// A TypedString (MS-OXCDATA 2.11.7): StringType (1) then, for types 0x02–0x04, a NUL-terminated string.
public enum TypedString: Hashable, Sendable {
    /// 0x00: no string.
    case absent
    /// 0x01: the empty string; no bytes follow.
    case empty
    /// 0x02: 8-bit characters in the message's code page (bytes without the NUL).
    case string8([UInt8])
    /// 0x03: "reduced Unicode" — one byte per UTF-16 code unit whose high byte is zero (bytes without
    /// the NUL).
    case reducedUnicode([UInt8])
    /// 0x04: UTF-16LE.
    case unicode(String)

    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case .absent: buffer.append(0x00)
        case .empty: buffer.append(0x01)
        case let .string8(bytes):
            buffer.append(0x02)
            PropertyValue.encodeString8(bytes, into: &buffer)
        case let .reducedUnicode(bytes):
            buffer.append(0x03)
            PropertyValue.encodeString8(bytes, into: &buffer)
        case let .unicode(text):
            buffer.append(0x04)
            PropertyValue.encodeUTF16(text, into: &buffer)
        }
    }

    public static func decode(from reader: inout ByteReader, _ field: String) throws(WireError) -> TypedString {
        let position = reader.offset
        switch try reader.readUInt8(field + ".StringType") {
        case 0x00: return .absent
        case 0x01: return .empty
        case 0x02: return .string8(try reader.readString8(field))
        case 0x03: return .reducedUnicode(try reader.readString8(field))
        case 0x04: return .unicode(String(decoding: try reader.readUTF16(field), as: UTF16.self))
        case let other: throw WireError(offset: position, field: field + ".StringType", kind: .invalidValue(UInt64(other)))
        }
    }
}
