import Testing
import MAPIWire
@testable import DCERPC

/// Hand-derived from C706 14.2.2 (alignment relative to the stub start), 14.3.3.4 (conformant-varying
/// arrays: max_count, offset, actual_count) and 14.3.4 (strings carry their terminator).
@Suite struct NDRTests {
    @Test func alignmentAndPrimitives() throws {
        var writer = NDRWriter()
        writer.writeUInt8(1)
        writer.writeUInt16(0x0203)     // pad 1
        writer.writeUInt32(0x0405_0607)
        writer.writeUInt8(8)
        writer.writeUInt64(0x1122_3344_5566_7788)  // pad 7 to offset 16
        #expect(writer.bytes == hex("01 00 03 02 07 06 05 04 08 00 00 00 00 00 00 00 88 77 66 55 44 33 22 11"))
        var reader = NDRReader(writer.bytes)
        #expect(try reader.readUInt8("a") == 1)
        #expect(try reader.readUInt16("b") == 0x0203)
        #expect(try reader.readUInt32("c") == 0x0405_0607)
        #expect(try reader.readUInt8("d") == 8)
        #expect(try reader.readUInt64("e") == 0x1122_3344_5566_7788)
        try reader.finish("end")
    }

    @Test func stringsAndPointers() throws {
        var writer = NDRWriter()
        writer.writeReferentID()
        writer.writeString(Array("ab".utf8))
        writer.writeReferentID()
        writer.writeWideString(Array("hé".utf16))
        writer.writeNullPointer()
        #expect(writer.bytes == hex("""
            00 00 02 00  03 00 00 00 00 00 00 00 03 00 00 00  61 62 00  00
            04 00 02 00  03 00 00 00 00 00 00 00 03 00 00 00  68 00 E9 00 00 00  00 00
            00 00 00 00
            """))
        var reader = NDRReader(writer.bytes)
        #expect(try reader.readReferentID("p") == 0x20000)
        #expect(try reader.readString("s", limit: 10) == Array("ab".utf8))
        #expect(try reader.readReferentID("q") == 0x20004)
        #expect(try reader.readWideString("w", limit: 10) == Array("hé".utf16))
        #expect(try reader.readReferentID("n") == 0)
        try reader.finish("end")
    }

    @Test func malformedArraysAndStrings() {
        func fails(_ bytes: [UInt8], _ body: (inout NDRReader) throws(WireError) -> Void) -> Bool {
            var reader = NDRReader(bytes)
            do { try body(&reader); return false } catch { return true }
        }
        // offset ≠ 0
        #expect(fails(hex("02 00 00 00 01 00 00 00 01 00 00 00 41")) { r throws(WireError) in _ = try r.readConformantVaryingBytes("x", limit: 9) })
        // actual_count > max_count
        #expect(fails(hex("01 00 00 00 00 00 00 00 02 00 00 00 41 00")) { r throws(WireError) in _ = try r.readConformantVaryingBytes("x", limit: 9) })
        // max_count above the limit, before any allocation
        #expect(fails(hex("FF FF FF FF")) { r throws(WireError) in _ = try r.readConformantBytes("x", limit: 0x1008) })
        // string without terminator / with an embedded NUL
        #expect(fails(hex("02 00 00 00 00 00 00 00 02 00 00 00 41 42")) { r throws(WireError) in _ = try r.readString("s", limit: 9) })
        #expect(fails(hex("03 00 00 00 00 00 00 00 03 00 00 00 41 00 00")) { r throws(WireError) in _ = try r.readString("s", limit: 9) })
        // empty string (actual_count 0: no terminator at all)
        #expect(fails(hex("00 00 00 00 00 00 00 00 00 00 00 00")) { r throws(WireError) in _ = try r.readString("s", limit: 9) })
        // trailing bytes
        #expect(fails(hex("01 00 00 00 FF")) { r throws(WireError) in _ = try r.readUInt32("x"); try r.finish("end") })
    }

    @Test func contextHandleWireForm() throws {
        var writer = NDRWriter()
        writer.writeUInt8(0xEE)
        writer.writeContextHandle(testHandle)   // aligned to 4
        #expect(writer.bytes.count == 24 && Array(writer.bytes[4..<8]) == [0, 0, 0, 0] && Array(writer.bytes[8...]) == Array(0x10..<0x20))
        let random = ContextHandle.random()
        #expect(random.uuid.array[7] >> 4 == 4 && random.uuid.array[8] >> 6 == 2)  // version 4, RFC 4122 variant
        #expect(random != ContextHandle.random())
    }

    /// MS-RPCE 2.2.2.13: a verification trailer after the NDR data is tolerated, other trailing bytes are not.
    @Test func verificationTrailerIsIgnored() throws {
        var stub = EcDoAsyncWaitExRequest(asyncHandle: testHandle).encode()   // 24 bytes, already 4-aligned
        stub += NDRReader.verificationTrailerSignature
        stub += hex("01 40 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")  // command bytes (not interpreted)
        #expect(try EcDoAsyncWaitExRequest.decode(stub) == EcDoAsyncWaitExRequest(asyncHandle: testHandle))
        var dummy = [UInt8](repeating: 0, count: 0) + NDRReader.verificationTrailerSignature
        #expect(throws: Never.self) { try EcDummyRpc.decode(dummy) }
        dummy[0] ^= 1
        #expect(throws: StubFault.self) { try EcDummyRpc.decode(dummy) }
        // A 2-byte stub needs 2 bytes of padding before the trailer.
        var reader = NDRReader(hex("AA BB 00 00") + NDRReader.verificationTrailerSignature)
        _ = try reader.readUInt16("x")
        try reader.finish("end")
    }
}
