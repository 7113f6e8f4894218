import Foundation
import MAPIWire
@testable import MailboxStore
import Testing

/// A writer process saves messages in a loop and is killed with SIGKILL mid-stream; the reopened
/// store holds every message the writer reported committed, each one whole, and nothing else
/// (at most the one commit in flight when the kill landed).
@Suite struct DurabilityTests {
    static var writerURL: URL {
        // The test bundle and the helper executable are built into the same directory.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        if bundle.pathExtension != "xctest" {
            // Swift Testing may run through a runner inside the .xctest bundle.
            while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents" || directory.lastPathComponent == "MacOS" {
                directory = directory.deletingLastPathComponent()
            }
        }
        return directory.appendingPathComponent("StoreCrashWriter")
    }

    @Test func killedWriterLosesNothingCommittedAndLeavesNothingPartial() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let writer = Self.writerURL
        try #require(FileManager.default.isExecutableFile(atPath: writer.path), "helper not built at \(writer.path)")

        let process = Process()
        process.executableURL = writer
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()

        // Read reports until enough commits went through, then kill without warning.
        var buffer = Data()
        var committed: [(UInt64, Int)] = []
        let handle = pipe.fileHandleForReading
        while committed.count < 150 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                let parts = line.split(separator: " ")
                if parts.first == "committed", parts.count == 3, let mid = UInt64(parts[1]), let n = Int(parts[2]) {
                    committed.append((mid, n))
                }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(committed.count >= 150)

        let store = try MailboxStore(backend: try SQLiteBackend(path: path))
        let mailbox = try #require(store.mailbox(userName: "crash@example.com"))
        let inbox = try store.specialFolderID(mailbox.id, .inbox)
        let table = try store.openTable(mailbox.id, folder: inbox, kind: .contents(associated: false))
        let present = Set(try store.tableRowIDs(table).map(\.wireValue))
        for (mid, _) in committed { #expect(present.contains(mid), "committed message \(mid) lost") }
        // Nothing beyond the reported commits, except possibly the one in flight.
        #expect(present.count == committed.count || present.count == committed.count + 1)
        for wire in present {
            let message = try store.openMessage(mailbox.id, folder: inbox, message: MessageID(wireValue: wire))
            guard case let .integer32(n)? = message.properties[PropertyTag(id: 0x8001, type: .integer32)] else {
                Issue.record("message \(wire) lacks its number"); continue
            }
            #expect(message.properties[Tags.subject] == .string("message \(n)"))
            #expect(message.properties[Tags.body] == .string(String(repeating: "\(n) ", count: 200)))
            #expect(message.recipients.count == 1)
        }
        #expect(try store.folderProperties(mailbox.id, inbox, [Tags.contentCount]) == [.value(.integer32(Int32(present.count)))])
    }
}
