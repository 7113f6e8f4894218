/// A string whose encoding a ROP chooses with a flag (UseUnicode, UseUnicodeStrings, the U bit of
/// RecipientFlags): UTF-16LE or 8-bit characters in the logon's code page, both NUL-terminated
/// (MS-OXCROPS 2.2.4.2.1, MS-OXCDATA 2.8.3.2).
///
/// 8-bit strings keep their bytes: their code page is known only to the session.
public enum RopString: Hashable, Sendable, CustomStringConvertible {
    case unicode(String)
    case eightBit([UInt8])

    public var isUnicode: Bool { if case .unicode = self { true } else { false } }

    /// The text; 8-bit bytes are read as Latin-1, which is exact for ASCII.
    public var string: String {
        switch self {
        case let .unicode(text): text
        case let .eightBit(bytes): String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
        }
    }

    public var description: String { string }

    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case let .unicode(text): PropertyValue.encodeUTF16(text, into: &buffer)
        case let .eightBit(bytes): PropertyValue.encodeString8(bytes, into: &buffer)
        }
    }

    public static func decode(unicode: Bool, from reader: inout ByteReader, _ field: String) throws(WireError) -> RopString {
        if unicode { return .unicode(String(decoding: try reader.readUTF16(field), as: UTF16.self)) }
        return .eightBit(try reader.readString8(field))
    }
}
