import Testing
@testable import MAPIWire

@Suite("ByteWriter little-endian appends")
struct ByteWriterTests {
    @Test("u16, u32, u64 append little-endian after existing bytes; set overwrites in place")
    func appends() {
        var bytes: [UInt8] = [0xEE]
        bytes.appendUInt16(0x1234)
        bytes.appendUInt32(0x89AB_CDEF)
        bytes.appendUInt64(0x0102_0304_0506_0708)
        bytes.appendUInt8(0x7F)
        #expect(bytes == hex("EE 34 12 EF CD AB 89 08 07 06 05 04 03 02 01 7F"))
        bytes.setUInt16(0xBEEF, at: 1)
        bytes.setUInt32(0x0A0B_0C0D, at: 3)
        #expect(bytes == hex("EE EF BE 0D 0C 0B 0A 08 07 06 05 04 03 02 01 7F"))
    }

    @Test("protocol-reference §9.4: RopNotify TableChanged on handle 3 encodes to its 10 bytes")
    func ropNotify() {
        var bytes: [UInt8] = []
        RopNotify(notificationHandle: 3, logonID: 0, notificationData: .tableEvent(.tableChanged, contents: false)).encode(into: &bytes)
        #expect(bytes == hex("2A 03 00 00 00 00 00 01 01 00"))
    }
}
