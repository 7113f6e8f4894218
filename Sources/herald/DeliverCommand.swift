import ArgumentParser
import HeraldClient
import HeraldServer

/// `herald deliver`: local delivery into a mailbox's Inbox.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Deliver a message into a user's Inbox (NewMail and table notifications fire for watching clients).",
        discussion: """
            With `herald serve` running on the same data directory, the message goes through the \
            server's admin API, so its sessions are notified at once; otherwise it is written to the \
            database directly and clients see it when the server next starts.
            """
    )

    @Option(help: "Recipient: a user name or user@domain.") var to: String
    @Option(help: "Sender address.") var from = "herald@localhost"
    @Option(help: "Subject.") var subject = ""
    @Option(help: "Plain-text body.") var body = ""
    @Option(name: .customLong("class"), help: "Message class.") var messageClass = "IPM.Note"
    @OptionGroup var location: UserCommand.Location

    func run() async throws {
        let delivery = HeraldAccounts.Delivery(to: to, from: from, subject: subject, body: body, messageClass: messageClass)
        let (receipt, route) = try await HeraldAdmin.perform(dataDirectory: location.dataDirectory, domain: location.domain) { client in
            try await client.deliver(delivery)
        } local: { accounts in
            try accounts.deliver(delivery)
        }
        print("delivered to \(to): folder \(receipt.folderID) message \(receipt.messageID)\(Terminal.via(route))")
    }
}
