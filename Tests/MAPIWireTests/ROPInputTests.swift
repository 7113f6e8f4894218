import Testing
@testable import MAPIWire

@Suite("ROP input path: RPC_HEADER_EXT → RopBuffer → requests")
struct ROPInputTests {
    static func registerAndRelease() -> [UInt8] {
        var ropsList: [UInt8] = []
        RopRequest.registerNotification(RopRegisterNotificationRequest(
            logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: [.newMail, .objectCreated],
            scope: .wholeStore)).encode(into: &ropsList)
        RopRequest.release(RopReleaseRequest(logonID: 0, inputHandleIndex: 1)).encode(into: &ropsList)
        return ropsList
    }

    @Test("protocol-reference §9.4: the empty poll decodes to no requests and one handle")
    func emptyPoll() throws {
        let segments = try ROPInput.decode(rgbIn: hex("00 00 04 00 06 00 06 00 02 00 44 33 22 11"))
        #expect(segments.count == 1)
        #expect(segments[0].ropBuffer == RopBuffer(ropsList: [], handleTable: [0x1122_3344]))
        #expect(segments[0].requests.isEmpty)
    }

    @Test("requests in a compressed, XORed payload come out in order with their ranges")
    func compressedRequests() throws {
        let ropsList = Self.registerAndRelease() + Self.registerAndRelease() + Self.registerAndRelease()
        var payload: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: [0x1122_3344, RopBuffer.unusedHandle]).encode(into: &payload)
        var rgbIn: [UInt8] = []
        ExtendedBuffer.encode(payload: payload, compress: true, obfuscate: true, last: true, into: &rgbIn)
        let segments = try ROPInput.decode(rgbIn: rgbIn)
        #expect(segments.count == 1)
        #expect(segments[0].payload.header.flags == [.compressed, .xorMagic, .last])
        #expect(segments[0].requests.map(\.request.ropID) == [.registerNotification, .release, .registerNotification, .release, .registerNotification, .release])
        #expect(segments[0].requests.map { Array(ropsList[$0.range]) }.reduce([], +) == ropsList)
        #expect(segments[0].ropBuffer.handleTable == [0x1122_3344, RopBuffer.unusedHandle])
    }

    @Test("several payloads (packed upload form) each decode on their own")
    func chain() throws {
        var payload: [UInt8] = []
        RopBuffer(ropsList: Self.registerAndRelease(), handleTable: [7]).encode(into: &payload)
        var rgbIn: [UInt8] = []
        ExtendedBuffer.encode(payload: payload, compress: false, obfuscate: false, last: false, into: &rgbIn)
        ExtendedBuffer.encode(payload: payload, compress: true, obfuscate: true, last: true, into: &rgbIn)
        let segments = try ROPInput.decode(rgbIn: rgbIn)
        #expect(segments.map(\.requests.count) == [2, 2])
        #expect(segments.map(\.payload.headerOffset) == [0, 8 + payload.count])
    }

    @Test("errors from each layer propagate as WireError (→ ecRpcFormat)")
    func layeredErrors() {
        // RPC_HEADER_EXT layer.
        #expect(throws: WireError(offset: 0, field: "Version", kind: .invalidValue(1))) { try ROPInput.decode(rgbIn: hex("01 00 04 00 00 00 00 00")) }
        // RopBuffer layer: RopSize 1 is below its own size.
        #expect(throws: WireError(offset: 0, field: "RopSize", kind: .invalidValue(1))) { try ROPInput.decode(rgbIn: hex("00 00 04 00 02 00 02 00 01 00")) }
        // Request layer: a reserved RopId (MS-OXCROPS 2.2.2 assigns nothing to 0x62), whose length cannot be known.
        #expect(throws: WireError(offset: 0, field: "RopId", kind: .unknownRopId(0x62))) {
            try ROPInput.decode(rgbIn: hex("00 00 04 00 03 00 03 00 03 00 62"))
        }
        #expect(WireError(offset: 0, field: "RopId", kind: .unknownRopId(0x62)).errorCode == .rpcFormat)
    }

    @Test("random and mutated rgbIn: decode returns or throws WireError")
    func hostileBytes() throws {
        var generator = SplitMix64(seed: 0x0DDBA11)
        var payload: [UInt8] = []
        RopBuffer(ropsList: Self.registerAndRelease() + Self.registerAndRelease(), handleTable: [1, 2]).encode(into: &payload)
        var seeds: [[UInt8]] = []
        for flags in 0..<4 {
            var rgbIn: [UInt8] = []
            ExtendedBuffer.encode(payload: payload, compress: flags & 1 != 0, obfuscate: flags & 2 != 0, last: true, into: &rgbIn)
            seeds.append(rgbIn)
        }
        var decoded = 0
        for _ in 0..<3000 {
            var buffer = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                buffer[Int.random(in: 0..<buffer.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if let segments = try? ROPInput.decode(rgbIn: buffer) {
                decoded += 1
                for segment in segments {
                    var reencoded: [UInt8] = []
                    segment.ropBuffer.encode(into: &reencoded)
                    #expect(reencoded == segment.payload.bytes)
                }
            }
        }
        #expect(decoded > 0)
    }
}
