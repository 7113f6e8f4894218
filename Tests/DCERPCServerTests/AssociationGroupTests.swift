import DCERPC
import DCERPCServer
import MAPIWire
import NotificationEngine
import Testing

let aliceDN = NTLMAccount.defaultESSDN(for: "alice")

/// The NIO server driven by Herald's own PDU codecs over a raw socket (no impacket needed): several
/// presentation contexts, alter_context, association groups shared by connections, handle scoping
/// and rundown. Anonymous binding is enabled for these (the NTLM paths are in TransportInteropTests).
@Suite(.serialized)
struct AssociationGroupTests {
    func start(anonymous: Bool = true) async throws -> (RunningServer, ToyMailbox) {
        let mailbox = ToyMailbox(users: ["alice", "bob"])
        let running = try await RunningServer.start(mailbox: mailbox, accounts: testAccounts()) { $0.allowsAnonymous = anonymous }
        return (running, mailbox)
    }

    @Test func anonymousBindRefusedUnlessEnabled() async throws {
        let (running, _) = try await start(anonymous: false)
        let client = try RawRPCClient(port: running.port)
        guard case let .bindNak(nak) = try await client.bind([.emsmdb]) else { Issue.record("no bind_nak"); return }
        #expect(nak.callID == 1)
        await running.server.stop()
    }

    @Test func handlesAreSharedWithinAnAssociationGroupOnly() async throws {
        let (running, mailbox) = try await start()
        // One bind, three contexts: EMSMDB, AsyncEMSMDB, and an interface Herald does not offer.
        let first = try RawRPCClient(port: running.port)
        let unknown = SyntaxIdentifier(uuid: GUID("12345678-1234-ABCD-EF00-0123456789AB")!, majorVersion: 1, minorVersion: 0)
        guard case let .bindAck(ack) = try await first.bind([.emsmdb, .asyncEMSMDB, unknown]) else { Issue.record("no bind_ack"); return }
        #expect(ack.results.map(\.result) == [.acceptance, .acceptance, .providerRejection])
        #expect(ack.secondaryAddress == String(running.port))
        let group = ack.associationGroupID
        #expect(group != 0)

        let connect = try await first.connectEx(userDN: aliceDN)
        #expect(connect.returnValue == 0 && !connect.handle.isNull && connect.displayName == Array("Alice".utf8))
        _ = try await first.toyRops(handle: connect.handle, [0xEF])
        guard let (asyncHandle, code) = asyncConnectResponse(try await first.request(context: 0, opnum: 14, stub: EcDoAsyncConnectExRequest(handle: connect.handle).encode())) else {
            Issue.record("bad EcDoAsyncConnectEx response"); return
        }
        #expect(code == 0 && !asyncHandle.isNull)

        // A second connection joins the group (as Outlook does for its AsyncEMSMDB connection) and
        // parks EcDoAsyncWaitEx with the first connection's ACXH.
        let second = try RawRPCClient(port: running.port)
        guard case let .bindAck(joined) = try await second.bind([.asyncEMSMDB], group: group) else { Issue.record("no bind_ack on join"); return }
        #expect(joined.associationGroupID == group)
        let waitCall = second.call(context: 0, opnum: 0, stub: EcDoAsyncWaitExRequest(asyncHandle: asyncHandle).encode())
        #expect(await waitUntil { mailbox.notifications.metrics.parkedWaits == 1 })

        // A connection in another group: the same handles are unknown there.
        let outsider = try RawRPCClient(port: running.port)
        guard case .bindAck = try await outsider.bind([.emsmdb, .asyncEMSMDB]) else { Issue.record("no bind_ack"); return }
        await #expect(throws: FaultStatus.contextMismatch) { _ = try await outsider.toyRops(handle: connect.handle, []) }
        // An ACXH the group does not know completes at once with NotificationPending (MS-OXCRPC 3.3.4.1).
        let foreignWait = try await outsider.request(context: 1, opnum: 0, stub: EcDoAsyncWaitExRequest(asyncHandle: asyncHandle).encode())
        #expect(waitResponse(foreignWait)?.flags == 1 && waitResponse(foreignWait)?.returnValue == 0)
        // Joining a group that does not exist is refused.
        let stranger = try RawRPCClient(port: running.port)
        guard case .bindNak = try await stranger.bind([.emsmdb], group: group &+ 1) else { Issue.record("joined an unknown group"); return }

        // A change through the first connection completes the wait parked on the second.
        _ = try await first.toyRops(handle: connect.handle, [0xEE])
        guard case let .response(waitAnswer) = try await second.receive() else { Issue.record("no wait response"); return }
        #expect(waitAnswer.callID == waitCall && waitResponse(waitAnswer.stub)?.flags == 1)

        // alter_context adds AsyncEMSMDB to the outsider's association under a new context id.
        guard case let .bindAck(altered) = try await outsider.bind(
            contexts: [PresentationContextElement(contextID: 5, abstractSyntax: .asyncEMSMDB, transferSyntaxes: [.ndr20])], alter: true) else {
            Issue.record("no alter_context_resp"); return
        }
        #expect(altered.isAlterContextResponse && altered.results.map(\.result) == [.acceptance])

        // The session survives its creating connection while the group has another connection …
        first.close()
        try await Task.sleep(for: .milliseconds(100))
        #expect(mailbox.liveSessions == 1)
        // … and runs down when the group's last connection closes.
        second.close()
        #expect(await waitUntil { mailbox.liveSessions == 0 })
        await running.server.stop()
    }

