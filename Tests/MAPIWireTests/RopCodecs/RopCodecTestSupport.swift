import MAPIWire
import Testing

/// Hex of a FID/MID with ReplicaId 1 and GlobalCounter `counter` (MS-OXCDATA 2.2.1.1; counter
/// big-endian, rop-reference §3.7).
func fidHex(_ counter: UInt8) -> String { "01 00 00 00 00 00 00 \(hexString([counter]))" }

func makeFID(_ counter: UInt64) -> ObjectID { ObjectID(replicaID: 1, globalCounter: counter) }

/// Decodes `bytes` as `R`, checks that the decode consumed everything, that re-encoding gives the same
/// bytes, that the RopRequest dispatch gives the same value, and that every strict prefix throws.
@discardableResult
func expectRequestRoundTrip<R: RopRequestCodec>(
    _: R.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> R {
    let bytes = hex(text)
    var reader = ByteReader(bytes)
    let value = try R.decode(from: &reader)
    #expect(reader.isAtEnd, "decode left \(reader.remaining) bytes", sourceLocation: sourceLocation)
    var encoded: [UInt8] = []
    value.encode(into: &encoded)
    #expect(hexString(encoded) == hexString(bytes), sourceLocation: sourceLocation)
    var dispatchReader = ByteReader(bytes)
    let dispatched = try RopRequest.decode(from: &dispatchReader)
    var dispatchedBytes: [UInt8] = []
    dispatched.encode(into: &dispatchedBytes)
    #expect(dispatched.ropID == R.ropID && dispatchedBytes == bytes, sourceLocation: sourceLocation)
    expectPrefixesThrow(bytes, sourceLocation: sourceLocation) { reader throws(WireError) in _ = try R.decode(from: &reader) }
    return value
}

/// As ``expectRequestRoundTrip(_:_:sourceLocation:)`` for responses, through ``RopResponse`` as well.
@discardableResult
func expectResponseRoundTrip<R: RopResponseCodec>(
    _: R.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> R {
    let bytes = hex(text)
    var reader = ByteReader(bytes)
    let value = try R.decode(from: &reader)
    #expect(reader.isAtEnd, "decode left \(reader.remaining) bytes", sourceLocation: sourceLocation)
    var encoded: [UInt8] = []
    value.encode(into: &encoded)
    #expect(hexString(encoded) == hexString(bytes), sourceLocation: sourceLocation)
    var dispatchReader = ByteReader(bytes)
    let dispatched = try RopResponse.decode(from: &dispatchReader)
    var dispatchedBytes: [UInt8] = []
    dispatched.encode(into: &dispatchedBytes)
    #expect(dispatched.ropID == R.ropID && dispatchedBytes == bytes, sourceLocation: sourceLocation)
    expectPrefixesThrow(bytes, sourceLocation: sourceLocation) { reader throws(WireError) in _ = try R.decode(from: &reader) }
    return value
}

@discardableResult
func expectColumnResponseRoundTrip<R: RopColumnDependentResponseCodec>(
    _: R.Type, columns: [PropertyTag], _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> R {
    let bytes = hex(text)
    var reader = ByteReader(bytes)
    let value = try R.decode(from: &reader, columns: columns)
    #expect(reader.isAtEnd, "decode left \(reader.remaining) bytes", sourceLocation: sourceLocation)
    var encoded: [UInt8] = []
    value.encode(into: &encoded)
    #expect(hexString(encoded) == hexString(bytes), sourceLocation: sourceLocation)
    expectPrefixesThrow(bytes, sourceLocation: sourceLocation) { reader throws(WireError) in
        _ = try R.decode(from: &reader, columns: columns)
    }
    return value
}

/// Every strict prefix of a well-formed structure is truncated: decoding it must throw, never trap.
func expectPrefixesThrow(
    _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation,
    _ decode: (inout ByteReader) throws(WireError) -> Void
) {
    for cut in 0..<bytes.count {
        var reader = ByteReader(Array(bytes[0..<cut]))
        #expect(throws: WireError.self, "prefix of \(cut) bytes", sourceLocation: sourceLocation) { try decode(&reader) }
    }
}

/// Deterministic generator for the fuzz tests (SplitMix64 algorithm).
struct RopFuzzRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

// Property tags used by the vectors (MS-OXPROPS).
let ropTagSubject = PropertyTag(0x0037_001F)
let ropTagMid = PropertyTag(0x674A_0014)
let ropTagMessageFlags = PropertyTag(0x0E07_0003)
let ropTagObjectType = PropertyTag(0x0FFE_0003)
