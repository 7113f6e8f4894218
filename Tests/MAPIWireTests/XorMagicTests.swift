import Testing
@testable import MAPIWire

@Suite("XorMagic (MS-OXCRPC 3.1.4.1.1.3)")
struct XorMagicTests {
    @Test("protocol-reference §9.6: 00 FF 29 <-> A5 5A 8C")
    func referenceVector() {
        var bytes = hex("00 FF 29")
        XorMagic.apply(to: &bytes)
        #expect(bytes == hex("A5 5A 8C"))
        XorMagic.apply(to: &bytes)
        #expect(bytes == hex("00 FF 29"))
    }

    @Test("every byte XOR 0xA5, for lengths around the 8-byte fast path, and self-inverse")
    func everyLength() {
        var generator = SplitMix64(seed: 0x5A5)
        for count in 0...40 {
            let original = generator.bytes(count)
            var bytes = original
            XorMagic.apply(to: &bytes)
            #expect(bytes == original.map { $0 ^ 0xA5 })
            XorMagic.apply(to: &bytes)
            #expect(bytes == original)
        }
    }

    @Test("a range inside a larger buffer leaves the rest untouched")
    func range() {
        let original = [UInt8](0..<30)
        var bytes = original
        XorMagic.apply(to: &bytes, range: 5..<22)
        for index in bytes.indices {
            #expect(bytes[index] == ((5..<22).contains(index) ? original[index] ^ 0xA5 : original[index]))
        }
    }
}
