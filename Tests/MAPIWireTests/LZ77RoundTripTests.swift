import Testing
@testable import MAPIWire

@Suite("LZ77 round trips (MS-OXCRPC 3.1.4.1.1.2)")
struct LZ77RoundTripTests {
    static let sizes = [0, 1, 2, 3, 4, 9, 31, 32, 33, 100, 1000, 8191, 8192, 8193, 32768, 65539, 262_144]

    private func roundTrip(_ input: [UInt8]) throws {
        let compressed = LZ77.compress(input)
        #expect(compressed.count <= input.count + 4 * (input.count / 32 + 2))
        #expect(try LZ77.decompress(compressed, expectedSize: input.count) == input)
        var appended: [UInt8] = [0xEE]
        let written = LZ77.compress(input, appendingTo: &appended)
        #expect(written == compressed.count)
        #expect(Array(appended.dropFirst()) == compressed)
    }

    @Test("random bytes, 0 B to 256 KiB", arguments: sizes)
    func random(size: Int) throws {
        try roundTrip(Samples.random(size, seed: UInt64(size) &+ 1))
    }

    @Test("repetitive bytes, 0 B to 256 KiB; they shrink", arguments: sizes)
    func repetitive(size: Int) throws {
        let input = Samples.repetitive(size, seed: UInt64(size) &+ 2)
        try roundTrip(input)
        if size >= 1000 { #expect(LZ77.compress(input).count < input.count / 2) }
    }

    @Test("RopNotify response lists, 0 B to 256 KiB; they shrink", arguments: sizes)
    func ropBuffers(size: Int) throws {
        let input = Samples.ropNotifyList(size, seed: UInt64(size) &+ 3)
        try roundTrip(input)
        if size >= 1000 { #expect(LZ77.compress(input).count < input.count * 2 / 3) }
    }

    @Test("many small seeded inputs mixing all shapes")
    func property() throws {
        var generator = SplitMix64(seed: 0xC0FFEE)
        for iteration in 0..<300 {
            let size = Int.random(in: 0...3000, using: &generator)
            let input: [UInt8] = switch iteration % 3 {
            case 0: Samples.random(size, seed: generator.next())
            case 1: Samples.repetitive(size, seed: generator.next())
            default: Samples.ropNotifyList(size, seed: generator.next())
            }
            try roundTrip(input)
        }
    }

    @Test("every match the encoder emits stays within the 8192-byte window")
    func window() throws {
        // A 5000-byte block repeated after 4000 bytes of noise: the copy is 9000 bytes back, out of
        // reach, so only the in-window part may be used; the round trip proves the distances valid.
        let block = Samples.random(5000, seed: 11)
        let input = block + Samples.random(4000, seed: 12) + block + block
        try roundTrip(input)
    }
}
