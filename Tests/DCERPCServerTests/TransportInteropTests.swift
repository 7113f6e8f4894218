import DCERPCServer
import MAPIWire
import NotificationEngine
import Testing

/// impacket's DCE/RPC client against the real NIO server with the ``ToyMailbox`` double: everything
/// the transport owns (binding, NTLM, fragmentation, handles, extended buffers, waits, push, faults).
@Suite(.enabled(if: hasImpacket, impacketSkipReason), .serialized)
struct TransportInteropTests {
    func withServer(engine: EngineConfiguration = EngineConfiguration(), configure: (inout DCERPCServerConfiguration) -> Void = { _ in },
                    _ body: (RunningServer, ToyMailbox) async throws -> Void) async throws {
        let mailbox = ToyMailbox(users: ["alice", "bob"], engine: engine)
        let running = try await RunningServer.start(mailbox: mailbox, accounts: testAccounts(), configure: configure)
        do {
            try await body(running, mailbox)
        } catch {
            await running.server.stop()
            throw error
        }
        await running.server.stop()
    }

    @Test func sessionCallsAndExtendedBuffers() async throws {
        try await withServer { running, mailbox in
            let results = try await runImpacket(port: running.port, scenario: "session")
            #expect(results["dummy"] == "0")
            // Server version 15.0.1497 (≥ 8.0.358: asynchronous notifications supported), a time stamp.
            #expect(results["connect"] == "0 Alice 0xf00 0x85d9 True")
            // rgbIn and rgbOut in all four combinations of compression and XorMagic, 3 KB (fragmented).
            for key in ["ext_00", "ext_01", "ext_10", "ext_11"] { #expect(results[key] == "0 True True True", "\(key)") }
            #expect(results["short_in"] == "0x80040115")     // cbIn < 8 → ecRpcFailed
            #expect(results["short_out"] == "0x80040115")    // pcbOut < 8 → ecRpcFailed
            #expect(results["other_dn"] == "0x3f2 True")      // alice may not open bob's mailbox: ecLoginPerm, NULL handle
            #expect(results["disconnect"] == "0 True")
            #expect(results["stale"] == "nca_s_fault_context_mismatch")
            #expect(await waitUntil { mailbox.liveSessions == 0 })   // rundown when the connection closed
        }
    }

    @Test func asyncWaitAnnouncesAChangeFromAnotherSession() async throws {
        try await withServer { running, _ in
            let results = try await runImpacket(port: running.port, scenario: "notify")
            #expect(results["asyncconnect"] == "0")
            #expect(results["second_wait"] == "0 2030")       // ecRejected (0x7EE) for the second concurrent wait
            #expect(results["wait"] == "1 0")                 // NotificationPending
            #expect(results["notify"] == "0 [1] []")          // RopNotify for subscription handle 1, nothing left
            let tiny = results["tiny"]?.split(separator: " ").map(String.init) ?? []
            // Only a RopPending (0x6E + own session index) fits in the tiny pcbOut.
            if tiny.count == 3, let index = UInt16(tiny[2]) {
                #expect(tiny[0] == "0")
                #expect(tiny[1] == "6e" + hexByte(UInt8(index & 0xFF)) + hexByte(UInt8(index >> 8)))
            } else {
                Issue.record("tiny: \(results["tiny"] ?? "missing")")
            }
            #expect(results["wait_again"] == "1 0")
            #expect(results["unknown_acxh"] == "1 0")         // MS-OXCRPC 3.3.4.1: success with NotificationPending
            #expect(results["foreign_handle"] == "nca_s_fault_context_mismatch")
        }
    }

    @Test func linkedSessionIsNamedByRopPending() async throws {
        try await withServer { running, _ in
            let results = try await runImpacket(port: running.port, scenario: "linked")
            let indexes = results["indexes"]?.split(separator: " ") ?? []
            #expect(indexes.last == "True")
            let pending = results["linked_pending"]?.split(separator: " ").map(String.init) ?? []
            #expect(pending.count == 2 && pending[0] == pending[1], "\(pending)")
            #expect(results["unlinked"] == "-")
        }
    }

    @Test func udpPushUntilDrained() async throws {
        var engine = EngineConfiguration()
        engine.pushInterval = .seconds(3)
        try await withServer(engine: engine) { running, _ in
            let results = try await runImpacket(port: running.port, scenario: "push")
            #expect(results["register"] == "0 1")
            #expect(results["too_big"] == "0x80040305")       // context > 16 bytes → ecTooBig
            #expect(results["bad_family"] == "0x80070057")    // ecInvalidParam
            #expect(results["bad_size"] == "0x80070057")
            #expect(results["v6_size"] == "0x80070057")
            #expect(results["other_host"] == "0x80070005")    // datagrams only to the registering host
            #expect(results["datagrams"] == "True True True True")  // sent at once, resent one interval later while not drained
            #expect(results["after_drain"] == "quiet")
        }
    }

    @Test func hostilePDUsFaultWhileOtherConnectionsWork() async throws {
        try await withServer { running, _ in
            let results = try await runImpacket(port: running.port, scenario: "hostile")
            #expect(results["tiny_frag"] == "0x1c01000b")             // nca_s_proto_error, connection closed
            #expect(results["huge_frag"] == "0x1c01000b")
            #expect(results["bad_version"] == "0x1c01000b")
            #expect(results["request_before_bind"] == "0x1c01000b")
            #expect(results["opnum7"] == "nca_s_op_rng_error")
            #expect(results["bad_ndr"] == "rpc_x_bad_stub_data")
            #expect(results["range"] == "rpc_x_bad_stub_data")
            #expect(results["oversized"] == "nca_s_proto_error" || results["oversized"] == "closed")
            #expect(results["survivor_dummy"] == "0")
            #expect(results["survivor_rpc"] == "0 b'\\xedok'")
            #expect(results["cross_connection"] == "nca_s_fault_context_mismatch")
            #expect(results["wrong_password"] == "rpc_s_access_denied")
        }
    }

    @Test func parkedWaitCompletesWithExitingOnStop() async throws {
        let mailbox = ToyMailbox(users: ["alice"])
        let running = try await RunningServer.start(mailbox: mailbox, accounts: testAccounts())
        let results = try await runImpacket(port: running.port, scenario: "exiting") {
            let parked = await waitUntil { mailbox.notifications.metrics.parkedWaits == 1 }
            #expect(parked)
            await running.server.stop()
        }
        #expect(results["wait"] == "0 1005")                  // ecExiting 0x3ED
        #expect(mailbox.liveSessions == 0)
    }

    @Test func parkedWaitTimesOutWithoutPending() async throws {
        var engine = EngineConfiguration()
        engine.waitTimeout = .milliseconds(500)
        try await withServer(engine: engine) { running, _ in
            let results = try await runImpacket(port: running.port, scenario: "timeout")
            #expect(results["wait"] == "0 0")
        }
    }
}

func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
