import MAPIInspect
import MAPIWire
import Testing

/// A tiny seeded PRNG so the tests are reproducible (SplitMix64, Steele et al. 2014).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hostile input to `herald decode`: a WireError or a document, never a crash; every document
/// serializes and renders as text, and a fixed eighth of them (Foundation's parser is slow) are
/// parsed back by Foundation to the same value.
@Suite("Inspector robustness")
struct InspectorRobustnessTests {
    static func inspectEverything(_ bytes: [UInt8]) {
        for input in [Inspector.Input.ropsList, .extendedBuffer] {
            for direction in [Inspector.Direction.request, .response, nil] {
                guard let inspection = try? Inspector.inspect(bytes, input: input, direction: direction) else { continue }
                let json = inspection.json
                let serialized = json.serialized()
                if bytes.reduce(0, { $0 &+ Int($1) }) % 8 == 0 {
                    #expect((try? JSONText.parse(serialized)) == JSON(json), "JSON of \(bytes)")
                }
                #expect(!inspection.text.isEmpty)
            }
        }
        if let node = try? Inspector.describeNotificationData(bytes) {
            #expect(!node.json.serialized(pretty: false).isEmpty)
            #expect(!node.text().isEmpty)
        }
    }

    @Test("every bit flip, truncation and extension of the golden vectors", arguments: GoldenVector.all.filter { !$0.kind.hasPrefix("mapihttp") })
    func mutatedGoldenVectors(_ vector: GoldenVector) {
        let bytes = vector.bytes
        var generator = SplitMix64(seed: UInt64(bytes.count) &+ 0x1D)
        for index in bytes.indices {
            for bit in [0, 3, 7] {
                var flipped = bytes
                flipped[index] ^= 1 << bit
                Self.inspectEverything(flipped)
            }
        }
        for length in 0..<bytes.count { Self.inspectEverything(Array(bytes[0..<length])) }
        for _ in 0..<4 {
            Self.inspectEverything(bytes + (0..<Int.random(in: 1...8, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
    }

    @Test("random bytes that start like a ROP or an RPC_HEADER_EXT")
    func randomBytes() {
        var generator = SplitMix64(seed: 0xDEC0DE)
        for _ in 0..<1000 {
            var bytes = (0..<Int.random(in: 0...48, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if bytes.count > 8, generator.next() % 2 == 0 {
                // Version 0, Last, Size = SizeActual = the rest: get past the header into the ROPs.
                let size = UInt8(bytes.count - 8)
                bytes.replaceSubrange(0..<8, with: [0, 0, 4, 0, size, 0, size, 0])
            } else if !bytes.isEmpty {
                bytes[0] = [0x01, 0x29, 0x2A, 0x6E, 0xF9, 0xFF].randomElement(using: &generator)!
            }
            Self.inspectEverything(bytes)
        }
    }
}
