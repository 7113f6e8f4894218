import Foundation

/// Shared by DCERPCServerTests and HeraldServerTests: runs one of the impacket client scripts in
/// `Scripts/dcerpc-vectors` (impacket, an independent DCE/RPC / NDR / NTLM implementation, in
/// `.venv`, which `.ci/run` creates) and collects the "key value" lines it prints.
public enum Impacket {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let python = repositoryRoot.appendingPathComponent(".venv/bin/python").path
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python) }
    public static let skipReason = "impacket venv missing: run `python3 -m venv .venv && .venv/bin/pip install impacket` (CI does this in .ci/run)"

    /// What a script printed.
    public struct Run: Sendable {
        /// The last value printed for each key.
        public var results: [String: String]
        /// Everything it printed (standard output and error).
        public var transcript: String
        /// Killed after the time limit.
        public var timedOut: Bool

        /// Every script ends with "done 1" when it got through.
        public var finished: Bool { results["done"] == "1" }
    }

    /// What the script has printed so far, for tests that act when it reaches a point.
    public struct Progress: Sendable {
        let outputURL: URL

        public var transcript: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

        /// Whether a line starting with `key ` has been printed.
        public func printed(_ key: String) -> Bool {
            transcript.split(separator: "\n").contains { $0.hasPrefix(key + " ") }
        }
    }

    /// Runs `Scripts/dcerpc-vectors/<script> <arguments…>` while `during` runs; a client that hangs
    /// is killed after `limit`.
    public static func run(script: String, arguments: [String], environment: [String: String] = [:], limit: Duration = .seconds(90),
                           during: ((Progress) async -> Void)? = nil) async throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("Scripts/dcerpc-vectors/\(script)").path] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("herald-rpc-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? FileManager.default.removeItem(at: outputURL) }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        if let during { await during(Progress(outputURL: outputURL)) }
        let deadline = ContinuousClock.now + limit
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                timedOut = true
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
        return Run(results: results, transcript: text, timedOut: timedOut)
    }
}
