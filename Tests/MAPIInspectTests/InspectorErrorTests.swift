import MAPIInspect
import MAPIWire
import Testing

/// Malformed input: one WireError whose description is the line `herald decode` prints after
/// `error: `, with the offset of the offending byte in the input.
@Suite("Inspector errors and hex input")
struct InspectorErrorTests {
    func error(_ hexText: String, _ input: Inspector.Input, _ direction: Inspector.Direction?) -> String? {
        let bytes = try! HexInput.parse(hexText)
        do {
            _ = try Inspector.inspect(bytes, input: input, direction: direction)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a truncated RopNotify names NotificationHandle at offset 1")
    func truncatedNotify() {
        #expect(error("2A 03 00", .ropsList, .response) == "offset 1 (0x1): NotificationHandle: truncated: needs 4 bytes, 2 left")
    }

    @Test("an unknown RopId in the middle of a RopsList is reported at its own offset")
    func unknownRopInList() {
        #expect(error("6E 03 00 6E 04 00 62", .ropsList, .response) == "offset 6 (0x6): RopId: unknown RopId 0x62")
        #expect(error("01 00 01 6E 03 00", .ropsList, .request) == "offset 3 (0x3): RopId: unknown RopId 0x6E")
    }

    @Test("RPC_HEADER_EXT with Version 1 (MS-OXCRPC 2.2.2.1)")
    func badVersion() {
        #expect(error("0100 0400 0000 0000", .extendedBuffer, .response) == "offset 0 (0x0): Version: invalid value 0x1")
    }

    @Test("errors inside an uncompressed payload are located in the whole buffer")
    func payloadOffsets() {
        // RopSize 5, RopsList 62 00 00 (0x62 is a reserved RopId): the RopId sits at payload offset 2, buffer offset 10.
        #expect(error("0000 0400 0500 0500 0500 620000", .extendedBuffer, .response) == "offset 10 (0xA): RopId: unknown RopId 0x62")
        // TableEventType 0x0002 is undefined (MS-OXCNOTIF 2.2.1.4.1.2): RopsList offset 8 → buffer 18.
        #expect(error("0000 0400 0C00 0C00 0C00 2A 03000000 00 0001 0200", .extendedBuffer, .response)
            == "offset 18 (0x12): TableEventType: invalid value 0x2")
        // XorMagic does not move bytes: the same RopsList obfuscated fails at the same offset.
        #expect(error("0000 0600 0C00 0C00 A9A5 8F A6A5A5A5 A5 A5A4 A7A5", .extendedBuffer, .response)
            == "offset 18 (0x12): TableEventType: invalid value 0x2")
        // A handle table whose length is not a multiple of 4.
        #expect(error("0000 0400 0500 0500 0200 443322", .extendedBuffer, .response)
            == "offset 10 (0xA): ServerObjectHandleTable: 3 unexpected trailing bytes")
    }

    @Test("errors inside a compressed payload keep payload offsets and say so")
    func compressedPayloadOffsets() throws {
        var payload: [UInt8] = []
        let ropsList = try HexInput.parse("2A 03000000 00 0001 0100 2A 03000000 00 0001 0100 2A 03000000 00 0001 0100 6E")
        RopBuffer(ropsList: ropsList, handleTable: []).encode(into: &payload)
        var buffer: [UInt8] = []
        ExtendedBuffer.encode(payload: payload, compress: true, obfuscate: false, last: true, into: &buffer)
        let flags = try #require(try? ExtendedBuffer.decodeChain(buffer).first?.header.flags)
        try #require(flags.contains(.compressed))
        do {
            _ = try Inspector.inspect(buffer, input: .extendedBuffer, direction: .response)
            Issue.record("decoded a truncated RopPending")
        } catch {
            #expect(error.description == "offset 33 (0x21): decompressed payload 1: SessionIndex: truncated: needs 2 bytes, 0 left")
        }
    }

    @Test("without a direction, the error reported is the one found further into the input")
    func automaticDirectionError() {
        // As a request 0x2A is unknown at offset 0; as a response it gets to NotificationHandle.
        #expect(error("2A 03 00", .ropsList, nil) == "offset 1 (0x1): NotificationHandle: truncated: needs 4 bytes, 2 left")
        // As a response 0x01 is unknown at offset 0; as a request it gets to InputHandleIndex.
        #expect(error("01 00", .ropsList, nil) == "offset 2 (0x2): InputHandleIndex: truncated: needs 1 byte, 0 left")
    }

    @Test("an extended buffer without Last, or with bytes after it")
    func chainErrors() {
        #expect(error("0000 0000 0000 0000", .extendedBuffer, .response) == "offset 8 (0x8): RPC_HEADER_EXT: truncated: needs 8 bytes, 0 left")
        #expect(error("0000 0400 0200 0200 0200 FF", .extendedBuffer, .response) == "offset 10 (0xA): extended buffer: 1 unexpected trailing byte")
    }

    @Test("hex input: whitespace and 0x prefixes are ignored; bad digits and odd counts are errors")
    func hexInput() throws {
        #expect(try HexInput.parse(" 0x2A 03\n\t0X00 0x0000 ") == [0x2A, 0x03, 0x00, 0x00, 0x00])
        #expect(try HexInput.parse("") == [])
        #expect(throws: HexInput.ParseError(description: "invalid hex input: odd number of hex digits (3)")) { try HexInput.parse("2A 0") }
        #expect(throws: HexInput.ParseError(description: "invalid hex input: 'g' is not a hex digit")) { try HexInput.parse("2g") }
        #expect(throws: HexInput.ParseError.self) { try HexInput.parse("٣٣") }
    }
}
