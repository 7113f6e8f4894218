import Testing
@testable import MAPIWire

@Suite("RPC_HEADER_EXT (MS-OXCRPC 2.2.2.1)")
struct RPCHeaderExtTests {
    private func decode(_ text: String) throws(WireError) -> RPCHeaderExt {
        var reader = ByteReader(hex(text))
        return try RPCHeaderExt.decode(from: &reader)
    }

    @Test("protocol-reference §9.4: Version 0, Flags Last, Size 6, SizeActual 6")
    func referenceHeader() throws {
        let header = try decode("00 00 04 00 06 00 06 00")
        #expect(header == RPCHeaderExt(version: 0, flags: .last, size: 6, sizeActual: 6))
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        #expect(bytes == hex("00 00 04 00 06 00 06 00"))
        #expect(bytes.count == RPCHeaderExt.encodedSize)
    }

    @Test("flag values: Compressed 0x0001, XorMagic 0x0002, Last 0x0004")
    func flagValues() throws {
        #expect(RPCHeaderExt.Flags.compressed.rawValue == 0x0001)
        #expect(RPCHeaderExt.Flags.xorMagic.rawValue == 0x0002)
        #expect(RPCHeaderExt.Flags.last.rawValue == 0x0004)
        let header = try decode("00 00 07 00 10 00 20 00")
        #expect(header.flags == [.compressed, .xorMagic, .last])
        #expect(header.size == 0x10 && header.sizeActual == 0x20)
    }

    @Test("Version MUST be 0x0000")
    func rejectsVersion() {
        #expect(throws: WireError(offset: 0, field: "Version", kind: .invalidValue(1))) { try decode("01 00 04 00 06 00 06 00") }
    }

    @Test("flag bits other than 0x0007 are rejected", arguments: [UInt16(0x0008), 0x0010, 0x0100, 0x8000, 0xFFFF])
    func rejectsUnknownFlags(flags: UInt16) {
        var bytes: [UInt8] = [0, 0]
        bytes.appendUInt16(flags)
        bytes += hex("06 00 06 00")
        var reader = ByteReader(bytes)
        #expect(throws: WireError(offset: 2, field: "Flags", kind: .invalidValue(UInt64(flags)))) {
            try RPCHeaderExt.decode(from: &reader)
        }
    }

    @Test("without Compressed, Size MUST equal SizeActual")
    func rejectsUncompressedSizeMismatch() {
        #expect(throws: WireError(offset: 6, field: "SizeActual", kind: .invalidValue(7))) { try decode("00 00 04 00 06 00 07 00") }
        #expect(throws: WireError(offset: 6, field: "SizeActual", kind: .invalidValue(5))) { try decode("00 00 06 00 06 00 05 00") }
    }

    @Test("with Compressed, Size MUST be less than SizeActual")
    func rejectsCompressedSizeNotSmaller() throws {
        #expect(throws: WireError(offset: 4, field: "Size", kind: .invalidValue(6))) { try decode("00 00 05 00 06 00 06 00") }
        #expect(throws: WireError(offset: 4, field: "Size", kind: .invalidValue(7))) { try decode("00 00 01 00 07 00 06 00") }
        _ = try decode("00 00 05 00 05 00 06 00")
    }

    @Test("a header shorter than 8 bytes is truncated")
    func rejectsTruncated() {
        #expect(throws: WireError(offset: 0, field: "RPC_HEADER_EXT", kind: .truncated(needed: 8, available: 7))) {
            try decode("00 00 04 00 06 00 06")
        }
    }
}
