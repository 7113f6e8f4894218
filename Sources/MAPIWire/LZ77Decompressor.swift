extension LZ77 {
    /// Decompresses an LZ77 + DIRECT2 stream (MS-OXCRPC 3.1.4.1.1.2; protocol-reference §5.4,
    /// "Decoder") that must expand to exactly `expectedSize` bytes — the SizeActual of its
    /// RPC_HEADER_EXT.
    ///
    /// The output is allocated once, `expectedSize` bytes, and never grows: a stream that would write
    /// more, refers back before the start of the output, ends inside a flag word, metadata or length
    /// extension, or expands to fewer bytes, is rejected with ``WireError/Kind/corruptCompressedStream``
    /// whose offset points into `input`. Callers bound `expectedSize` (SizeActual is at most 0xFFFF;
    /// ``ExtendedBuffer/decodeChain(_:maximumPayloadSize:maximumPayloadCount:)`` caps it at 32 KB).
    public static func decompress(_ input: [UInt8], expectedSize: Int) throws(WireError) -> [UInt8] {
        guard expectedSize >= 0 else {
            throw WireError(offset: 0, field: "SizeActual", kind: .invalidValue(UInt64(bitPattern: Int64(expectedSize))))
        }
        var failure: (offset: Int, field: String)?
        let output = [UInt8](unsafeUninitializedCapacity: expectedSize) { destination, initializedCount in
            let outcome = input.withUnsafeBufferPointer { source in
                inflate(source, into: destination)
            }
            initializedCount = outcome.written
            failure = outcome.failure
        }
        if let failure {
            throw WireError(offset: failure.offset, field: failure.field, kind: .corruptCompressedStream)
        }
        guard output.count == expectedSize else {
            throw WireError(offset: input.count, field: "compressed payload", kind: .corruptCompressedStream)
        }
        return output
    }

    /// The decoder loop. Returns how many bytes it wrote to `destination` and, for a corrupt stream,
    /// where in `source` it gave up.
    @inline(__always)
    static func inflate(
        _ source: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutableBufferPointer<UInt8>
    ) -> (written: Int, failure: (offset: Int, field: String)?) {
        let inputCount = source.count
        let capacity = destination.count
        var input = 0
        var output = 0
        var flags: UInt32 = 0
        var flagsLeft = 0
        // The byte whose high nibble the next "length ≥ 10" match uses (MS-OXCRPC 3.1.4.1.1.2.2.4).
        var sharedNibbleIndex = -1

        @inline(__always) func readUInt16(at index: Int) -> Int {
            Int(source[index]) | Int(source[index + 1]) << 8
        }

        while true {
            if flagsLeft == 0 {
                guard inputCount - input >= 4 else { return (output, (input, "flags")) }
                flags = UInt32(source[input]) | UInt32(source[input + 1]) << 8
                    | UInt32(source[input + 2]) << 16 | UInt32(source[input + 3]) << 24
                input += 4
                flagsLeft = 32
            }
            flagsLeft -= 1
            if flags & (1 << UInt32(flagsLeft)) == 0 {
                guard input < inputCount else { return (output, (input, "literal")) }
                guard output < capacity else { return (output, (input, "literal")) }
                destination[output] = source[input]
                input += 1
                output += 1
                continue
            }
            // A set flag with no input left is the end of the stream.
            if input == inputCount { return (output, nil) }
            let metadataOffset = input
            guard inputCount - input >= 2 else { return (output, (input, "match metadata")) }
            let metadata = readUInt16(at: input)
            input += 2
            let distance = (metadata >> 3) + 1
            var length = metadata & 7
            if length == 7 {
                let nibble: Int
                if sharedNibbleIndex < 0 {
                    guard input < inputCount else { return (output, (input, "match length nibble")) }
                    nibble = Int(source[input] & 0x0F)
                    sharedNibbleIndex = input
                    input += 1
                } else {
                    nibble = Int(source[sharedNibbleIndex] >> 4)
                    sharedNibbleIndex = -1
                }
                if nibble == 15 {
                    guard input < inputCount else { return (output, (input, "match length byte")) }
                    let lengthByte = Int(source[input])
                    input += 1
                    if lengthByte == 255 {
                        guard inputCount - input >= 2 else { return (output, (input, "match length word")) }
                        let word = readUInt16(at: input)
                        // Lengths below 25 have shorter forms; MS-XCA 2.4.4 rejects the long form
                        // for them (and uses 0 as its 32-bit escape, which MS-OXCRPC lacks).
                        guard word >= 22 else { return (output, (input, "match length word")) }
                        input += 2
                        length = word + 3
                    } else {
                        length = lengthByte + 25
                    }
                } else {
                    length = nibble + 10
                }
            } else {
                length += 3
            }
            guard distance <= output else { return (output, (metadataOffset, "match distance")) }
            guard length <= capacity - output else { return (output, (metadataOffset, "match length")) }
            copyMatch(in: destination, at: output, distance: distance, length: length)
            output += length
        }
    }

    /// Copies `length` bytes from `distance` bytes back. When the match overlaps its own output
    /// (distance < length) the pattern repeats, so it is copied in pieces no longer than the distance
    /// (source and destination of one piece never overlap).
    @inline(__always)
    static func copyMatch(in buffer: UnsafeMutableBufferPointer<UInt8>, at position: Int, distance: Int, length: Int) {
        guard let base = buffer.baseAddress else { return }
        let target = base + position
        if distance == 1 {
            target.initialize(repeating: target[-1], count: length)
        } else if distance < 8 {
            for index in 0..<length { target[index] = target[index - distance] }
        } else {
            var copied = 0
            while copied < length {
                let piece = min(length - copied, distance)
                (target + copied).initialize(from: target + copied - distance, count: piece)
                copied += piece
            }
        }
    }
}
