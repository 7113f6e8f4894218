import Testing
@testable import MAPIWire

/// Writes DIRECT2 streams element by element, independently of the encoder under test, so
/// hand-built streams can exercise decoder paths the encoder would never choose
/// (MS-OXCRPC 3.1.4.1.1.2.2).
struct StreamBuilder {
    var bytes: [UInt8] = [0, 0, 0, 0]
    var flagOffset = 0
    var flags: UInt32 = 0
    var flagCount = 0
    var nibbleOffset: Int?

    mutating func literal(_ byte: UInt8) {
        bytes.append(byte)
        flag(0)
    }

    mutating func literals(_ text: String) { for byte in text.utf8 { literal(byte) } }

    mutating func match(distance: Int, length: Int) {
        let code = length - 3
        if code < 7 {
            bytes.appendUInt16(UInt16((distance - 1) << 3 | code))
        } else {
            bytes.appendUInt16(UInt16((distance - 1) << 3 | 7))
            let nibble = UInt8(min(code - 7, 15))
            if let offset = nibbleOffset {
                bytes[offset] |= nibble << 4
                nibbleOffset = nil
            } else {
                nibbleOffset = bytes.count
                bytes.append(nibble)
            }
            if code - 7 >= 15 {
                if code - 22 < 255 {
                    bytes.append(UInt8(code - 22))
                } else {
                    bytes.append(255)
                    bytes.appendUInt16(UInt16(code))
                }
            }
        }
        flag(1)
    }

    private mutating func flag(_ bit: UInt32) {
        flags = flags << 1 | bit
        flagCount += 1
        if flagCount == 32 {
            bytes.setUInt32(flags, at: flagOffset)
            flagOffset = bytes.count
            bytes += [0, 0, 0, 0]
            flags = 0
            flagCount = 0
        }
    }

    /// End marker plus 1-filled remainder of the last flag word.
    mutating func finish() -> [UInt8] {
        let word = (flagCount == 0 ? 0 : flags << UInt32(32 - flagCount)) | (UInt32.max >> UInt32(flagCount))
        bytes.setUInt32(word, at: flagOffset)
        return bytes
    }
}

@Suite("LZ77 + DIRECT2 (MS-OXCRPC 3.1.4.1.1.2)")
struct LZ77Tests {
    static let referenceVectors: [(name: String, input: [UInt8], compressed: String)] = [
        ("ABCABCDEF", Array("ABCABCDEF".utf8), "FF FF FF 11 41 42 43 10 00 44 45 46"),
        ("abcdefghij x 3", Array(String(repeating: "abcdefghij", count: 3).utf8), "FF FF 3F 00 61 62 63 64 65 66 67 68 69 6A 4F 00 0A"),
        ("x x 25", [UInt8](repeating: 0x78, count: 25), "FF FF FF 7F 78 07 00 0E"),
        ("x x 26", [UInt8](repeating: 0x78, count: 26), "FF FF FF 7F 78 07 00 0F 00"),
        ("x x 281", [UInt8](repeating: 0x78, count: 281), "FF FF FF 7F 78 07 00 0F FF 15 01"),
        ("0x00...0x1F", [UInt8](0..<32), "00 00 00 00 " + hexString([UInt8](0..<32)) + " FF FF FF FF"),
    ]

    @Test("protocol-reference §9.5 vectors decompress", arguments: 0..<6)
    func referenceDecompress(index: Int) throws {
        let vector = Self.referenceVectors[index]
        #expect(try LZ77.decompress(hex(vector.compressed), expectedSize: vector.input.count) == vector.input, "\(vector.name)")
    }

    @Test("protocol-reference §9.5 vectors: the compressor produces exactly these bytes", arguments: 0..<6)
    func referenceCompress(index: Int) {
        let vector = Self.referenceVectors[index]
        #expect(LZ77.compress(vector.input) == hex(vector.compressed), "\(vector.name)")
    }

    @Test("empty input: a single all-ones flag word (end marker first)")
    func empty() throws {
        #expect(LZ77.compress([]) == hex("FF FF FF FF"))
        #expect(try LZ77.decompress(hex("FF FF FF FF"), expectedSize: 0) == [])
    }

    // MARK: Hand-built streams for each length encoding (protocol-reference §5.4 table)

