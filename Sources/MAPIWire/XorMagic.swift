/// XorMagic obfuscation (MS-OXCRPC 3.1.4.1.1.3): every payload byte XOR 0xA5.
///
/// The transform is its own inverse. It hides nothing from anyone who knows the protocol; RPC packet
/// privacy is what protects confidentiality (MS-OXCRPC 3.1.4.1.1.3).
public enum XorMagic {
    public static let key: UInt8 = 0xA5

    /// Obfuscates (or restores) `bytes` in place.
    public static func apply(to bytes: inout [UInt8]) {
        apply(to: &bytes, range: bytes.startIndex..<bytes.endIndex)
    }

    /// Obfuscates (or restores) `bytes[range]` in place — a payload inside a larger buffer.
    public static func apply(to bytes: inout [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "XorMagic range outside the buffer")
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            var index = range.lowerBound
            let end = range.upperBound
            // Eight bytes at a time; unaligned loads and stores are fine for plain integers.
            let wideKey: UInt64 = 0xA5A5_A5A5_A5A5_A5A5
            while end - index >= 8 {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                base.storeBytes(of: word ^ wideKey, toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < end {
                raw[index] ^= key
                index += 1
            }
        }
    }
}
