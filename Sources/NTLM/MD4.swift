/// MD4 (RFC 1320), needed only for the NT hash NTOWFv1 = MD4(UNICODE(password)) (MS-NLMP 3.3.1).
/// MD4 is broken as a general hash; it is here because NTLM defines the NT hash with it.
public enum MD4 {
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var a: UInt32 = 0x6745_2301, b: UInt32 = 0xEFCD_AB89, c: UInt32 = 0x98BA_DCFE, d: UInt32 = 0x1032_5476
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for index in 0..<8 { padded.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(index)))) }

        @inline(__always) func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
        var x = [UInt32](repeating: 0, count: 16)
        for block in stride(from: 0, to: padded.count, by: 64) {
            for i in 0..<16 {
                let o = block + 4 * i
                x[i] = UInt32(padded[o]) | UInt32(padded[o + 1]) << 8 | UInt32(padded[o + 2]) << 16 | UInt32(padded[o + 3]) << 24
            }
            let (aa, bb, cc, dd) = (a, b, c, d)
            // Round 1: F(x,y,z) = (x & y) | (~x & z)
            for i in [0, 4, 8, 12] {
                a = rotl(a &+ ((b & c) | (~b & d)) &+ x[i], 3)
                d = rotl(d &+ ((a & b) | (~a & c)) &+ x[i + 1], 7)
                c = rotl(c &+ ((d & a) | (~d & b)) &+ x[i + 2], 11)
                b = rotl(b &+ ((c & d) | (~c & a)) &+ x[i + 3], 19)
            }
            // Round 2: G(x,y,z) = (x & y) | (x & z) | (y & z), constant 0x5A827999
            for i in [0, 1, 2, 3] {
                a = rotl(a &+ ((b & c) | (b & d) | (c & d)) &+ x[i] &+ 0x5A82_7999, 3)
                d = rotl(d &+ ((a & b) | (a & c) | (b & c)) &+ x[i + 4] &+ 0x5A82_7999, 5)
                c = rotl(c &+ ((d & a) | (d & b) | (a & b)) &+ x[i + 8] &+ 0x5A82_7999, 9)
                b = rotl(b &+ ((c & d) | (c & a) | (d & a)) &+ x[i + 12] &+ 0x5A82_7999, 13)
            }
            // Round 3: H(x,y,z) = x ^ y ^ z, constant 0x6ED9EBA1
            for i in [0, 2, 1, 3] {
                a = rotl(a &+ (b ^ c ^ d) &+ x[i] &+ 0x6ED9_EBA1, 3)
                d = rotl(d &+ (a ^ b ^ c) &+ x[i + 8] &+ 0x6ED9_EBA1, 9)
                c = rotl(c &+ (d ^ a ^ b) &+ x[i + 4] &+ 0x6ED9_EBA1, 11)
                b = rotl(b &+ (c ^ d ^ a) &+ x[i + 12] &+ 0x6ED9_EBA1, 15)
            }
            a = a &+ aa; b = b &+ bb; c = c &+ cc; d = d &+ dd
        }
        var digest: [UInt8] = []
        for word in [a, b, c, d] { for shift in [0, 8, 16, 24] as [UInt32] { digest.append(UInt8(truncatingIfNeeded: word >> shift)) } }
        return digest
    }
}
