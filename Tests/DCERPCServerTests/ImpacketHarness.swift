import DCERPCServer
import Foundation
import NIOCore
import NotificationEngine
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let impacketPython = repositoryRoot.appendingPathComponent(".venv/bin/python").path
let hasImpacket = FileManager.default.isExecutableFile(atPath: impacketPython)
let impacketSkipReason: Comment = "impacket venv missing: run `python3 -m venv .venv && .venv/bin/pip install impacket` (CI does this in .ci/run)"

/// Runs `Scripts/dcerpc-vectors/<script>` with impacket against `port`, while `during` runs; returns
/// its "key value" lines. A client that hangs is killed after `limit`.
func runImpacket(script: String = "rpc_server_client.py", port: Int, scenario: String, limit: Duration = .seconds(90),
                 during: (() async -> Void)? = nil) async throws -> [String: String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: impacketPython)
    process.arguments = [repositoryRoot.appendingPathComponent("Scripts/dcerpc-vectors/\(script)").path, String(port), scenario]
    let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("herald-rpc-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outputURL)
    defer { try? FileManager.default.removeItem(at: outputURL) }
    process.standardOutput = output
    process.standardError = output
    try process.run()
    if let during { await during() }
    let deadline = ContinuousClock.now + limit
    while process.isRunning {
        if ContinuousClock.now > deadline {
            process.terminate()
            Issue.record("impacket client \(scenario) did not finish")
            break
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    try output.close()
    let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
    var results: [String: String] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ", maxSplits: 1)
        if parts.count == 2 { results[String(parts[0])] = String(parts[1]) }
    }
    if results["done"] != "1" { Issue.record("impacket \(scenario) output:\n\(text)") }
    return results
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
