import Testing
@testable import MAPIWire

@Suite("Extended buffers (MS-OXCRPC 2.2.2.1, 3.1.4.1.1)")
struct ExtendedBufferTests {
    // MARK: Reference buffers

    @Test("protocol-reference §9.4: empty poll rgbIn, one uncompressed payload flagged Last")
    func emptyPoll() throws {
        let payloads = try ExtendedBuffer.decodeChain(hex("00 00 04 00 06 00 06 00 02 00 44 33 22 11"))
        #expect(payloads == [ExtendedBuffer.Payload(
            header: RPCHeaderExt(flags: .last, size: 6, sizeActual: 6), headerOffset: 0, bytes: hex("02 00 44 33 22 11"))])
        var encoded: [UInt8] = []
        ExtendedBuffer.encode(payload: hex("02 00 44 33 22 11"), compress: true, obfuscate: false, last: true, into: &encoded)
        #expect(encoded == hex("00 00 04 00 06 00 06 00 02 00 44 33 22 11"), "6 bytes do not compress, so Compressed stays clear")
    }

    @Test("protocol-reference §9.4: notifications-only response (RopNotify TableChanged + RopPending)")
    func notificationsOnlyResponse() throws {
        let rgbOut = hex("00 00 04 00 13 00 13 00 0F 00 2A 03 00 00 00 00 00 01 01 00 6E 03 00 44 33 22 11")
        let payloads = try ExtendedBuffer.decodeChain(rgbOut)
        #expect(payloads.count == 1)
        let ropBuffer = try RopBuffer.decode(payloads[0].bytes)
        #expect(ropBuffer.handleTable == [0x1122_3344])
        let responses = try RopResponseReader.decodeAll(ropBuffer.ropsList).map(\.response)
        #expect(responses == [
            .notify(RopNotify(notificationHandle: 3, logonID: 0, notificationData: .tableEvent(.tableChanged, contents: false))),
            .pending(RopPending(sessionIndex: 3)),
        ])
    }

    @Test("protocol-reference §9.5 (\"x\" × 281) and §9.6: a compressed and XORed payload is un-XORed, then decompressed")
    func compressedAndObfuscated() throws {
        var payload = hex("FF FF FF 7F 78 07 00 0F FF 15 01")
        XorMagic.apply(to: &payload)
        #expect(payload == hex("5A 5A 5A DA DD A2 A5 AA 5A B0 A4"))
        let buffer = hex("00 00 07 00 0B 00 19 01") + payload
        let payloads = try ExtendedBuffer.decodeChain(buffer)
        #expect(payloads.map(\.bytes) == [[UInt8](repeating: 0x78, count: 281)])
        #expect(payloads[0].header.flags == [.compressed, .xorMagic, .last])
    }

    // MARK: Encoding

    @Test("encode compresses only when strictly smaller, XORs after compressing, sets Last on request")
    func encodeFlags() throws {
        let repetitive = [UInt8](repeating: 0x78, count: 281)
        var buffer: [UInt8] = []
        ExtendedBuffer.encode(payload: repetitive, compress: true, obfuscate: false, last: false, into: &buffer)
        #expect(buffer == hex("00 00 01 00 0B 00 19 01 FF FF FF 7F 78 07 00 0F FF 15 01"))

        buffer = []
        ExtendedBuffer.encode(payload: repetitive, compress: true, obfuscate: true, last: true, into: &buffer)
        var xored = hex("FF FF FF 7F 78 07 00 0F FF 15 01")
        XorMagic.apply(to: &xored)
        #expect(buffer == hex("00 00 07 00 0B 00 19 01") + xored)

        // "ABCABCDEF" compresses to 12 bytes, more than 9: sent as is.
        buffer = []
        ExtendedBuffer.encode(payload: Array("ABCABCDEF".utf8), compress: true, obfuscate: false, last: true, into: &buffer)
        #expect(buffer == hex("00 00 04 00 09 00 09 00") + Array("ABCABCDEF".utf8))

        buffer = []
        ExtendedBuffer.encode(payload: repetitive, compress: false, obfuscate: false, last: true, into: &buffer)
        #expect(buffer == hex("00 00 04 00 19 01 19 01") + repetitive)

        buffer = []
        ExtendedBuffer.encode(payload: [], compress: true, obfuscate: true, last: true, into: &buffer)
        #expect(buffer == hex("00 00 06 00 00 00 00 00"))
        #expect(try ExtendedBuffer.decodeChain(buffer).map(\.bytes) == [[]])
    }

    @Test("chains of payloads up to 32 KiB each round-trip, 0 B to 256 KiB in total", arguments: [0, 1, 100, 8192, 32768, 32769, 100_000, 262_144])
    func chainRoundTrip(total: Int) throws {
        var generator = SplitMix64(seed: UInt64(total) &+ 77)
        for shape in 0..<3 {
            let input: [UInt8] = switch shape {
            case 0: Samples.random(total, seed: generator.next())
            case 1: Samples.repetitive(total, seed: generator.next())
            default: Samples.ropNotifyList(total, seed: generator.next())
            }
            var pieces: [[UInt8]] = []
            var start = 0
            repeat {
                let length = min(input.count - start, Int.random(in: 1...ExtendedBuffer.maximumPayloadSize, using: &generator))
                pieces.append(Array(input[start..<start + length]))
                start += length
            } while start < input.count
            var buffer: [UInt8] = []
            var offsets: [Int] = []
            for (index, piece) in pieces.enumerated() {
                offsets.append(buffer.count)
                ExtendedBuffer.encode(payload: piece, compress: generator.next() & 1 == 0, obfuscate: generator.next() & 1 == 0,
                                      last: index == pieces.count - 1, into: &buffer)
            }
            let payloads = try ExtendedBuffer.decodeChain(buffer)
            #expect(payloads.map(\.bytes) == pieces)
            #expect(payloads.map(\.headerOffset) == offsets)
            #expect(payloads.dropLast().allSatisfy { !$0.header.flags.contains(.last) })
            #expect(payloads.last?.header.flags.contains(.last) == true)
            for payload in payloads where payload.header.flags.contains(.compressed) {
                #expect(payload.header.size < payload.header.sizeActual)
            }
        }
    }

    // MARK: Rejections

    private func expectRejected(_ buffer: [UInt8], _ expected: WireError, maximumPayloadSize: Int = 0x8000, maximumPayloadCount: Int = 96,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: expected, sourceLocation: sourceLocation) {
            try ExtendedBuffer.decodeChain(buffer, maximumPayloadSize: maximumPayloadSize, maximumPayloadCount: maximumPayloadCount)
        }
    }

    @Test("an empty buffer has no Last header")
    func rejectsEmpty() {
        expectRejected([], WireError(offset: 0, field: "RPC_HEADER_EXT", kind: .truncated(needed: 8, available: 0)))
    }

    @Test("a chain that ends without Last")
    func rejectsMissingLast() {
        expectRejected(hex("00 00 00 00 02 00 02 00 AA BB"), WireError(offset: 10, field: "RPC_HEADER_EXT", kind: .truncated(needed: 8, available: 0)))
        expectRejected(hex("00 00 00 00 01 00 01 00 AA 00 00 00 00 00 00 00 00"),
                       WireError(offset: 17, field: "RPC_HEADER_EXT", kind: .truncated(needed: 8, available: 0)))
        expectRejected(hex("00 00 00 00 01 00 01 00 AA 00 00"),
                       WireError(offset: 9, field: "RPC_HEADER_EXT", kind: .truncated(needed: 8, available: 2)))
    }

    @Test("bytes after the Last payload")
    func rejectsTrailingBytes() {
        expectRejected(hex("00 00 04 00 02 00 02 00 AA BB CC"), WireError(offset: 10, field: "extended buffer", kind: .trailingBytes(1)))
        expectRejected(hex("00 00 04 00 00 00 00 00 00 00 04 00 00 00 00 00"),
                       WireError(offset: 8, field: "extended buffer", kind: .trailingBytes(8)))
    }

    @Test("Size larger than what remains")
    func rejectsOversizedSize() {
        expectRejected(hex("00 00 04 00 05 00 05 00 AA BB"), WireError(offset: 8, field: "payload", kind: .truncated(needed: 5, available: 2)))
    }

    @Test("Size / SizeActual inconsistent with Compressed (via RPCHeaderExt rules)")
    func rejectsInconsistentSizes() {
        expectRejected(hex("00 00 04 00 02 00 03 00 AA BB"), WireError(offset: 6, field: "SizeActual", kind: .invalidValue(3)))
        expectRejected(hex("00 00 05 00 02 00 02 00 AA BB"), WireError(offset: 4, field: "Size", kind: .invalidValue(2)))
    }

    @Test("Version other than 0 and unknown flag bits")
    func rejectsHeaderFields() {
        expectRejected(hex("02 00 04 00 00 00 00 00"), WireError(offset: 0, field: "Version", kind: .invalidValue(2)))
        expectRejected(hex("00 00 0C 00 00 00 00 00"), WireError(offset: 2, field: "Flags", kind: .invalidValue(0x0C)))
    }

    @Test("SizeActual above the 32 KB payload limit (MS-OXCRPC 3.1.4.1.1), or a configured lower one")
    func rejectsOversizedPayload() {
        let big = [UInt8](repeating: 0, count: 0x8001)
        expectRejected(hex("00 00 04 00 01 80 01 80") + big, WireError(offset: 6, field: "SizeActual", kind: .limitExceeded(limit: 0x8000, actual: 0x8001)))
        // Compressed: the limit applies to SizeActual even though Size is small.
        expectRejected(hex("00 00 05 00 08 00 00 90 FF FF FF 7F 78 07 00 0E"),
                       WireError(offset: 6, field: "SizeActual", kind: .limitExceeded(limit: 0x8000, actual: 0x9000)))
        expectRejected(hex("00 00 04 00 06 00 06 00 02 00 44 33 22 11"),
                       WireError(offset: 6, field: "SizeActual", kind: .limitExceeded(limit: 4, actual: 6)), maximumPayloadSize: 4)
        let exactlyMaximum = ExtendedBufferTests.encoded([UInt8](repeating: 1, count: 0x8000), compress: false)
        #expect((try? ExtendedBuffer.decodeChain(exactlyMaximum))?.first?.bytes.count == 0x8000)
    }

    @Test("decompressed length differs from SizeActual; corrupt payloads report offsets within the buffer")
    func rejectsWrongDecompressedLength() {
        // "x" × 25 stream declared as 30 bytes.
        expectRejected(hex("00 00 05 00 08 00 1E 00 FF FF FF 7F 78 07 00 0E"),
                       WireError(offset: 16, field: "compressed payload", kind: .corruptCompressedStream))
        // The same stream declared as 20 bytes: the match overruns.
        expectRejected(hex("00 00 05 00 08 00 14 00 FF FF FF 7F 78 07 00 0E"),
                       WireError(offset: 13, field: "match length", kind: .corruptCompressedStream))
        // XORed payload that is garbage once restored.
        expectRejected(hex("00 00 07 00 02 00 09 00 A5 A5"), WireError(offset: 8, field: "flags", kind: .corruptCompressedStream))
    }

    @Test("more payloads than the limit (96 by default, MS-OXCRPC 3.1.4.2.1.2.2)")
    func rejectsTooManyPayloads() throws {
        func chain(_ count: Int) -> [UInt8] {
            var buffer: [UInt8] = []
            for index in 0..<count {
                ExtendedBuffer.encode(payload: [UInt8(index)], compress: false, obfuscate: false, last: index == count - 1, into: &buffer)
            }
            return buffer
        }
        #expect(try ExtendedBuffer.decodeChain(chain(96)).count == 96)
        expectRejected(chain(97), WireError(offset: 96 * 9, field: "RPC_HEADER_EXT", kind: .limitExceeded(limit: 96, actual: 97)))
        expectRejected(chain(3), WireError(offset: 18, field: "RPC_HEADER_EXT", kind: .limitExceeded(limit: 2, actual: 3)), maximumPayloadCount: 2)
    }

    @Test("random and mutated buffers: decodeChain returns or throws WireError, and what it returns is consistent")
    func hostileBytes() {
        var generator = SplitMix64(seed: 0xBAD_B17E5)
        var valid: [[UInt8]] = []
        for index in 0..<8 {
            var buffer: [UInt8] = []
            let pieces = 1 + index % 3
            for piece in 0..<pieces {
                let payload = index % 2 == 0 ? Samples.ropNotifyList(300 + 50 * index, seed: UInt64(index)) : Samples.repetitive(500, seed: UInt64(index))
                ExtendedBuffer.encode(payload: payload, compress: piece != 1, obfuscate: index % 3 == 0, last: piece == pieces - 1, into: &buffer)
            }
            valid.append(buffer)
        }
        var accepted = 0
        for iteration in 0..<3000 {
            var buffer: [UInt8]
            if iteration % 4 == 0 {
                buffer = generator.bytes(Int.random(in: 0...64, using: &generator))
                if buffer.count >= 4, generator.next() & 1 == 0 { buffer[0] = 0; buffer[1] = 0; buffer[2] = UInt8(generator.next() & 7); buffer[3] = 0 }
            } else {
                buffer = valid[Int.random(in: 0..<valid.count, using: &generator)]
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: buffer[Int.random(in: 0..<buffer.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                    case 1: buffer[Int.random(in: 0..<buffer.count, using: &generator)] ^= 1 << UInt8.random(in: 0...7, using: &generator)
                    case 2: buffer.removeLast(Int.random(in: 0...min(8, buffer.count - 1), using: &generator))
                    default: buffer.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...buffer.count, using: &generator))
                    }
                }
            }
            do {
                let payloads = try ExtendedBuffer.decodeChain(buffer)
                accepted += 1
                #expect(payloads.allSatisfy { $0.bytes.count == Int($0.header.sizeActual) })
                #expect(payloads.last?.header.flags.contains(.last) == true)
            } catch {
                #expect(error.offset >= 0 && error.offset <= buffer.count, "\(error)")
            }
        }
        #expect(accepted > 0, "some mutations (e.g. of literal bytes) still decode")
    }

    static func encoded(_ payload: [UInt8], compress: Bool) -> [UInt8] {
        var buffer: [UInt8] = []
        ExtendedBuffer.encode(payload: payload, compress: compress, obfuscate: false, last: true, into: &buffer)
        return buffer
    }
}
