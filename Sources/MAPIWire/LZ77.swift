/// The LZ77 + DIRECT2 compression of extended-buffer payloads (MS-OXCRPC 3.1.4.1.1.2), the same
/// format as "Plain LZ77" in MS-XCA 2.3–2.4.
///
/// A stream is a sequence of groups: a 32-bit little-endian flag word, then up to 32 elements, one
/// per flag bit taken from bit 31 downward. A clear bit is a literal byte; a set bit is a match — a
/// 16-bit metadata word (bits 15–3: distance − 1, bits 2–0: length − 3, with 7 meaning "longer",
/// MS-OXCRPC 3.1.4.1.1.2.2.4) plus optional length extensions — or, when no input remains, the end of
/// the stream. protocol-reference §5.4 has the tables.
public enum LZ77 {
    /// Matches reach at most this far back: 13 distance bits (MS-OXCRPC 3.1.4.1.1.2.2.3).
    public static let windowSize = 8192
    /// The shortest match DIRECT2 can express (MS-OXCRPC 3.1.4.1.1.2.2.4).
    public static let minimumMatchLength = 3
    /// The longest match DIRECT2 can express without the MS-XCA 32-bit extension, which MS-OXCRPC
    /// does not have: 3 + 0xFFFF.
    public static let maximumMatchLength = 65538

    /// Upper bound of the compressed size of `count` bytes: every element costs at most as many bytes
    /// as the input it covers, plus one 4-byte flag word per 32 elements and the end marker's word.
    @inline(__always)
    static func compressedSizeBound(_ count: Int) -> Int { count + 4 * (count / 32 + 2) }
}
