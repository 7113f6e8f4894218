import DCERPC
import DCERPCServer
import MAPIWire
import Testing

/// `DCERPCServerConfiguration.maxConnections`: connections accepted over the limit are closed
/// before any PDU is read; the open ones keep working, and a freed slot is usable again.
@Suite(.serialized)
struct ConnectionLimitTests {
    @Test func connectionsOverTheLimitAreClosedWhileOpenOnesKeepWorking() async throws {
        let mailbox = ToyMailbox(users: ["alice", "bob"])
        let running = try await RunningServer.start(mailbox: mailbox, accounts: testAccounts()) {
            $0.allowsAnonymous = true
            $0.maxConnections = 2
        }
        let first = try RawRPCClient(port: running.port)
        guard case .bindAck = try await first.bind([.emsmdb]) else { Issue.record("no bind_ack"); return }
        let second = try RawRPCClient(port: running.port)
        guard case .bindAck = try await second.bind([.emsmdb]) else { Issue.record("no bind_ack"); return }
        #expect(running.server.connectionCount == 2)

        // The kernel completes the TCP handshake; Herald closes the socket without answering the bind.
        let third = try RawRPCClient(port: running.port)
        await #expect(throws: RawRPCClient.RawClientError.closed) { _ = try await third.bind([.emsmdb]) }
        #expect(running.server.refusedConnectionCount == 1)

        // Both admitted connections still answer calls.
        let connect = try await first.connectEx(userDN: aliceDN)
        #expect(connect.returnValue == 0 && !connect.handle.isNull)
        let (response, _) = try await first.toyRops(handle: connect.handle, [0xEF])
        #expect(response.returnValue == 0)
        let dummy = try await second.request(context: 0, opnum: 6, stub: [])
        #expect(dummy == [0, 0, 0, 0])                                      // EcDummyRpc: return value 0

        // A closed connection frees its slot.
        second.close()
        #expect(await waitUntil { running.server.connectionCount == 1 })
        let fourth = try RawRPCClient(port: running.port)
        guard case .bindAck = try await fourth.bind([.emsmdb]) else { Issue.record("no bind_ack after a slot was freed"); return }
        #expect(running.server.refusedConnectionCount == 1)
        await running.server.stop()
    }
}
