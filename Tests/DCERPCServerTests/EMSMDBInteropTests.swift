import DCERPC
import DCERPCServer
import EMSMDB
import MAPIWire
import MailboxStore
import NIOConcurrencyHelpers
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
        let running = try await RunningServer.start(mailbox: StoreChangeHook(EMSMDBRPCMailbox(server: emsmdb)), accounts: testAccounts())
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
            // RopOpenFolder and RopCreateFolder succeeded, or (processor without RopCreateFolder) the hook made the change.
            #expect(results["change"] == "0 0 28 0" || (results["change"] == "0 0 28 2147746050" && results["change_via"] == "store-hook"))
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

/// Until the processor handles RopCreateFolder, the scenarios' "change through session B" falls back
/// to this hook: a RopsList of the single byte 0xEE makes the same store change (a folder under the
/// Inbox of the session's user) and then runs an empty ROP buffer, so B's response is the processor's.
final class StoreChangeHook: RPCMailbox {
    let inner: EMSMDBRPCMailbox
    private let counter = NIOLockedValueBox(0)

    init(_ inner: EMSMDBRPCMailbox) { self.inner = inner }

    var notifications: NotificationHub { inner.notifications }
    func connect(userName: String, request: EcDoConnectExRequest) -> RPCConnectResult { inner.connect(userName: userName, request: request) }
    func disconnect(session: RPCMailboxSession) { inner.disconnect(session: session) }
    func installEngineActionHandler(_ handler: (@Sendable ([EngineAction]) -> Void)?) { inner.installEngineActionHandler(handler) }

    func execute(session: RPCMailboxSession, flags: UInt32, ropIn: [UInt8], maxRopOut: Int, auxIn: [UInt8]) -> RPCExecuteResult {
        guard let payloads = try? ExtendedBuffer.decodeChain(ropIn), payloads.count == 1, payloads[0].bytes == [3, 0, 0xEE, 0xFF, 0xFF, 0xFF, 0xFF] else {
            return inner.execute(session: session, flags: flags, ropIn: ropIn, maxRopOut: maxRopOut, auxIn: auxIn)
        }
        let store = inner.server.store
        let number = counter.withLockedValue { value -> Int in value += 1; return value }
        if let mailbox = store.mailbox(userName: session.userName), let inbox = try? store.specialFolderID(mailbox.id, .inbox) {
            _ = try? store.createFolder(mailbox.id, parent: inbox, name: "Hook \(number)")
        }
        var empty: [UInt8] = []
        ExtendedBuffer.encode(payload: [2, 0, 0xFF, 0xFF, 0xFF, 0xFF], compress: false, obfuscate: false, last: true, into: &empty)
        return inner.execute(session: session, flags: flags, ropIn: empty, maxRopOut: maxRopOut, auxIn: auxIn)
    }
}
