import Foundation
import HTTPTestSupport
import HeraldClient
import HeraldServer
import ImpacketSupport
import MAPIWire
import Testing

/// `herald serve --rpc-listen`: the real HeraldServe assembly with MAPI/HTTP and DCE/RPC on
/// loopback ports, driven by impacket (`Scripts/dcerpc-vectors/emsmdb_scenarios.py serve`): NTLM
/// logon as a user added and re-passworded through the admin API while serving, RopLogon,
/// RopRegisterNotification, EcRRegisterPushNotification, EcDoAsyncConnectEx + EcDoAsyncWaitEx
/// woken by a `herald deliver` (admin API) delivery, UDP datagrams (sent at the commit, resent by
/// serve's EngineTimerService through the action relay), the RopNotify read with EcDoRpcExt2, and
/// a change made over DCE/RPC waking a MAPI/HTTP session's NotificationWait, and Exiting on
/// graceful shutdown.
@Suite(.enabled(if: Impacket.isAvailable, Comment(rawValue: Impacket.skipReason)), .serialized)
struct RPCServeTests {
    /// `herald_engine_parked_waits` from `/metrics` (EngineMetricsService refreshes it every second).
    static func parkedWaits(_ server: LiveHerald) async -> Int? {
        guard let response = try? await RawHTTPClient.send(port: server.port, method: "GET", path: "/metrics", headers: []) else { return nil }
        for line in String(decoding: response.body, as: UTF8.self).split(separator: "\n") where line.hasPrefix("herald_engine_parked_waits ") {
            return line.split(separator: " ").last.flatMap { Double($0) }.map { Int($0) }
        }
        return nil
    }

    @Test func ntlmLogonWaitWokenByDeliveryThenExitingOnShutdown() async throws {
        let server = try await LiveHerald.start(users: ["alice"]) {
            $0.rpcListen = "127.0.0.1:0"
            $0.pushIntervalMilliseconds = 300
        }
        let stopped = StopFlag()
        do {
            let rpcPort = try #require(server.rpcPort)
            #expect(rpcPort != 0 && rpcPort != server.port)
            // Added, then given a new password, through the admin API while the server runs: the
            // NTLM accounts follow both changes at once.
            let admin = { @Sendable (body: @escaping @Sendable (AdminClient) async throws -> Void) async throws in
                let (_, route) = try await HeraldAdmin.perform(dataDirectory: server.dataDirectory, domain: "herald.local") { client in
                    try await body(client)
                } local: { _ in throw HeraldError("the server should own the data directory") }
                #expect(route != .direct)
            }
            try await admin { _ = try await $0.addUser("carol", password: "first pass", displayName: "Carol") }
            try await admin { try await $0.setPassword("carol", password: LiveHerald.password) }
            let goFile = FileManager.default.temporaryDirectory.appendingPathComponent("herald-rpc-go-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: goFile) }
            let crossTransport = CrossTransportResult()

            let run = try await Impacket.run(
                script: "emsmdb_scenarios.py", arguments: [String(rpcPort), "serve"],
                environment: ["HERALD_RPC_USER": "carol", "HERALD_RPC_PASSWORD": LiveHerald.password, "HERALD_RPC_OLD_PASSWORD": "first pass",
                              "HERALD_RPC_GO_FILE": goFile]
            ) { progress in
                // The wait is parked in the engine; a delivery through `herald deliver`'s route wakes it.
                guard await eventually({ progress.printed("parked") }) else { return }
                #expect(await eventually { await Self.parkedWaits(server) == 1 })
                try? await admin { _ = try await $0.deliver(.init(to: "carol", subject: "over DCE/RPC")) }
                // One processor for both transports: a MAPI/HTTP session of carol, subscribed after
                // the delivery, holds a NotificationWait that the DCE/RPC client's change wakes.
                guard await eventually({ progress.printed("notify") }) else { return }
                do {
                    let (watcher, _, folders) = try await subscribedSession(server, user: "carol", types: [.objectCreated])
                    let waiting = Task { try await watcher.notificationWait() }
                    #expect(await eventually { await Self.parkedWaits(server) == 1 })
                    _ = FileManager.default.createFile(atPath: goFile, contents: nil)
                    let woke = try await waiting.value
                    let (notifies, _) = try notifications(try await watcher.execute(RopBuffer(ropsList: [], handleTable: [])))
                    crossTransport.record(woke: woke.pending && woke.errorCode == .success,
                                          created: notifies.filter { $0.notificationData.flags.type == .objectCreated }
                                              .map { $0.notificationData.parentFolderID == folders.inbox })
                    try await watcher.disconnect()
                } catch {
                    Issue.record("MAPI/HTTP side: \(error)")
                }
                // Parked again: graceful shutdown answers it with Exiting.
                guard await eventually({ progress.printed("parked_again") }) else { return }
                #expect(await eventually { await Self.parkedWaits(server) == 1 })
                stopped.set()
                do { try await server.stop() } catch { Issue.record("server stop: \(error)") }
            }
            #expect(!run.timedOut)
            #expect(run.finished, "\(run.transcript)")
            let results = run.results
            #expect(results["wrong_password"] == "rpc_s_access_denied")
            #expect(results["old_password"] == "rpc_s_access_denied")
            #expect(results["logon"] == "0 True")
            #expect(results["register"] == "0 1")                   // EcRRegisterPushNotification
            #expect(results["async"] == "0")
            #expect(results["wait"] == "1 0")                        // NotificationPending, success
            #expect(results["datagrams"] == "True True")             // pushed at the commit, resent by serve's timer
            #expect(results["notify"] == "0 True True []")           // one RopNotify (NewMail) on the subscription
            #expect(results["change"] == "0 0 28 0")                 // RopOpenFolder + RopCreateFolder over DCE/RPC
            #expect(crossTransport.woke == true)                     // the MAPI/HTTP NotificationWait: EventPending
            #expect(crossTransport.created == [true])                // its ObjectCreated: the new folder, under the Inbox
            #expect(results["exiting"] == "0 1005")                  // ecExiting (0x3ED) at shutdown
        } catch {
            if !stopped.isSet { try? await server.stop() }
            throw error
        }
        if !stopped.isSet { try await server.stop() }
    }

    /// What the MAPI/HTTP session saw of the DCE/RPC client's change.
    final class CrossTransportResult: @unchecked Sendable {
        private let lock = NSLock()
        private var state: (woke: Bool?, created: [Bool]?) = (nil, nil)
        func record(woke: Bool, created: [Bool]) { lock.withLock { state = (woke, created) } }
        var woke: Bool? { lock.withLock { state.woke } }
        var created: [Bool]? { lock.withLock { state.created } }
    }

    /// Whether the scenario already stopped the server (it does so to check Exiting).
    final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test func rpcListenOptionIsParsedAndOffByDefault() throws {
        var options = HeraldServerOptions()
        #expect(try options.rpcListenAddress() == nil)
        options.rpcListen = "[::1]:6001"
        #expect(try options.rpcListenAddress()?.host == "::1")
        #expect(try options.rpcListenAddress()?.port == 6001)
        options.rpcListen = "6001"
        #expect(throws: HeraldError.self) { try options.rpcListenAddress() }
        #expect(!options.rpcAllowAnonymous)
        let decoded = try JSONDecoder().decode(HeraldServerOptions.self, from: Data(#"{"rpcListen": "127.0.0.1:6001", "rpcMaxConnections": 8}"#.utf8))
        #expect(decoded.rpcListen == "127.0.0.1:6001" && decoded.rpcMaxConnections == 8 && !decoded.rpcAllowAnonymous)
    }
}
