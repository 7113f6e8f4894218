import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import MAPIHTTP
import NIOCore
import NIOSSL
import ServiceLifecycle
import UnixSignals
import HummingbirdCore

/// The HTTP side of `herald serve`, for any ``MailboxEndpoint``: the MAPI/HTTP routes, the admin
/// API, TLS, and the service group whose graceful shutdown completes held NotificationWaits
/// before the HTTP server stops.
///
/// Shutdown order (swift-service-lifecycle shuts services down in reverse order, each after the
/// previous one finished): first `completeWaits` (the engine answers every held wait), then the
/// session sweeper (every session context released), then the HTTP server, which by then has
/// only finished responses to flush.
public struct HeraldHTTPHost<Endpoint: MailboxEndpoint>: Sendable {
    public let options: HeraldServerOptions
    public let mapi: MAPIHTTPServer<Endpoint>
    public let accounts: HeraldAccounts
    public let logger: Logger
    let adminToken: String
    let completeWaits: @Sendable () async -> Void
    let extraServices: [any Service]
    /// Published in `server.json` (the DCE/RPC listener's port, when one runs).
    let rpcPort: Int?

    public init(
        options: HeraldServerOptions,
        mapi: MAPIHTTPServer<Endpoint>,
        accounts: HeraldAccounts,
        logger: Logger,
        extraServices: [any Service] = [],
        rpcPort: Int? = nil,
        completeWaits: @escaping @Sendable () async -> Void
    ) {
        self.rpcPort = rpcPort
        self.options = options
        self.mapi = mapi
        self.accounts = accounts
        self.logger = logger
        self.extraServices = extraServices
        self.completeWaits = completeWaits
        var generator = SystemRandomNumberGenerator()
        adminToken = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }

    /// Runs until `shutdownSignals` arrive or `group.triggerGracefulShutdown()` is called (via
    /// `onRunning`'s handle). `onRunning` receives the bound port once the listener is up.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onRunning: @escaping @Sendable (_ port: Int, _ group: ServiceGroupHandle) async -> Void = { _, _ in }
    ) async throws {
        let (host, port) = try options.listenAddress()
        let router = Router()
        mapi.addRoutes(to: router)
        let mapi = self.mapi
        AdminAPI.addRoutes(to: router, accounts: accounts, token: adminToken) {
            mapi.authenticator.forgetVerifiedCredentials()
        }
        let handle = ServiceGroupHandle()
        let directory = HeraldDataDirectory(path: options.dataDirectory)
        let token = adminToken
        let scheme = options.usesTLS ? "https" : "http"
        let logger = self.logger
        let rpcPort = self.rpcPort
        let onServerRunning: @Sendable (any Channel) async -> Void = { channel in
            let boundPort = channel.localAddress?.port ?? port
            // The admin API is reached over loopback even when the listener is a wildcard.
            let adminHost = (host == "0.0.0.0" || host == "::" || host == "*") ? "127.0.0.1" : host
            let hostPart = adminHost.contains(":") ? "[\(adminHost)]" : adminHost
            do {
                try directory.writeServerInfo(.init(adminURL: "\(scheme)://\(hostPart):\(boundPort)", token: token, pid: getpid(), rpcPort: rpcPort))
            } catch {
                logger.error("cannot write server.json: \(error)")
            }
            await onRunning(boundPort, handle)
        }
        let server: HTTPServerBuilder
        let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: mapi.makeChannelHandlers()))
        if let certificate = options.tlsCertificate {
            guard let keyPath = options.tlsKey else { throw HeraldError("--tls-cert needs --tls-key") }
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            server = try .tls(http1, tlsConfiguration: TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        } else {
            server = http1
        }
        let application = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: onServerRunning,
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(
            services: [application] + extraServices + [MAPIHTTPSessionSweeper(server: mapi), WaitCompletionService(completeWaits: completeWaits)],
            gracefulShutdownSignals: gracefulShutdownSignals,
            logger: logger
        ))
        await handle.set(group)
        defer { directory.removeServerInfo() }
        try await group.run()
    }
}

/// Lets whoever started the host shut it down gracefully (tests, `--demo` tooling).
public actor ServiceGroupHandle {
    private var group: ServiceGroup?

    public init() {}

    func set(_ group: ServiceGroup) { self.group = group }

    public func triggerGracefulShutdown() async {
        await group?.triggerGracefulShutdown()
    }
}

/// On graceful shutdown, tells the engine to answer every held wait (ecExiting) so their HTTP
/// responses complete before the server stops.
struct WaitCompletionService: Service {
    let completeWaits: @Sendable () async -> Void

    func run() async throws {
        try? await gracefulShutdown()
        await completeWaits()
    }
}
