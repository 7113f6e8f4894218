import DCERPC
import DCERPCServer
import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// impacket against the NIO server with the real EMSMDB ROP processor (SQLite in memory): RopLogon,
/// RopRegisterNotification and RopOpenFolder + RopCreateFolder built by the Python client from
/// MS-OXCROPS (`Scripts/dcerpc-vectors/emsmdb_scenarios.py`).
@Suite(.enabled(if: hasImpacket, impacketSkipReason), .serialized)
struct EMSMDBInteropTests {
    func withEMSMDB(engine: EngineConfiguration = EngineConfiguration(), _ body: (RunningServer, EMSMDBServer) async throws -> Void) async throws {
        let emsmdb = try EMSMDBServer(backend: try SQLiteBackend(), engineConfiguration: engine)
        for user in ["alice", "bob"] {
            _ = try emsmdb.store.createMailbox(userName: user, legacyExchangeDN: NTLMAccount.defaultESSDN(for: user))
        }
        let running = try await RunningServer.start(mailbox: EMSMDBRPCMailbox(server: emsmdb), accounts: testAccounts())
        do {
            try await body(running, emsmdb)
        } catch {
            await running.server.stop()
            throw error
        }
        await running.server.stop()
        #expect(emsmdb.sessionCount == 0)
    }

    @Test func changeThroughSecondSessionIsAnnouncedAndRead() async throws {
        try await withEMSMDB { running, _ in
            let results = try await runImpacket(script: "emsmdb_scenarios.py", port: running.port, scenario: "notify")
            #expect(results["logon"] == "0 True")
            #expect(results["change"] == "0 0 28 0")                  // session B: RopOpenFolder and RopCreateFolder succeeded
            #expect(results["wait"] == "1 0")                         // EcDoAsyncWaitEx: NotificationPending
            #expect(results["notify"] == "0 True []")                 // RopNotify for the subscription, nothing left over
            let tiny = results["tiny"]?.split(separator: " ").map(String.init) ?? []
            #expect(tiny.count == 3 && tiny[0] == "0" && tiny[1] == tiny[2], "\(tiny)")   // only RopPending fits
            for key in ["packed_11", "packed_10", "packed_01"] { #expect(results[key] == "0 True True", "\(key)") }
        }
    }

    @Test func linkedSessionPendingNamesTheOtherSession() async throws {
        try await withEMSMDB { running, _ in
            let results = try await runImpacket(script: "emsmdb_scenarios.py", port: running.port, scenario: "linked")
            #expect(results["indexes"] == "True")
            let pending = results["linked_pending"]?.split(separator: " ").map(String.init) ?? []
            #expect(pending.count == 2 && pending[0] == pending[1], "\(pending)")
            #expect(results["linked_read"] == "True []")
        }
    }

    @Test func pushDatagramsFromStoreChanges() async throws {
        var engine = EngineConfiguration()
        engine.pushInterval = .milliseconds(500)
        try await withEMSMDB(engine: engine) { running, _ in
            let results = try await runImpacket(script: "emsmdb_scenarios.py", port: running.port, scenario: "push")
            #expect(results["register"] == "0 1")
            #expect(results["datagrams"] == "True True")
            #expect(results["drained"] == "True")
        }
    }
}

