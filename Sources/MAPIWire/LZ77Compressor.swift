extension LZ77 {
    /// How many earlier positions with the same 3-byte hash the match finder tries. Payloads are at
    /// most 32 KB and on every request and response, so speed wins over the last percent of ratio.
    static let maximumChainLength = 16
    /// A match this long ends the search early: longer candidates gain little on ROP data.
    static let goodEnoughLength = 64

    /// Compresses `input` as LZ77 + DIRECT2 (MS-OXCRPC 3.1.4.1.1.2; protocol-reference §5.4,
    /// "Encoder"): greedy longest matches of 3…65,538 bytes within the previous 8,192 bytes, found
    /// through a hash chain; then the end marker and a final flag word filled with 1 bits.
    ///
    /// The result can be larger than the input (incompressible data); deciding whether to send it is
    /// the caller's job (``ExtendedBuffer/encode(payload:compress:obfuscate:last:into:)``).
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        let bound = compressedSizeBound(input.count)
        return [UInt8](unsafeUninitializedCapacity: bound) { destination, initializedCount in
            initializedCount = input.withUnsafeBufferPointer { source in
                deflate(source, into: destination.baseAddress!)
            }
        }
    }

    /// Appends the compressed form of `input` to `output` and returns its length. Writing in place
    /// spares an intermediate array when building an extended buffer.
    @discardableResult
    public static func compress(_ input: [UInt8], appendingTo output: inout [UInt8]) -> Int {
        let start = output.count
        let bound = compressedSizeBound(input.count)
        output.append(contentsOf: repeatElement(0, count: bound))
        let written = output.withUnsafeMutableBufferPointer { destination in
            input.withUnsafeBufferPointer { source in
                deflate(source, into: destination.baseAddress! + start)
            }
        }
        output.removeLast(bound - written)
        return written
    }

    /// The encoder. `destination` has room for ``compressedSizeBound(_:)`` bytes; returns how many it
    /// wrote.
    static func deflate(_ source: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>) -> Int {
        let count = source.count
        // Hash table sized to the input: small payloads (a handful of notifications) must not pay for
        // clearing a large table.
        var hashBits = 8
        while hashBits < 15 && (1 << hashBits) < count { hashBits += 1 }
        let hashSize = 1 << hashBits
        let windowMask = windowSize - 1

        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: hashSize + windowSize) { tables in
            // head[h]: the latest position whose 3 bytes hash to h; previous[p % window]: the position
            // before p with the same hash. -1 = none.
            let head = tables.baseAddress!
            let previous = head + hashSize
            head.initialize(repeating: -1, count: hashSize)
            // previous[] entries are always written before they are read.

            var writer = FlagWriter(destination: destination)
            guard let input = source.baseAddress, count > 0 else { return writer.finish() }

            @inline(__always) func hash(at position: Int) -> Int {
                let value = UInt32(input[position]) | UInt32(input[position + 1]) << 8 | UInt32(input[position + 2]) << 16
                return Int((value &* 2_654_435_761) >> UInt32(32 - hashBits))
            }
            @inline(__always) func insert(_ position: Int) {
                let bucket = hash(at: position)
                previous[position & windowMask] = head[bucket]
                head[bucket] = Int32(truncatingIfNeeded: position)
            }
            // Length of the common prefix of input[a...] and input[b...], a < b, at most `limit`.
            @inline(__always) func commonLength(_ a: Int, _ b: Int, limit: Int) -> Int {
                var length = 0
                while limit - length >= 8 {
                    let left = UnsafeRawPointer(input + a + length).loadUnaligned(as: UInt64.self)
                    let right = UnsafeRawPointer(input + b + length).loadUnaligned(as: UInt64.self)
                    let difference = left ^ right
                    if difference != 0 {
                        return length + (UInt64(littleEndian: difference).trailingZeroBitCount >> 3)
                    }
                    length += 8
                }
                while length < limit && input[a + length] == input[b + length] { length += 1 }
                return length
            }

            var position = 0
            while position < count {
                var bestLength = 0
                var bestDistance = 0
                let limit = min(maximumMatchLength, count - position)
                if limit >= minimumMatchLength {
                    var candidate = Int(head[hash(at: position)])
                    let oldest = position - windowSize
                    var chain = maximumChainLength
                    while candidate >= 0 && candidate >= oldest && chain > 0 {
                        // Only a candidate that also matches at index bestLength can beat the best.
                        if input[candidate + bestLength] == input[position + bestLength] || bestLength == 0 {
                            let length = commonLength(candidate, position, limit: limit)
                            if length > bestLength {
                                bestLength = length
                                bestDistance = position - candidate
                                if length == limit || length >= goodEnoughLength { break }
                            }
                        }
                        let next = Int(previous[candidate & windowMask])
                        // Entries older than the window may have been overwritten; chains only go back.
                        guard next < candidate else { break }
                        candidate = next
                        chain -= 1
                    }
                }
                if bestLength >= minimumMatchLength {
                    writer.match(distance: bestDistance, length: bestLength)
                    let end = position + bestLength
                    let lastHashable = count - minimumMatchLength
                    while position < end {
                        if position <= lastHashable { insert(position) }
                        position += 1
                    }
                } else {
                    writer.literal(input[position])
                    if limit >= minimumMatchLength { insert(position) }
                    position += 1
                }
            }
            return writer.finish()
        }
    }

    /// Writes elements and their flag words (MS-OXCRPC 3.1.4.1.1.2.2).
    struct FlagWriter {
        let destination: UnsafeMutablePointer<UInt8>
        var output = 4
        var flagWordOffset = 0
        var flags: UInt32 = 0
        var flagCount = 0
        /// The byte whose high nibble the next long match fills, -1 when none is waiting.
        var sharedNibbleOffset = -1

        init(destination: UnsafeMutablePointer<UInt8>) { self.destination = destination }

        @inline(__always) mutating func literal(_ byte: UInt8) {
            destination[output] = byte
            output += 1
            pushFlag(0)
        }

        @inline(__always) mutating func match(distance: Int, length: Int) {
            let lengthCode = length - 3
            let distanceBits = (distance - 1) << 3
            if lengthCode < 7 {
                writeUInt16(distanceBits | lengthCode)
            } else {
                writeUInt16(distanceBits | 7)
                let rest = lengthCode - 7
                let nibble = UInt8(min(rest, 15))
                if sharedNibbleOffset < 0 {
                    destination[output] = nibble
                    sharedNibbleOffset = output
                    output += 1
                } else {
                    destination[sharedNibbleOffset] |= nibble << 4
                    sharedNibbleOffset = -1
                }
                if rest >= 15 {
                    if rest - 15 < 255 {
                        destination[output] = UInt8(rest - 15)
                        output += 1
                    } else {
                        destination[output] = 255
                        output += 1
                        writeUInt16(lengthCode)
                    }
                }
            }
            pushFlag(1)
        }

        @inline(__always) mutating func writeUInt16(_ value: Int) {
            destination[output] = UInt8(truncatingIfNeeded: value)
            destination[output + 1] = UInt8(truncatingIfNeeded: value >> 8)
            output += 2
        }

        @inline(__always) mutating func pushFlag(_ bit: UInt32) {
            flags = flags << 1 | bit
            flagCount += 1
            if flagCount == 32 {
                storeFlags(flags)
                // The next flag word goes before the next element's bytes, even if that element is
                // only the end marker.
                flagWordOffset = output
                output += 4
                flags = 0
                flagCount = 0
            }
        }

        mutating func storeFlags(_ word: UInt32) {
            destination[flagWordOffset] = UInt8(truncatingIfNeeded: word)
            destination[flagWordOffset + 1] = UInt8(truncatingIfNeeded: word >> 8)
            destination[flagWordOffset + 2] = UInt8(truncatingIfNeeded: word >> 16)
            destination[flagWordOffset + 3] = UInt8(truncatingIfNeeded: word >> 24)
        }

        /// The end marker (a 1 bit) and 1s in every remaining bit of the last flag word
        /// (protocol-reference §5.4 Encoder step 4, §10 Q13). Returns the stream length.
        mutating func finish() -> Int {
            let used = flagCount
            let word = (used == 0 ? 0 : flags << UInt32(32 - used)) | (UInt32.max >> UInt32(used))
            storeFlags(word)
            return output
        }
    }
}
