import Testing
@testable import MAPIWire

/// Encoders whose count field is narrower than the collection they are given must write as many
/// entries as the count says, so the output still decodes (found by the notification property tests'
/// review; before the fix the count wrapped modulo 2^8 / 2^16 while more entries were written).
@Suite("Encoders keep count fields and entries in agreement")
struct EncoderCountTests {
    @Test("RopBackoff with 256 BackoffRopData entries writes BackoffRopCount 255 and 255 entries (MS-OXCROPS 2.2.15.2.1)")
    func backoffRopCount() throws {
        let rops = (0..<256).map { RopBackoff.BackoffRop(ropID: RopID(UInt8(truncatingIfNeeded: $0)), duration: UInt32($0)) }
        let backoff = RopBackoff(logonID: 0, duration: 1000, backoffRops: rops)
        var encoded: [UInt8] = []
        backoff.encode(into: &encoded)
        #expect(encoded[6] == 255)
        #expect(encoded.count == 7 + 255 * 5 + 2)
        let decoded = try RopResponseReader.decodeAll(encoded)
        #expect(decoded.map(\.response) == [.backoff(RopBackoff(logonID: 0, duration: 1000, backoffRops: Array(rops.prefix(255))))])
    }

    @Test("a PtypBinary value over 65,535 bytes is written with count 65,535 and 65,535 bytes (MS-OXCDATA 2.11.1.1)")
    func binaryCount() throws {
        let value = PropertyValue.binary([UInt8](repeating: 0xAB, count: 0x1_0000))
        var encoded: [UInt8] = []
        value.encode(into: &encoded)
        #expect(encoded.count == 2 + 0xFFFF)
        #expect(encoded[0] == 0xFF && encoded[1] == 0xFF)
        #expect(value.encodedSize == encoded.count)
        var reader = ByteReader(encoded)
        #expect(try PropertyValue.decode(type: .binary, from: &reader) == .binary([UInt8](repeating: 0xAB, count: 0xFFFF)))
        #expect(reader.isAtEnd)
    }
}
