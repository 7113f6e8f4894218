import Testing
import MAPIWire
@testable import DCERPC

/// Golden PDUs produced by impacket 0.12 (`Scripts/dcerpc-vectors/gen_pdus.py`), an independent
/// DCE/RPC implementation, and checked against the C706 12.6.4.3 / 12.6.4.9 field tables.
enum ImpacketVectors {
    static let bindEMSMDB = hex("05000b03100000004800000001000000b810b81000000000010000000000010000dbf1a447ca6710b31f00dd010662da00005100045d888aeb1cc9119fe808002b10486002000000")
    /// Contexts: 0 EMSMDB/NDR, 1 EMSMDB/NDR64, 2 EMSMDB/bind-time-feature syntax with bitmask 0x0003.
    static let bindThree = hex("05000b0310000000a000000002000000b810b81000000000030000000000010000dbf1a447ca6710b31f00dd010662da00005100045d888aeb1cc9119fe808002b104860020000000100010000dbf1a447ca6710b31f00dd010662da0000510033057171babe37498319b5dbef9ccc36010000000200010000dbf1a447ca6710b31f00dd010662da000051002c1cb76c12984045030000000000000001000000")
    static let alterAsync = hex("05000e03100000004800000003000000b810b8100000000001000000000001004a57615272456e20b2686b199213b4e400000100045d888aeb1cc9119fe808002b10486002000000")
    static let requestDummy = hex("050000031000000018000000040000000000000000000600")
    static let requestStub8 = hex("050000031000000020000000050000000800000001000b000001020304050607")
}

@Suite struct PDUTests {
    @Test func decodesImpacketBind() throws {
        guard case let .bind(bind) = try PDU.decode(ImpacketVectors.bindEMSMDB) else { Issue.record("not a bind"); return }
        #expect(!bind.isAlterContext)
        #expect(bind.callID == 1)
        #expect(bind.maxTransmitFragment == 4280 && bind.maxReceiveFragment == 4280)
        #expect(bind.associationGroupID == 0)
        #expect(bind.contexts == [PresentationContextElement(contextID: 0, abstractSyntax: .emsmdb, transferSyntaxes: [.ndr20])])
        #expect(bind.verifier == nil)
        // Re-encoding yields impacket's bytes exactly.
        #expect(bind.encode() == ImpacketVectors.bindEMSMDB)
    }

    @Test func decodesThreeContextsAndFeatureSyntax() throws {
        guard case let .bind(bind) = try PDU.decode(ImpacketVectors.bindThree) else { Issue.record("not a bind"); return }
        #expect(bind.contexts.count == 3)
        #expect(bind.contexts[1].transferSyntaxes == [.ndr64])
        #expect(bind.contexts[2].transferSyntaxes[0].bindTimeFeatures == [.securityContextMultiplexing, .keepConnectionOnOrphan])
        #expect(bind.encode() == ImpacketVectors.bindThree)
    }

    @Test func decodesAlterContextAndRequests() throws {
        guard case let .bind(alter) = try PDU.decode(ImpacketVectors.alterAsync) else { Issue.record("not alter"); return }
        #expect(alter.isAlterContext && alter.contexts[0].abstractSyntax == .asyncEMSMDB)
        guard case let .request(dummy) = try PDU.decode(ImpacketVectors.requestDummy) else { Issue.record("not request"); return }
        #expect(dummy.opnum == 6 && dummy.contextID == 0 && dummy.stub.isEmpty && dummy.callID == 4)
        guard case let .request(ext) = try PDU.decode(ImpacketVectors.requestStub8) else { Issue.record("not request"); return }
        #expect(ext.opnum == 11 && ext.contextID == 1 && ext.allocHint == 8 && ext.stub == Array(0..<8))
        #expect(ext.encode() == ImpacketVectors.requestStub8)
    }