    @Test func connectionWithoutBindIsClosed() async throws {
        let mailbox = ToyMailbox(users: ["alice"])
        let running = try await RunningServer.start(mailbox: mailbox, accounts: testAccounts()) { $0.bindTimeout = .milliseconds(200) }
        let idle = try RawRPCClient(port: running.port)
        await #expect(throws: RawRPCClient.RawClientError.closed) { _ = try await idle.receive() }
        await running.server.stop()
    }

    @Test func unknownOpnumsAndBadStubsFaultWithoutClosing() async throws {
        let (running, _) = try await start()
        let client = try RawRPCClient(port: running.port)
        guard case .bindAck = try await client.bind([.emsmdb, .asyncEMSMDB]) else { Issue.record("no bind_ack"); return }
        for (context, opnum) in [(UInt16(0), UInt16(0)), (0, 2), (0, 5), (0, 9), (0, 15), (1, 1), (0, 0xFFFF)] {
            await #expect(throws: FaultStatus.operationRangeError) { _ = try await client.request(context: context, opnum: opnum, stub: []) }
        }
        await #expect(throws: FaultStatus.badStubData) { _ = try await client.request(context: 0, opnum: 10, stub: [1, 2, 3]) }
        await #expect(throws: FaultStatus.badStubData) { _ = try await client.request(context: 0, opnum: 11, stub: [UInt8](repeating: 0xFF, count: 64)) }
        await #expect(throws: FaultStatus.unknownInterface) { _ = try await client.request(context: 9, opnum: 6, stub: []) }
        // Still bound and serving.
        #expect(try await client.request(context: 0, opnum: 6, stub: []) == [0, 0, 0, 0])
        await running.server.stop()
    }

    @Test func endpointMapperOnTheSamePort() async throws {
        let (running, _) = try await start()
        let client = try RawRPCClient(port: running.port)
        guard case .bindAck = try await client.bind([.endpointMapper]) else { Issue.record("no bind_ack"); return }
        // The impacket ept_map request for EMSMDB over ncacn_ip_tcp (DCERPCTests' vector).
        var writer = NDRWriter()
        writer.writeReferentID(); writer.writeGUID(.zero)
        let tower = ProtocolTower.tcp(interface: .emsmdb, port: 0, ipv4: (0, 0, 0, 0)).encode()
        writer.writeReferentID(); writer.writeUInt32(UInt32(tower.count)); writer.writeUInt32(UInt32(tower.count)); writer.writeBytes(tower)
        writer.writeContextHandle(.null); writer.writeUInt32(4)
        let stub = try await client.request(context: 0, opnum: 3, stub: writer.bytes)
        // entry handle (20), num_towers = 1, …, and the port (big-endian) inside the returned tower.
        #expect(stub.count > 28 && stub[20] == 1)
        let port = UInt16(running.port)
        #expect(stub.indices.dropLast().contains { stub[$0] == UInt8(port >> 8) && stub[$0 + 1] == UInt8(port & 0xFF) })
        await running.server.stop()
    }
}

@Suite struct PushCallbackAddressTests {
    @Test func parsesWinsockSockaddrs() {
        let v4 = PushCallbackAddress.parse(PushCallbackAddress.encode(ipv4: (127, 0, 0, 1), port: 0x1770))
        #expect(v4 == PushCallbackAddress(host: .v4(127, 0, 0, 1), port: 6000))
        var v6 = [UInt8](repeating: 0, count: 28)
        v6[0] = 23; v6[2] = 0x17; v6[3] = 0x70; v6[23] = 1
        #expect(PushCallbackAddress.parse(v6)?.host == .v6([UInt8](repeating: 0, count: 15) + [1], scopeID: 0))
        // Wrong family, wrong sizes, too short.
        for bytes in [[10, 0] + [UInt8](repeating: 0, count: 26), Array(v6.prefix(16)), Array(PushCallbackAddress.encode(ipv4: (1, 2, 3, 4), port: 1).prefix(15)), [2]] {
            #expect(PushCallbackAddress.parse(bytes) == nil)
        }
        #expect(PushCallbackAddress(host: .v4(0, 0, 0, 0), port: 1).isDeliverable == false)
        #expect(PushCallbackAddress(host: .v4(224, 0, 0, 1), port: 1).isDeliverable == false)
        #expect(PushCallbackAddress(host: .v4(10, 0, 0, 1), port: 0).isDeliverable == false)
    }
}