    @Test("lengths 3–9 live in the metadata's low 3 bits")
    func shortLengths() throws {
        // "abc", then distance 3 length 9: metadata (2 << 3) | 6 = 0x0016.
        #expect(try LZ77.decompress(hex("FF FF FF 1F 61 62 63 16 00"), expectedSize: 12) == Array("abcabcabcabc".utf8))
        for length in 3...9 {
            var builder = StreamBuilder()
            builder.literals("abcd")
            builder.match(distance: 4, length: length)
            let expected = Array("abcd".utf8) + (0..<length).map { Array("abcd".utf8)[$0 % 4] }
            #expect(try LZ77.decompress(builder.finish(), expectedSize: 4 + length) == expected)
        }
    }

    @Test("lengths 10–24: nibble; the second long match uses the high nibble of the first one's byte")
    func sharedNibble() throws {
        // a, (1, 10) → new byte, low nibble 0; b, (1, 24) → same byte, high nibble 0xE, no new byte.
        let stream = hex("FF FF FF 5F 61 07 00 E0 62 07 00")
        #expect(try LZ77.decompress(stream, expectedSize: 36) == [UInt8](repeating: 0x61, count: 11) + [UInt8](repeating: 0x62, count: 25))
        // A third long match starts a new nibble byte (low nibble 2 → length 12).
        let three = hex("FF FF FF 57 61 07 00 E0 62 07 00 63 07 00 02")
        #expect(try LZ77.decompress(three, expectedSize: 49)
            == [UInt8](repeating: 0x61, count: 11) + [UInt8](repeating: 0x62, count: 25) + [UInt8](repeating: 0x63, count: 13))
        // Short matches in between do not consume the pending nibble.
        var builder = StreamBuilder()
        builder.literals("abcdefgh")
        builder.match(distance: 8, length: 20)   // new nibble byte, low = 10
        builder.match(distance: 5, length: 4)    // short: metadata only
        builder.match(distance: 3, length: 17)   // high nibble = 7
        var expected = Array("abcdefgh".utf8)
        for (distance, length) in [(8, 20), (5, 4), (3, 17)] {
            for _ in 0..<length { expected.append(expected[expected.count - distance]) }
        }
        let built = builder.finish()
        #expect(try LZ77.decompress(built, expectedSize: expected.count) == expected)
        #expect(built.count == 4 + 8 + 2 + 1 + 2 + 2, "one shared nibble byte for two long matches")
    }

    @Test("a high nibble of 15 is followed by the length byte of the match that uses it")
    func sharedNibbleFifteen() throws {
        // a, (1, 10) → byte low 0; b, (1, 30) → high nibble F, then length byte 30 − 25 = 5.
        let stream = hex("FF FF FF 5F 61 07 00 F0 62 07 00 05")
        #expect(try LZ77.decompress(stream, expectedSize: 42) == [UInt8](repeating: 0x61, count: 11) + [UInt8](repeating: 0x62, count: 31))
    }

    @Test("lengths 25–279: nibble 15 + byte (length − 25)")
    func byteLengths() throws {
        // 279 = byte 0xFE.
        #expect(try LZ77.decompress(hex("FF FF FF 7F 78 07 00 0F FE"), expectedSize: 280) == [UInt8](repeating: 0x78, count: 280))
        for length in [25, 26, 100, 278, 279] {
            var builder = StreamBuilder()
            builder.literals("xy")
            builder.match(distance: 2, length: length)
            let expected = (0..<(2 + length)).map { $0 % 2 == 0 ? UInt8(ascii: "x") : UInt8(ascii: "y") }
            let stream = builder.finish()
            #expect(try LZ77.decompress(stream, expectedSize: expected.count) == expected)
            #expect(LZ77.compress(expected) == stream, "the encoder picks the same encoding")
        }
    }

    @Test("lengths 280–65538: nibble 15, byte 255, u16 (length − 3)")
    func wordLengths() throws {
        // 65538 is the maximum: u16 0xFFFF.
        let maximum = hex("FF FF FF 7F 78 07 00 0F FF FF FF")
        #expect(try LZ77.decompress(maximum, expectedSize: 65539) == [UInt8](repeating: 0x78, count: 65539))
        #expect(LZ77.compress([UInt8](repeating: 0x78, count: 65539)) == maximum)
        // Two maximal matches share one nibble byte (0xFF).
        let two = hex("FF FF FF 7F 78 07 00 FF FF FF FF 07 00 FF FF FF")
        #expect(try LZ77.decompress(two, expectedSize: 1 + 2 * 65538) == [UInt8](repeating: 0x78, count: 1 + 2 * 65538))
        #expect(LZ77.compress([UInt8](repeating: 0x78, count: 1 + 2 * 65538)) == two)
        for length in [280, 281, 1000, 8192, 65537] {
            var builder = StreamBuilder()
            builder.literal(0x41)
            builder.match(distance: 1, length: length)
            #expect(try LZ77.decompress(builder.finish(), expectedSize: 1 + length) == [UInt8](repeating: 0x41, count: 1 + length))
        }
    }

    @Test("distances 1…8192 (13 bits, stored as distance − 1)")
    func distances() throws {
        var generator = SplitMix64(seed: 8192)
        let prefix = generator.bytes(8192)
        for distance in [1, 2, 7, 8, 9, 255, 4096, 8191, 8192] {
            var builder = StreamBuilder()
            for byte in prefix { builder.literal(byte) }
            builder.match(distance: distance, length: 40)
            var expected = prefix
            for _ in 0..<40 { expected.append(expected[expected.count - distance]) }
            #expect(try LZ77.decompress(builder.finish(), expectedSize: expected.count) == expected, "distance \(distance)")
        }
        // Metadata 0xFFF8: distance 8192, length 3.
        var builder = StreamBuilder()
        for byte in prefix { builder.literal(byte) }
        builder.match(distance: 8192, length: 3)
        let stream = builder.finish()
        #expect(Array(stream[(stream.count - 2)...]) == hex("F8 FF"))
    }

    @Test("the end marker in a new flag word after exactly 32 elements")
    func endMarkerInNewWord() throws {
        var builder = StreamBuilder()
        builder.literals("abcdefghijklmnopqrstuvwxyz012345")
        let stream = builder.finish()
        #expect(stream.count == 4 + 32 + 4)
        #expect(Array(stream.suffix(4)) == hex("FF FF FF FF"))
        #expect(try LZ77.decompress(stream, expectedSize: 32) == Array("abcdefghijklmnopqrstuvwxyz012345".utf8))
    }

    // MARK: Corrupt streams

    static let corruptStreams: [(name: String, stream: String, expectedSize: Int)] = [
        ("empty input (no flag word)", "", 0),
        ("truncated flag word", "FF FF FF", 0),
        ("flag word missing after 32 elements", "00 00 00 00 " + hexString([UInt8](0..<32)), 32),
        ("literal with no input left", "00 00 00 00", 0),
        ("match before any output", "FF FF FF FF 00 00", 3),
        ("distance beyond output", "FF FF FF 7F 78 08 00", 4),
        ("truncated metadata", "FF FF FF 7F 78 07", 25),
        ("missing nibble byte", "FF FF FF 7F 78 07 00", 25),
        ("missing length byte", "FF FF FF 7F 78 07 00 0F", 26),
        ("missing length word", "FF FF FF 7F 78 07 00 0F FF", 281),
        ("half a length word", "FF FF FF 7F 78 07 00 0F FF 15", 281),
        ("length word below 22 (shorter form exists; 0 is MS-XCA's 32-bit escape)", "FF FF FF 7F 78 07 00 0F FF 00 00", 4),
        ("length word 21", "FF FF FF 7F 78 07 00 0F FF 15 00", 25),
        ("match longer than SizeActual", "FF FF FF 7F 78 07 00 0E", 24),
        ("literal beyond SizeActual", "FF FF FF 11 41 42 43 10 00 44 45 46", 8),
        ("fewer bytes than SizeActual", "FF FF FF 7F 78 07 00 0E", 26),
        ("SizeActual zero but a literal follows", "00 00 00 00 41", 0),
    ]

    @Test("corrupt streams are rejected with corruptCompressedStream", arguments: 0..<17)
    func rejectsCorrupt(index: Int) {
        let vector = Self.corruptStreams[index]
        do {
            _ = try LZ77.decompress(hex(vector.stream), expectedSize: vector.expectedSize)
            Issue.record("\(vector.name): accepted")
        } catch {
            #expect(error.kind == .corruptCompressedStream, "\(vector.name)")
        }
    }

    @Test("a negative expected size is rejected")
    func rejectsNegativeSize() {
        #expect(throws: WireError.self) { try LZ77.decompress(hex("FF FF FF FF"), expectedSize: -1) }
    }

    @Test("corrupt-stream errors point into the compressed input")
    func errorOffset() {
        do {
            _ = try LZ77.decompress(hex("FF FF FF 7F 78 08 00"), expectedSize: 4)
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 5)
            #expect(error.kind == .corruptCompressedStream)
        }
    }
}