    /// Hand-derived from C706 12.6.4.7 (fault): 16-byte header, alloc_hint, p_cont_id, cancel_count,
    /// reserved, status, reserved — 32 bytes, PFC_DID_NOT_EXECUTE (0x20) set.
    @Test func faultLayout() throws {
        let bytes = FaultPDU(flags: [.firstFragment, .lastFragment, .didNotExecute], callID: 7, contextID: 1, status: .operationRangeError).encode()
        #expect(bytes == hex("05 00 03 23 10 00 00 00 20 00 00 00 07 00 00 00  00 00 00 00 01 00 00 00 02 00 01 1C 00 00 00 00"))
        #expect(try PDU.decode(bytes) == .fault(FaultPDU(flags: [.firstFragment, .lastFragment, .didNotExecute], callID: 7, contextID: 1, status: .operationRangeError)))
    }

    /// Hand-derived from C706 12.6.4.4: sec_addr "6001" is length 5 + "6001\0" (offset 24..30), pad to
    /// 32, then n_results and one p_result_t.
    @Test func bindAckLayout() throws {
        let ack = BindAckPDU(callID: 1, maxTransmitFragment: 4280, maxReceiveFragment: 4280, associationGroupID: 0x1234,
                             secondaryAddress: "6001", results: [.accepted(.ndr20), .rejected(.proposedTransferSyntaxesNotSupported)])
        let bytes = ack.encode()
        #expect(Array(bytes[0..<16]) == hex("05 00 0c 03 10 00 00 00 54 00 00 00 01 00 00 00"))
        #expect(Array(bytes[16..<32]) == hex("b8 10 b8 10 34 12 00 00 05 00 36 30 30 31 00 00"))
        #expect(Array(bytes[32..<40]) == hex("02 00 00 00 00 00 00 00"))
        #expect(Array(bytes[60..<64]) == hex("02 00 02 00"))
        #expect(try PDU.decode(bytes) == .bindAck(ack))
    }

    @Test func verifierRoundTrip() throws {
        let request = RequestPDU(callID: 9, contextID: 0, opnum: 11, stub: [1, 2, 3],
                                 verifier: AuthVerifier(type: .winNT, level: .connect, contextID: 0, value: Array(repeating: 0xAB, count: 16)))
        let bytes = request.encode()
        // 24 header+fixed, 3 stub, 1 pad, 8 trailer, 16 value.
        #expect(bytes.count == 52)
        guard case let .request(decoded) = try PDU.decode(bytes) else { Issue.record("not request"); return }
        #expect(decoded.stub == [1, 2, 3])
        #expect(decoded.verifier?.padLength == 1 && decoded.verifier?.value == Array(repeating: 0xAB, count: 16))
    }

    @Test func hostilePDUsThrow() {
        let good = ImpacketVectors.requestStub8
        var cases: [[UInt8]] = []
        for cut in 0..<good.count { cases.append(Array(good[0..<cut])) }  // every truncation
        var longer = good; longer.setUInt16(0x40, at: 8); cases.append(longer)              // frag_length > bytes
        var badVersion = good; badVersion[0] = 4; cases.append(badVersion)
        var badType = good; badType[2] = 0x30; cases.append(badType)                        // unknown PTYPE
        var connectionless = good; connectionless[2] = 1; cases.append(connectionless)      // ping
        var bigEndian = good; bigEndian[4] = 0x00; cases.append(bigEndian)
        var hugeAuth = good; hugeAuth.setUInt16(0xFFF0, at: 10); cases.append(hugeAuth)
        var objectFlag = good; objectFlag[3] |= 0x80; cases.append(objectFlag)              // object uuid missing
        var bind = ImpacketVectors.bindEMSMDB; bind[24] = 9; cases.append(bind)            // n_context_elem too big
        var noSyntax = ImpacketVectors.bindEMSMDB; noSyntax[30] = 0; cases.append(noSyntax)
        for bytes in cases {
            #expect(throws: WireError.self) { try PDU.decode(bytes) }
        }
    }

    @Test func fuzzNeverTraps() {
        var rng = SplitMix64(seed: 0xDCE)
        let seeds = [ImpacketVectors.bindThree, ImpacketVectors.requestStub8, ImpacketVectors.alterAsync]
        for iteration in 0..<3000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            if let decoded = try? PDU.decode(bytes) { _ = decoded.encode() }
        }
    }
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
