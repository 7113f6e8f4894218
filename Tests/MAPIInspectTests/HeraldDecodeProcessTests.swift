import Foundation
import MAPIInspect
import Testing

/// The built `herald` executable: exit status, stdout and stderr of `herald decode`.
///
/// SwiftPM puts `herald` next to the test bundle; when it is not there (a build of the test target
/// alone) these tests are skipped.
enum HeraldExecutable {
    static let url: URL? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("herald")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()
}

@Suite("herald decode (process)", .enabled(if: HeraldExecutable.url != nil))
struct HeraldDecodeProcessTests {

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = HeraldExecutable.url
        process.arguments = ["decode"] + arguments
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    @Test("--json on golden vectors prints the documented document and exits 0")
    func json() throws {
        for vector in GoldenVector.all where vector.kind.hasPrefix("extendedBuffer") || vector.name.hasPrefix("Register response, RopNotify") {
            let direction = vector.kind.hasSuffix("request") ? "--request" : "--response"
            let rops = vector.kind.hasPrefix("ropsList") ? ["--rops"] : []
            let result = try Self.run(rops + [direction, "--json", vector.hexArgument])
            #expect(result.status == 0, "\(vector.name)")
            #expect(result.stderr.isEmpty)
            var expected = vector.expect
            if case var .object(fields) = expected {
                fields["Direction"] = .string(String(direction.dropFirst(2)))
                expected = .object(fields)
            }
            #expect(try JSONText.parse(result.stdout) == expected, "\(vector.name)")
        }
    }

    @Test("hex on stdin, text output")
    func standardInput() throws {
        let result = try Self.run(["--rops"], stdin: "0x6E 0x03 0x00\n")
        #expect(result.status == 0)
        #expect(result.stdout == """
            RopsList: 3 bytes of ROP responses (offsets within the RopsList)
              RopsList
                0x0000  RopPending (0x6E)
                        SessionIndex  3

            """)
    }

    @Test("malformed input: one line on stderr with the offset, nothing on stdout, status 1")
    func malformed() throws {
        let result = try Self.run(["--response", "0000 0400 0C00 0C00 0C00 2A 03000000 00 0001 0200"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: offset 18 (0x12): TableEventType: invalid value 0x2\n")

        let badHex = try Self.run(["--rops", "2A 0"])
        #expect(badHex.status == 1)
        #expect(badHex.stderr == "error: invalid hex input: odd number of hex digits (3)\n")
    }
}
