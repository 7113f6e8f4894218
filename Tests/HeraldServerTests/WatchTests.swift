import Foundation
import HeraldClient
import HeraldServer
import MAPIWire
import Testing

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    func append(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        collected.append(line)
    }
    var lines: [String] {
        lock.lock(); defer { lock.unlock() }
        return collected
    }
}

@Suite("herald watch against herald serve")
struct WatchTests {
    @Test("The watcher prints the NewMail of a message delivered through the CLI path (admin API)")
    func watchSeesDelivery() async throws {
        try await LiveHerald.with { server in
            let output = LineCollector()
            for json in [false, true] {
                // One status log per watcher: the first watcher's "watching" line must not be taken
                // for the second's subscription.
                let status = LineCollector()
                let watcher = NotificationWatcher(
                    options: .init(baseURL: server.baseURL, user: "alice", password: LiveHerald.password, target: .inbox, json: json,
                                   types: [.newMail], limit: 1),
                    output: { output.append($0) }, status: { status.append($0) })
                let watching = Task { try await watcher.run() }
                // A delivery made before the subscription exists is never announced: wait for it
                // (a loaded machine can take seconds), and fail rather than hang if it never comes.
                guard await eventually(within: .seconds(60), { status.lines.contains(where: { $0.hasPrefix("watching") }) }) else {
                    watching.cancel()
                    Issue.record("the watcher did not subscribe within 60 s: \(status.lines)")
                    return
                }
                // The same route `herald deliver` takes: the directory is locked by the server.
                let (receipt, route) = try await HeraldAdmin.perform(dataDirectory: server.dataDirectory, domain: "herald.local") { client in
                    try await client.deliver(.init(to: "alice", subject: "hi"))
                } local: { _ in
                    throw HeraldError("went direct while the server runs")
                }
                guard case .server = route else { watching.cancel(); Issue.record("not routed through the server"); return }
                guard try await Self.finishes(watching, within: .seconds(60)) else {
                    Issue.record("the watcher did not print the NewMail within 60 s: \(status.lines)")
                    return
                }
                let line = try #require(output.lines.last)
                if json {
                    #expect(line.hasPrefix("{") && line.contains("\"type\":\"NewMail\""), "\(line)")
                    #expect(line.contains("IPM.Note"))
                } else {
                    #expect(line.contains(" NewMail "), "\(line)")
                    #expect(line.contains("message=\(receipt.messageID)"), "\(line)")
                    #expect(line.contains("class=IPM.Note"))
                }
            }
        }
    }

    /// Whether `task` ends within `limit`; if not it is cancelled, so a lost notification fails the
    /// test instead of holding it (and a parallel-run slot) forever.
    static func finishes(_ task: Task<Void, any Error>, within limit: Duration) async throws -> Bool {
        let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await task.value; return true }
            group.addTask { try await Task.sleep(for: limit); return false }
            let first = try await group.next() ?? false
            if !first { task.cancel() }
            group.cancelAll()
            return first
        }
        return finished
    }

    @Test("Notification lines: one per notification, fields by layout")
    func formatting() {
        var data = NotificationData.newMail(folderID: ObjectID(replicaID: 1, globalCounter: 9), messageID: ObjectID(replicaID: 1, globalCounter: 0x400),
                                            messageFlags: 0, messageClass: "IPM.Note", unicode: true)
        let line = NotificationWatcher.format(RopNotify(notificationHandle: 1, logonID: 0, notificationData: data), json: false, now: Date(timeIntervalSince1970: 0))
        #expect(line == "1970-01-01T00:00:00Z NewMail folder=0x0900000000000001 message=0x0004000000000001 class=IPM.Note flags=0x0")
        data.messageClass = "IPM.Note.X"
        let json = NotificationWatcher.format(RopNotify(notificationHandle: 7, logonID: 0, notificationData: data), json: true, now: Date(timeIntervalSince1970: 0))
        #expect(json.hasPrefix("{\"time\":\"1970-01-01T00:00:00Z\",\"handle\":7,"))
        #expect(!json.contains("\n"))
    }
}
