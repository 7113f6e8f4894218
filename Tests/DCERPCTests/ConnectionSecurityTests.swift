import Testing
import MAPIWire
@testable import DCERPC

/// A provider with a fixed two-leg exchange and a toy MAC (sum of signed bytes), to exercise the
/// connection's auth plumbing without NTLM (NTLM itself is covered in NTLMTests / ImpacketInteropTests).
struct ToyProvider: RPCSecurityProvider {
    var legs = 0
    func supports(_ type: AuthenticationType) -> Bool { type == .winNT }
    var signatureSize: Int { 4 }
    mutating func accept(type: AuthenticationType, level: AuthenticationLevel, token: [UInt8]) -> RPCSecurityStep {
        legs += 1
        if legs == 1 { return token == [1] ? .continueNeeded(token: [2]) : .rejected }
        return token == [3] ? .complete(token: []) : .rejected
    }
    static func mac(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let sum = bytes.reduce(UInt32(0)) { $0 &+ UInt32($1) }
        return [UInt8(sum & 0xFF), UInt8(sum >> 8 & 0xFF), UInt8(sum >> 16 & 0xFF), UInt8(sum >> 24)]
    }
    mutating func unprotect(level: AuthenticationLevel, pdu: inout [UInt8], stubRange: Range<Int>, signature: [UInt8]) -> Bool {
        Self.mac(pdu[0..<(pdu.count - signature.count)]) == signature
    }
    mutating func protect(level: AuthenticationLevel, pdu: inout [UInt8], stubRange: Range<Int>) -> [UInt8] { Self.mac(pdu[...]) }
}

func securedConnection() -> RPCServerConnection {
    RPCServerConnection(configuration: RPCServerConfiguration(interfaces: [.emsmdb], secondaryAddress: "6001"), security: ToyProvider())
}

func signedRequest(callID: UInt32, stub: [UInt8], corrupt: Bool = false) -> [UInt8] {
    var bytes = RequestPDU(callID: callID, contextID: 0, opnum: 6, stub: stub,
                           verifier: AuthVerifier(type: .winNT, level: .packetIntegrity, contextID: 77, value: [0, 0, 0, 0])).encode()
    var mac = ToyProvider.mac(bytes[0..<(bytes.count - 4)])
    if corrupt { mac[0] ^= 1 }
    bytes.replaceSubrange((bytes.count - 4)..., with: mac)
    return bytes
}

@Suite struct ConnectionSecurityTests {
    func bindAndAuth3(_ connection: inout RPCServerConnection, level: AuthenticationLevel = .packetIntegrity, headerSign: Bool = true) -> [PDU] {
        let bind = BindPDU(flags: headerSign ? [.firstFragment, .lastFragment, .supportHeaderSign] : .singleFragment, callID: 1,
                           contexts: [PresentationContextElement(contextID: 0, abstractSyntax: .emsmdb, transferSyntaxes: [.ndr20])],
                           verifier: AuthVerifier(type: .winNT, level: level, contextID: 77, value: [1]))
        let ack = sent(connection.receive(bind.encode()))
        _ = connection.receive(Auth3PDU(callID: 1, verifier: AuthVerifier(type: .winNT, level: level, contextID: 77, value: [3])).encode())
        return ack
    }

    @Test func bindCarriesChallengeAndHeaderSignEcho() {
        var connection = securedConnection()
        guard case let .bindAck(ack)? = bindAndAuth3(&connection).first else { Issue.record("no bind_ack"); return }
        #expect(ack.verifier?.value == [2] && ack.verifier?.contextID == 77 && ack.verifier?.level == .packetIntegrity)
        #expect(ack.flags.contains(.supportHeaderSign))
        #expect(connection.isAuthenticated && connection.authenticationLevel == .packetIntegrity)
    }

    @Test func signedRequestDispatchesAndResponseIsSigned() throws {
        var connection = securedConnection()
        _ = bindAndAuth3(&connection)
        let actions = connection.receive(signedRequest(callID: 2, stub: [9, 8, 7]))
        #expect(actions == [.dispatch(RPCCall(callID: 2, contextID: 0, interface: .emsmdb, opnum: 6, object: nil, stub: [9, 8, 7], securityContextID: 77))])
        #expect(connection.securityProvider(for: 77) != nil && connection.securityProvider(for: 78) == nil)
        guard case let .send(bytes)? = connection.respond(callID: 2, stub: [0, 0, 0, 0]).first,
              case let .response(response) = try PDU.decode(bytes) else { Issue.record("no response"); return }
        #expect(response.verifier?.value == ToyProvider.mac(bytes[0..<(bytes.count - 4)]))
        // Stub padded to 16 before the trailer; decoding strips auth_pad_length bytes again.
        #expect(response.stub == [0, 0, 0, 0] && response.verifier?.padLength == 12)
    }

    @Test func badSignatureOrMissingVerifierIsAccessDenied() {
        var connection = securedConnection()
        _ = bindAndAuth3(&connection)
        for request in [signedRequest(callID: 3, stub: [1], corrupt: true), RequestPDU(callID: 4, contextID: 0, opnum: 6, stub: []).encode()] {
            guard case let .fault(fault)? = sent(connection.receive(request)).first else { Issue.record("no fault"); continue }
            #expect(fault.status == .accessDenied && fault.flags.contains(.didNotExecute))
        }
        // A verifier naming an auth context that was never established.
        var foreign = signedRequest(callID: 5, stub: [1])
        foreign[foreign.count - 4 - 4] = 78  // auth_context_id: last 4 bytes of the sec_trailer, before the 4-byte toy MAC
        guard case let .fault(unknown)? = sent(connection.receive(foreign)).first else { Issue.record("no fault"); return }
        #expect(unknown.status == .accessDenied)
        #expect(connection.state == .bound)
    }

