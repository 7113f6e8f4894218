import DCERPCServer
import Foundation
import ImpacketSupport
import NIOCore
import NotificationEngine
import Testing

let hasImpacket = Impacket.isAvailable
let impacketSkipReason = Comment(rawValue: Impacket.skipReason)

/// Runs `Scripts/dcerpc-vectors/<script>` with impacket against `port`, while `during` runs; returns
/// its "key value" lines. A client that hangs is killed after `limit`.
func runImpacket(script: String = "rpc_server_client.py", port: Int, scenario: String, limit: Duration = .seconds(90),
                 during: (() async -> Void)? = nil) async throws -> [String: String] {
    let run = try await Impacket.run(script: script, arguments: [String(port), scenario], limit: limit,
                                     during: during.map { during in { _ in await during() } })
    if run.timedOut { Issue.record("impacket client \(scenario) did not finish") }
    if !run.finished { Issue.record("impacket \(scenario) output:\n\(run.transcript)") }
    return run.results
}

/// Reads what an impacket client printed so far (for scenarios that must reach a point first).
func waitUntil(_ limit: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        if ContinuousClock.now > deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}

/// A started server on an ephemeral loopback port.
struct RunningServer {
    let server: DCERPCServer
    let port: Int

    static func start(mailbox: any RPCMailbox, accounts: any NTLMAccountStore,
                      configure: (inout DCERPCServerConfiguration) -> Void = { _ in }) async throws -> RunningServer {
        var configuration = DCERPCServerConfiguration()
        configuration.timerResolution = .milliseconds(50)
        configure(&configuration)
        let server = DCERPCServer(configuration: configuration, mailbox: mailbox, accounts: accounts)
        let address = try await server.start(host: "127.0.0.1", port: 0)
        return RunningServer(server: server, port: address.port ?? 0)
    }
}

func testAccounts() -> InMemoryNTLMAccounts {
    let accounts = InMemoryNTLMAccounts()
    accounts.addUser("alice", password: "Secret#1", displayName: "Alice")
    accounts.addUser("bob", password: "Hunter#2", displayName: "Bob")
    return accounts
}
