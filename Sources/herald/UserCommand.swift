import ArgumentParser
import Foundation
import HeraldClient
import HeraldServer

/// `herald user add|list|passwd|remove`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users and their mailboxes (works while the server runs).",
        discussion: """
            When `herald serve` runs on the same data directory the change goes through its admin API \
            (so it takes effect at once); otherwise the database is changed directly.
            """,
        subcommands: [Add.self, List.self, Passwd.self, Remove.self]
    )

    struct Location: ParsableArguments {
        @Option(name: .customLong("data"), help: "The data directory.")
        var dataDirectory = "./herald-data"

        @Option(help: "The mail domain (addresses are user@domain).")
        var domain = "herald.local"
    }

    struct PasswordSource: ParsableArguments {
        @Option(help: "The password (visible to other local users in the process list; prefer --password-stdin).")
        var password: String?

        @Flag(help: "Read the password from the first line of standard input.")
        var passwordStdin = false

        func resolve(prompt: String) throws -> String {
            if let password { return password }
            if passwordStdin {
                guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
                return line
            }
            return try Terminal.readPassword(prompt: prompt)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user and provision the mailbox.")
        @Argument(help: "Logon name (letters, digits, '.', '_', '-').") var user: String
        @OptionGroup var password: PasswordSource
        @Option(help: "Display name (default: the user name).") var displayName: String?
        @OptionGroup var location: Location

        func run() async throws {
            let secret = try password.resolve(prompt: "Password for \(user): ")
            let (summary, route) = try await HeraldAdmin.perform(dataDirectory: location.dataDirectory, domain: location.domain) { client in
                try await client.addUser(user, password: secret, displayName: displayName)
            } local: { accounts in
                try accounts.addUser(user, password: secret, displayName: displayName)
            }
            print("added \(summary.name) <\(summary.address)> \(summary.essdn)\(Terminal.via(route))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var location: Location

        func run() async throws {
            let (users, _) = try await HeraldAdmin.perform(dataDirectory: location.dataDirectory, domain: location.domain) { client in
                try await client.listUsers()
            } local: { accounts in
                try accounts.listUsers()
            }
            for user in users {
                print("\(user.name)\t\(user.address)\t\(user.displayName)\(user.hasMailbox ? "" : "\t(no mailbox)")")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a user's password.")
        @Argument var user: String
        @OptionGroup var password: PasswordSource
        @OptionGroup var location: Location

        func run() async throws {
            let secret = try password.resolve(prompt: "New password for \(user): ")
            let (_, route) = try await HeraldAdmin.perform(dataDirectory: location.dataDirectory, domain: location.domain) { client in
                try await client.setPassword(user, password: secret)
            } local: { accounts in
                try accounts.setPassword(user, password: secret)
            }
            print("password changed for \(user.lowercased())\(Terminal.via(route))")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a user (nobody can log on as them; the mailbox's contents are kept).")
        @Argument var user: String
        @OptionGroup var location: Location

        func run() async throws {
            let (_, route) = try await HeraldAdmin.perform(dataDirectory: location.dataDirectory, domain: location.domain) { client in
                try await client.removeUser(user)
            } local: { accounts in
                try accounts.removeUser(user)
            }
            print("removed \(user.lowercased())\(Terminal.via(route))")
        }
    }
}

enum Terminal {
    static func via(_ route: HeraldAdmin.Route) -> String {
        switch route {
        case .direct: ""
        case let .server(url): " (via the running server at \(url))"
        }
    }

    /// Reads a password without echo when standard input is a terminal, else one line.
    static func readPassword(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) != 0, let raw = getpass(prompt) {
            return String(cString: raw)
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password given (use --password or --password-stdin)") }
        return line
    }
}
