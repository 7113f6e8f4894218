import Testing
import MAPIWire
@testable import DCERPC

func makeConnection(maxRequest: Int = 0x10000, anonymous: Bool = true) -> RPCServerConnection {
    RPCServerConnection(configuration: RPCServerConfiguration(
        interfaces: [.emsmdb, .asyncEMSMDB], maxRequestSize: maxRequest, secondaryAddress: "6001", allowsAnonymous: anonymous))
}

func sent(_ actions: [RPCServerAction]) -> [PDU] {
    actions.compactMap { if case let .send(bytes) = $0 { try? PDU.decode(bytes) } else { nil } }
}

func isClosed(_ actions: [RPCServerAction]) -> Bool {
    actions.contains { if case .close = $0 { true } else { false } }
}

@Suite struct ConnectionTests {
    @Test func bindNegotiatesEachContext() throws {
        var connection = makeConnection()
        let actions = connection.receive(ImpacketVectors.bindThree)
        guard case let .bindAck(ack)? = sent(actions).first else { Issue.record("no bind_ack: \(actions)"); return }
        #expect(ack.callID == 2)
        #expect(ack.secondaryAddress == "6001")
        #expect(ack.maxTransmitFragment == 4280 && ack.maxReceiveFragment == 4280)
        #expect(ack.results == [
            .accepted(.ndr20),
            .rejected(.proposedTransferSyntaxesNotSupported),
            PresentationContextResult(result: .negotiateAck, reason: 0, transferSyntax: .zero),
        ])
        #expect(connection.state == .bound)
        #expect(connection.contexts == [0: .emsmdb])
    }

    @Test func unknownInterfaceRejectedPerContext() throws {
        var connection = makeConnection()
        let bind = BindPDU(callID: 1, contexts: [
            PresentationContextElement(contextID: 0, abstractSyntax: .endpointMapper, transferSyntaxes: [.ndr20]),
            PresentationContextElement(contextID: 1, abstractSyntax: SyntaxIdentifier(uuid: SyntaxIdentifier.emsmdb.uuid, majorVersion: 0, minorVersion: 82), transferSyntaxes: [.ndr20]),
            PresentationContextElement(contextID: 2, abstractSyntax: .asyncEMSMDB, transferSyntaxes: [.ndr64, .ndr20]),
        ])
        guard case let .bindAck(ack)? = sent(connection.receive(bind.encode())).first else { Issue.record("no bind_ack"); return }
        #expect(ack.results == [.rejected(.abstractSyntaxNotSupported), .rejected(.abstractSyntaxNotSupported), .accepted(.ndr20)])
    }

    @Test func anonymousBindRefusedUnlessEnabled() {
        var connection = makeConnection(anonymous: false)
        let actions = connection.receive(ImpacketVectors.bindEMSMDB)
        #expect(sent(actions).first == .bindNak(BindNakPDU(callID: 1, reason: .notSpecified)))
        #expect(isClosed(actions))
    }

    @Test func authVerifierWithoutProviderNaks() {
        var connection = makeConnection()
        var bind = BindPDU(callID: 1, contexts: [PresentationContextElement(contextID: 0, abstractSyntax: .emsmdb, transferSyntaxes: [.ndr20])])
        bind.verifier = AuthVerifier(type: .winNT, level: .connect, value: [1, 2, 3, 4])
        #expect(sent(connection.receive(bind.encode())).first == .bindNak(BindNakPDU(callID: 1, reason: .authenticationTypeNotRecognized)))
    }

    @Test func requestDispatchesAndResponseRoundTrips() throws {
        var connection = makeConnection()
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        // Fed one byte at a time: the framer must wait for whole PDUs.
        var actions: [RPCServerAction] = []
        for byte in RequestPDU(callID: 4, contextID: 0, opnum: 6, stub: []).encode() { actions += connection.receive([byte]) }
        #expect(actions == [.dispatch(RPCCall(callID: 4, contextID: 0, interface: .emsmdb, opnum: 6, object: nil, stub: []))])
        let response = connection.respond(callID: 4, stub: [0, 0, 0, 0])
        #expect(sent(response) == [.response(ResponsePDU(callID: 4, allocHint: 4, contextID: 0, stub: [0, 0, 0, 0]))])
        #expect(connection.respond(callID: 4, stub: []).isEmpty)  // answered once only
    }

    @Test func unknownContextFaultsWithoutClosing() {
        var connection = makeConnection()
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        let actions = connection.receive(RequestPDU(callID: 5, contextID: 7, opnum: 6, stub: []).encode())
        guard case let .fault(fault)? = sent(actions).first else { Issue.record("no fault"); return }
        #expect(fault.status == .unknownInterface && fault.flags.contains(.didNotExecute))
        #expect(connection.state == .bound)
    }

    @Test func reassemblesFragmentsAndFragmentsResponses() throws {
        var connection = makeConnection()
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        let stub = (0..<10_000).map { UInt8(truncatingIfNeeded: $0) }
        var actions: [RPCServerAction] = []
        let chunks = stride(from: 0, to: stub.count, by: 4000).map { Array(stub[$0..<min(stub.count, $0 + 4000)]) }
        for (index, chunk) in chunks.enumerated() {
            var flags: PFCFlags = []
            if index == 0 { flags.insert(.firstFragment) }
            if index == chunks.count - 1 { flags.insert(.lastFragment) }
            actions += connection.receive(RequestPDU(flags: flags, callID: 8, contextID: 0, opnum: 11, stub: chunk).encode())
        }
        #expect(actions == [.dispatch(RPCCall(callID: 8, contextID: 0, interface: .emsmdb, opnum: 11, object: nil, stub: stub))])

        let fragments = sent(connection.respond(callID: 8, stub: stub))
        var joined: [UInt8] = []
        for (index, fragment) in fragments.enumerated() {
            guard case let .response(response) = fragment else { Issue.record("not a response"); return }
            #expect(response.encode().count <= 4280)
            #expect(response.flags.contains(.firstFragment) == (index == 0))
            #expect(response.flags.contains(.lastFragment) == (index == fragments.count - 1))
            joined += response.stub
        }
        #expect(fragments.count == 3)
        #expect(joined == stub)
    }

    @Test func oversizedReassemblyClosesWithProtocolError() {
        var connection = makeConnection(maxRequest: 6000)
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        _ = connection.receive(RequestPDU(flags: .firstFragment, callID: 8, contextID: 0, opnum: 11, stub: Array(repeating: 0, count: 4000)).encode())
        let actions = connection.receive(RequestPDU(flags: [], callID: 8, contextID: 0, opnum: 11, stub: Array(repeating: 0, count: 4000)).encode())
        guard case let .fault(fault)? = sent(actions).first else { Issue.record("no fault"); return }
        #expect(fault.status == .protocolError)
        #expect(isClosed(actions) && connection.state == .closed)
    }

    @Test func fragmentLongerThanNegotiatedCloses() {
        var connection = makeConnection()
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        let actions = connection.receive(RequestPDU(callID: 9, contextID: 0, opnum: 11, stub: Array(repeating: 0, count: 5000)).encode())
        #expect(isClosed(actions))
        #expect(connection.receive(ImpacketVectors.requestDummy).isEmpty)  // closed stays closed
    }

    @Test func hostileStreamsNeverTrap() {
        var rng = SplitMix64(seed: 9)
        let valid = ImpacketVectors.bindEMSMDB + ImpacketVectors.requestDummy + ImpacketVectors.requestStub8
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            var connection = makeConnection()
            var position = 0
            while position < bytes.count {
                let step = 1 + Int(rng.next() % 40)
                _ = connection.receive(Array(bytes[position..<min(bytes.count, position + step)]))
                position += step
            }
        }
    }

    @Test func requestBeforeBindAndSecondBindAreProtocolErrors() {
        var early = makeConnection()
        #expect(isClosed(early.receive(ImpacketVectors.requestDummy)))
        var twice = makeConnection()
        _ = twice.receive(ImpacketVectors.bindEMSMDB)
        #expect(isClosed(twice.receive(ImpacketVectors.bindEMSMDB)))
    }

    @Test func alterContextAddsContextAndCancelDropsCall() {
        var connection = makeConnection()
        _ = connection.receive(ImpacketVectors.bindEMSMDB)
        var alter = BindPDU(isAlterContext: true, callID: 3, contexts: [PresentationContextElement(contextID: 1, abstractSyntax: .asyncEMSMDB, transferSyntaxes: [.ndr20])])
        guard case let .bindAck(response)? = sent(connection.receive(alter.encode())).first else { Issue.record("no response"); return }
        #expect(response.isAlterContextResponse && response.results == [.accepted(.ndr20)])
        // Redefining context 0 as another interface is refused.
        alter.contexts = [PresentationContextElement(contextID: 0, abstractSyntax: .asyncEMSMDB, transferSyntaxes: [.ndr20])]
        guard case let .bindAck(second)? = sent(connection.receive(alter.encode())).first else { Issue.record("no response"); return }
        #expect(second.results == [.rejected(.notSpecified)])

        _ = connection.receive(RequestPDU(callID: 10, contextID: 1, opnum: 0, stub: []).encode())
        #expect(connection.isOutstanding(10))
        #expect(connection.receive(ControlPDU(packetType: .orphaned, callID: 10).encode()) == [.cancel(callID: 10)])
        #expect(!connection.isOutstanding(10))
    }
}
