import ArgumentParser
import Foundation
import HeraldClient

/// `herald watch`: `tail -f` for a mailbox's notifications over MAPI/HTTP.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a mailbox's notifications live over MAPI/HTTP.",
        discussion: """
            Autodiscover, Connect, RopLogon, RopRegisterNotification (the whole store, the Inbox or a \
            folder), then NotificationWait → empty Execute, printing each notification (one line, or \
            one JSON object per line with --json), following RopPending until drained, reconnecting \
            when the session expires.
            """
    )

    @Option(help: "User name (or user@domain).") var user: String
    @OptionGroup var password: UserCommand.PasswordSource
    @Option(help: "Server base URL.") var url = "http://127.0.0.1:8080"
    @Option(help: "Mail domain, for Autodiscover.") var domain = "herald.local"
    @Option(help: "Inbox, a folder id (0x… as printed), or store (default: the whole store).") var folder: String?
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        guard let target = NotificationWatcher.Target(argument: folder) else { throw ValidationError("--folder: Inbox, store or a hex folder id") }
        let secret = try password.resolve(prompt: "Password for \(user): ")
        let options = NotificationWatcher.Options(baseURL: url, user: user, password: secret, domain: domain, target: target, json: json)
        let watcher = NotificationWatcher(options: options, output: { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }, status: { line in
            FileHandle.standardError.write(Data("# \(line)\n".utf8))
        })
        try await watcher.run()
    }
}