    @Test func failedThirdLegDeniesCalls() {
        var connection = securedConnection()
        let bind = BindPDU(callID: 1, contexts: [PresentationContextElement(contextID: 0, abstractSyntax: .emsmdb, transferSyntaxes: [.ndr20])],
                           verifier: AuthVerifier(type: .winNT, level: .connect, value: [1]))
        _ = connection.receive(bind.encode())
        _ = connection.receive(Auth3PDU(callID: 1, verifier: AuthVerifier(type: .winNT, level: .connect, value: [4])).encode())
        #expect(!connection.isAuthenticated)
        guard case let .fault(fault)? = sent(connection.receive(ImpacketVectors.requestDummy)).first else { Issue.record("no fault"); return }
        #expect(fault.status == .accessDenied)
    }

    @Test func rejectedFirstLegAndLowLevelNak() {
        var rejected = securedConnection()
        let bad = BindPDU(callID: 1, contexts: [], verifier: AuthVerifier(type: .winNT, level: .connect, value: [9]))
        #expect(sent(rejected.receive(bad.encode())).first == .bindNak(BindNakPDU(callID: 1, reason: .notSpecified)))
        var unknownType = securedConnection()
        let kerberos = BindPDU(callID: 1, contexts: [], verifier: AuthVerifier(type: .gssKerberos, level: .connect, value: [1]))
        #expect(sent(unknownType.receive(kerberos.encode())).first == .bindNak(BindNakPDU(callID: 1, reason: .authenticationTypeNotRecognized)))
        var tooLow = securedConnection()
        let none = BindPDU(callID: 1, contexts: [], verifier: AuthVerifier(type: .winNT, level: .none, value: [1]))
        #expect(sent(tooLow.receive(none.encode())).first == .bindNak(BindNakPDU(callID: 1, reason: .notSpecified)))
    }

    @Test func protocolViolationsClose() {
        // auth3 before bind, alter_context before bind, shutdown from the client, tiny fragment sizes.
        var early = securedConnection()
        #expect(isClosed(early.receive(Auth3PDU(callID: 1, verifier: AuthVerifier(type: .winNT, level: .connect, value: [3])).encode())))
        var alter = makeConnection()
        #expect(isClosed(alter.receive(BindPDU(isAlterContext: true, callID: 1, contexts: []).encode())))
        var shutdown = makeConnection()
        _ = shutdown.receive(ImpacketVectors.bindEMSMDB)
        #expect(isClosed(shutdown.receive(ControlPDU(packetType: .shutdown, callID: 0).encode())))
        var tiny = makeConnection()
        let small = BindPDU(callID: 1, maxTransmitFragment: 1000, maxReceiveFragment: 1000, contexts: [])
        #expect(sent(tiny.receive(small.encode())).first == .bindNak(BindNakPDU(callID: 1, reason: .localLimitExceeded)))
        var bigEndian = makeConnection()
        var bytes = ImpacketVectors.bindEMSMDB
        bytes[4] = 0x00; bytes[8] = 0x00; bytes[9] = 0x48  // big-endian drep with a big-endian frag_length
        #expect(isClosed(bigEndian.receive(bytes)))
        var unknownGroup = RPCServerConnection(configuration: RPCServerConfiguration(
            interfaces: [.emsmdb], secondaryAddress: "1", allowsAnonymous: true, associationGroup: { $0 == 0 ? 5 : nil }))
        let join = BindPDU(callID: 1, associationGroupID: 99, contexts: [])
        #expect(sent(unknownGroup.receive(join.encode())).first == .bindNak(BindNakPDU(callID: 1, reason: .notSpecified)))
    }

    @Test func outOfOrderCompletion() {
        var connection = makeConnection()
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        _ = connection.receive(RequestPDU(callID: 10, contextID: 0, opnum: 6, stub: []).encode())
        _ = connection.receive(RequestPDU(callID: 11, contextID: 0, opnum: 6, stub: []).encode())
        #expect(sent(connection.respond(callID: 11, stub: [1, 0, 0, 0])).count == 1)
        #expect(sent(connection.fault(callID: 10, status: .badStubData)) == [.fault(FaultPDU(callID: 10, contextID: 0, status: .badStubData))])
        #expect(!connection.isOutstanding(10) && !connection.isOutstanding(11))
        // A duplicate call_id while the first is outstanding is a protocol error.
        _ = connection.receive(RequestPDU(callID: 12, contextID: 0, opnum: 6, stub: []).encode())
        #expect(isClosed(connection.receive(RequestPDU(callID: 12, contextID: 0, opnum: 6, stub: []).encode())))
    }

    @Test func shutdownAfterAnsweringOutstandingCalls() {
        var connection = makeConnection()
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        _ = connection.receive(RequestPDU(callID: 20, contextID: 0, opnum: 6, stub: []).encode())
        _ = connection.receive(RequestPDU(callID: 21, contextID: 0, opnum: 6, stub: []).encode())
        #expect(connection.outstandingCallIDs == [20, 21])
        _ = connection.respond(callID: 20, stub: [0xED, 0x03, 0, 0])
        let actions = connection.shutdown()
        #expect(sent(actions) == [.control(ControlPDU(packetType: .shutdown, callID: 0))])
        #expect(isClosed(actions) && connection.state == .closed)
        #expect(connection.receive(ImpacketVectors.requestDummy).isEmpty)
    }
}
