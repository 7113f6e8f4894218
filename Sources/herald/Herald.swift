import ArgumentParser

@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "An MS-OXCNOTIF notification server with a real mailbox behind it.",
        subcommands: [ServeCommand.self, WatchCommand.self, DeliverCommand.self, UserCommand.self, DecodeCommand.self]
    )
}
