import ArgumentParser
import HeraldServer
import Logging

/// `herald serve`: the MAPI/HTTP server, and with `--rpc-listen` the DCE/RPC transport.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the MAPI over HTTP server (Autodiscover, /mapi/emsmdb, /healthz, /metrics) and optionally DCE/RPC.",
        discussion: """
            The first start creates the data directory and its SQLite database. SIGINT or SIGTERM shut \
            down gracefully: held NotificationWaits and EcDoAsyncWaitEx calls are answered first, then \
            sessions are released. --rpc-listen also serves EMSMDB / AsyncEMSMDB over ncacn_ip_tcp with \
            NTLM logon (users whose password was set before this release need `herald user passwd` first).
            """
    )

    @Option(name: .customLong("data"), help: "Data directory (default ./herald-data).") var dataDirectory: String?
    @Option(help: "Listen address host:port (default 127.0.0.1:8080).") var listen: String?
    @Option(help: "Mail domain: addresses are user@domain (default herald.local).") var domain: String?
    @Option(help: "JSON configuration file; flags override it.") var config: String?
    @Option(help: "Base URL handed out by Autodiscover (default from --listen).") var externalURL: String?
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS.") var tlsCertificate: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.") var tlsKey: String?
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel: String?
    @Flag(help: "Create the user demo (password demo) if absent and print how to connect.") var demo = false
    @Option(name: .customLong("rpc-listen"), help: "Also serve DCE/RPC (EMSMDB over ncacn_ip_tcp, NTLM) on host:port, e.g. 127.0.0.1:6001 (default off).")
    var rpcListen: String?
    @Flag(name: .customLong("rpc-allow-anonymous"), help: "Development only: accept unauthenticated DCE/RPC binds (any mailbox, no password).")
    var rpcAllowAnonymous = false
    @Option(name: .customLong("rpc-max-connections"), help: "Concurrent DCE/RPC connections; more are closed at once (default 1024).")
    var rpcMaxConnections: Int?

    func run() async throws {
        var options = try config.map(HeraldServerOptions.load(configFile:)) ?? HeraldServerOptions()
        if let dataDirectory { options.dataDirectory = dataDirectory }
        if let listen { options.listen = listen }
        if let domain { options.domain = domain }
        if let externalURL { options.externalURL = externalURL }
        if let tlsCertificate { options.tlsCertificate = tlsCertificate }
        if let tlsKey { options.tlsKey = tlsKey }
        if let logLevel { options.logLevel = logLevel }
        if demo { options.demo = true }
        if let rpcListen { options.rpcListen = rpcListen }
        if rpcAllowAnonymous { options.rpcAllowAnonymous = true }
        if let rpcMaxConnections { options.rpcMaxConnections = rpcMaxConnections }
        let level = Logger.Level(rawValue: options.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        try await HeraldServe.run(options: options, logger: Logger(label: "herald"))
    }
}
