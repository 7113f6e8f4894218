import MAPIWire
import Testing

@Suite("MAPI/HTTP mailbox bodies (MS-OXCMAPIHTTP 2.2.4) and AUX blocks (MS-OXCRPC 2.2.2.2)")
struct MAPIHTTPBodyTests {
    @Test("Connect request: LcidSort precedes LcidString (MS-OXCMAPIHTTP 2.2.4.1.1)")
    func connectRequest() throws {
        let bytes = hex("""
            2F 6F 3D 78 00     # UserDn "/o=x"
            00 00 00 00        # Flags
            E4 04 00 00        # DefaultCodePage 1252
            07 04 00 00        # LcidSort 0x0407
            09 04 00 00        # LcidString 0x0409
            04 00 00 00 AA BB CC DD   # AuxiliaryBufferSize, AuxiliaryBuffer
            """.strippingComments)
        let request = try MAPIHTTPConnectRequest.decode(bytes)
        #expect(request == MAPIHTTPConnectRequest(
            userDN: Array("/o=x".utf8), flags: 0, defaultCodePage: 1252, lcidSort: 0x0407, lcidString: 0x0409,
            auxiliaryBuffer: hex("AA BB CC DD")))
        var encoded: [UInt8] = []
        request.encode(into: &encoded)
        #expect(encoded == bytes)
        expectPrefixesThrow(bytes) { reader throws(WireError) in _ = try MAPIHTTPConnectRequest.decode(Array(reader.bytes[0..<reader.end])) }
        #expect(throws: WireError.self) { try MAPIHTTPConnectRequest.decode(bytes + [0]) }
    }

    @Test("Connect response: success and failure (MS-OXCMAPIHTTP 2.2.4.1.2, 2.2.4.1.3)")
    func connectResponse() throws {
        let success = hex("""
            00 00 00 00 00 00 00 00   # StatusCode, ErrorCode
            60 EA 00 00 06 00 00 00 10 27 00 00   # PollsMax 60000, RetryCount 6, RetryDelay 10000
            2F 6F 3D 78 00            # DnPrefix
            41 00 00 00               # DisplayName "A" (UTF-16LE)
            00 00 00 00               # AuxiliaryBufferSize
            """.strippingComments)
        let response = try MAPIHTTPConnectResponse.decode(success)
        #expect(response.body == .success(.init(pollsMax: 60000, retryCount: 6, retryDelay: 10000, dnPrefix: Array("/o=x".utf8), displayName: "A")))
        var encoded: [UInt8] = []
        response.encode(into: &encoded)
        #expect(encoded == success)
        let failureBytes = hex("0A 00 00 00 00 00 00 00")
        let failure = try MAPIHTTPConnectResponse.decode(failureBytes)
        #expect(failure.body == .failure(statusCode: 10, auxiliaryBuffer: []))
        expectPrefixesThrow(success) { reader throws(WireError) in _ = try MAPIHTTPConnectResponse.decode(Array(reader.bytes[0..<reader.end])) }
    }

    @Test("Execute, Disconnect, NotificationWait round trips (MS-OXCMAPIHTTP 2.2.4.2–2.2.4.4)")
    func otherBodies() throws {
        let execute = hex("03 00 00 00 04 00 00 00 AA BB CC DD 00 80 00 00 00 00 00 00")
        let executeRequest = try MAPIHTTPExecuteRequest.decode(execute)
        #expect(executeRequest == MAPIHTTPExecuteRequest(flags: 3, ropBuffer: hex("AA BB CC DD"), maxRopOut: 0x8000))
        var bytes: [UInt8] = []
        executeRequest.encode(into: &bytes)
        #expect(bytes == execute)
        expectPrefixesThrow(execute) { reader throws(WireError) in _ = try MAPIHTTPExecuteRequest.decode(Array(reader.bytes[0..<reader.end])) }

        let executeSuccess = hex("00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 EE FF 00 00 00 00")
        let executeResponse = try MAPIHTTPExecuteResponse.decode(executeSuccess)
        #expect(executeResponse.body == .success(.init(ropBuffer: hex("EE FF"))))
        bytes = []
        executeResponse.encode(into: &bytes)
        #expect(bytes == executeSuccess)
        #expect(try MAPIHTTPExecuteResponse.decode(hex("0F 00 00 00 00 00 00 00")).body.statusCode == 15)

        #expect(try MAPIHTTPDisconnectRequest.decode(hex("00 00 00 00")) == MAPIHTTPDisconnectRequest())
        let disconnect = try MAPIHTTPDisconnectResponse.decode(hex("00 00 00 00 00 00 00 00 00 00 00 00"))
        #expect(disconnect.body == .success(.init()))

        let wait = try MAPIHTTPNotificationWaitRequest.decode(hex("00 00 00 00 00 00 00 00"))
        #expect(wait == MAPIHTTPNotificationWaitRequest())
        let waitSuccess = hex("00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00")
        let waitResponse = try MAPIHTTPNotificationWaitResponse.decode(waitSuccess)
        #expect(waitResponse.body == .success(.init(eventPending: MAPIHTTPNotificationWaitResponse.Success.eventPendingFlag)))
        bytes = []
        waitResponse.encode(into: &bytes)
        #expect(bytes == waitSuccess)
        // AuxiliaryBufferSize beyond the body is truncation, not an allocation.
        #expect(throws: WireError.self) { try MAPIHTTPNotificationWaitRequest.decode(hex("00 00 00 00 FF FF FF FF")) }
    }

    @Test("AUX_HEADER blocks keep unknown types as raw bytes (MS-OXCRPC 2.2.2.2)")
    func auxiliaryBlocks() throws {
        let payload = hex("""
            08 00 01 01 AA BB CC DD   # Size 8, AUX_VERSION_1, AUX_TYPE_PERF_REQUESTID, payload
            05 00 02 7F 42            # Size 5, version 2, unknown type 0x7F
            """.strippingComments)
        let blocks = try AuxiliaryBlock.decodeAll(payload)
        #expect(blocks == [
            AuxiliaryBlock(version: AuxiliaryBlock.version1, type: AuxiliaryBlock.BlockType.perfRequestID, payload: hex("AA BB CC DD")),
            AuxiliaryBlock(version: 2, type: 0x7F, payload: [0x42]),
        ])
        #expect(AuxiliaryBlock.encodeAll(blocks) == payload)
        #expect(throws: WireError.self) { try AuxiliaryBlock.decodeAll(hex("03 00 01 01")) }
        #expect(throws: WireError.self) { try AuxiliaryBlock.decodeAll(hex("09 00 01 01 AA BB CC DD")) }
    }
}
