import DCERPCServer
import EMSMDB
import Foundation
import Logging
import MAPIHTTP
import MailboxStore
import NotificationEngine
import ServiceLifecycle
import UnixSignals

/// `herald serve`, assembled: the data directory (locked), the SQLite store wired into the
/// notification engine, the EMSMDB processor, accounts, the MAPI/HTTP host and, with
/// `--rpc-listen`, the DCE/RPC transport on the same processor, hub and store.
public enum HeraldServe {
    public static func run(
        options: HeraldServerOptions,
        logger: Logger,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onRunning: @escaping @Sendable (_ port: Int, _ handle: ServiceGroupHandle) async -> Void = { _, _ in }
    ) async throws {
        let directory = HeraldDataDirectory(path: options.dataDirectory)
        guard let lock = try await directory.lock(timeout: .seconds(10)) else {
            throw HeraldError("\(options.dataDirectory) is in use by another herald server")
        }
        defer { lock.unlock() }
        let (host, port) = try options.listenAddress()

        var engineConfiguration = EngineConfiguration()
        engineConfiguration.waitTimeout = .milliseconds(options.notificationWaitTimeoutMilliseconds)
        engineConfiguration.pushInterval = .milliseconds(max(1, options.pushIntervalMilliseconds))
        let backend = try SQLiteBackend(path: directory.databasePath)
        let processor = try EMSMDBServer(backend: backend, engineConfiguration: engineConfiguration)
        let accounts = HeraldAccounts(backend: backend, store: processor.store, domain: options.domain,
                                      hasher: PasswordHasher(iterations: options.passwordIterations))
        if options.demo, (try? backend.account(named: "demo")) ?? nil == nil {
            try accounts.addUser("demo", password: "demo", displayName: "Demo User")
            logger.info("created the demo user (password demo)")
        }
        let rpc = try await startRPC(options: options, processor: processor, accounts: accounts, logger: logger)
        do {
            try await serve(options: options, host: host, port: port, processor: processor, accounts: accounts, rpc: rpc,
                            logger: logger, gracefulShutdownSignals: gracefulShutdownSignals, onRunning: onRunning)
        } catch {
            await rpc?.server.stop()
            throw error
        }
        await rpc?.server.stop()
    }

    /// `--rpc-listen`: EMSMDB / AsyncEMSMDB over ncacn_ip_tcp on the shared processor. Bound before
    /// the HTTP listener, so a busy port fails the start.
    static func startRPC(options: HeraldServerOptions, processor: EMSMDBServer, accounts: HeraldAccounts,
                         logger: Logger) async throws -> (server: DCERPCServer, port: Int)? {
        guard let (rpcHost, rpcPort) = try options.rpcListenAddress() else { return nil }
        let withoutHash = try accounts.ntlm.reload()
        if !withoutHash.isEmpty {
            logger.warning("these users have no NT hash yet (their password was set before Herald stored one) and cannot log on over DCE/RPC until `herald user passwd`",
                           metadata: ["users": "\(withoutHash.joined(separator: ", "))"])
        }
        var configuration = DCERPCServerConfiguration()
        configuration.allowsAnonymous = options.rpcAllowAnonymous
        configuration.maxConnections = max(1, options.rpcMaxConnections)
        configuration.dnsDomain = options.domain
        configuration.dnsComputer = options.domain
        // EngineTimerService drives the shared hub; its tick actions reach the RPC server through the relay.
        configuration.drivesEngineTimer = false
        if options.rpcAllowAnonymous {
            logger.warning("--rpc-allow-anonymous: DCE/RPC clients may open any mailbox without a password (development only)")
        }
        let server = DCERPCServer(configuration: configuration, mailbox: EMSMDBRPCMailbox(server: processor), accounts: accounts.ntlm,
                                  logger: logger)
        let address = try await server.start(host: rpcHost, port: rpcPort)
        return (server, address.port ?? rpcPort)
    }

    static func serve(
        options: HeraldServerOptions, host: String, port: Int, processor: EMSMDBServer, accounts: HeraldAccounts,
        rpc: (server: DCERPCServer, port: Int)?, logger: Logger, gracefulShutdownSignals: [UnixSignal],
        onRunning: @escaping @Sendable (_ port: Int, _ handle: ServiceGroupHandle) async -> Void
    ) async throws {
        let scheme = options.usesTLS ? "https" : "http"
        let endpoint = EMSMDBMailboxEndpoint(server: processor)
        let base: @Sendable (Int) -> String = { boundPort in
            let visibleHost = (host == "0.0.0.0" || host == "::") ? "127.0.0.1" : (host.contains(":") ? "[\(host)]" : host)
            return "\(scheme)://\(visibleHost):\(boundPort)"
        }
        let configuration = MAPIHTTPConfiguration(
            domain: options.domain,
            externalBaseURL: options.externalURL ?? base(port),
            pendingPeriod: .milliseconds(options.pendingPeriodMilliseconds),
            sessionIdleTimeout: .seconds(options.sessionIdleTimeoutSeconds),
            sessionSweepInterval: .seconds(options.sessionSweepIntervalSeconds),
            secureCookies: options.usesTLS
        )
        // Port 0: Autodiscover must hand out the bound port, known only once listening.
        let mapiConfiguration = LockedBox(configuration)
        let hostService = HeraldHTTPHostLauncher(
            options: options, configuration: mapiConfiguration, endpoint: endpoint, accounts: accounts, processor: processor,
            rpc: rpc, logger: logger)
        try await hostService.run(port: port, base: base, gracefulShutdownSignals: gracefulShutdownSignals) { boundPort, handle in
            if options.demo {
                let url = base(boundPort)
                FileHandle.standardOutput.write(Data("""
                    Herald is serving MAPI over HTTP at \(url)/mapi/emsmdb/ (Autodiscover: \(url)/autodiscover/autodiscover.xml).
                    \(rpc.map { "DCE/RPC (EMSMDB over ncacn_ip_tcp) on port \($0.port): give clients ncacn_ip_tcp:\(host)[\($0.port)].\n" } ?? "")\
                    Demo user: demo / demo (demo@\(options.domain)). In other terminals:
                      swift run herald watch --user demo\(url == "http://127.0.0.1:8080" ? "" : " --url \(url)")
                      swift run herald deliver --to demo --subject hi\(options.dataDirectory == "./herald-data" ? "" : " --data \(options.dataDirectory)")
                    """.utf8 + [0x0A]))
            }
            var metadata: Logger.Metadata = ["url": "\(base(boundPort))", "data": "\(options.dataDirectory)"]
            if let rpc { metadata["rpc"] = "ncacn_ip_tcp:\(host)[\(rpc.port)]" }
            logger.info("listening", metadata: metadata)
            await onRunning(boundPort, handle)
        }
    }
}

final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var current: Value {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Builds the MAPI/HTTP server (knowing the bound port when `--listen` says 0) and runs the host
/// with the engine's timer service.
struct HeraldHTTPHostLauncher: Sendable {
    let options: HeraldServerOptions
    let configuration: LockedBox<MAPIHTTPConfiguration>
    let endpoint: EMSMDBMailboxEndpoint
    let accounts: HeraldAccounts
    let processor: EMSMDBServer
    let rpc: (server: DCERPCServer, port: Int)?
    let logger: Logger

    func run(
        port: Int,
        base: @escaping @Sendable (Int) -> String,
        gracefulShutdownSignals: [UnixSignal],
        onRunning: @escaping @Sendable (Int, ServiceGroupHandle) async -> Void
    ) async throws {
        var resolved = options
        if port == 0 && options.externalURL == nil {
            // Pick the port first so Autodiscover's URLs are right from the first request.
            let chosen = try FreePort.pick(host: try options.listenAddress().host)
            let (host, _) = try options.listenAddress()
            resolved.listen = host.contains(":") ? "[\(host)]:\(chosen)" : "\(host):\(chosen)"
            var updated = configuration.current
            updated.externalBaseURL = base(chosen)
            updated.internalBaseURL = base(chosen)
            configuration.current = updated
        }
        let processor = self.processor
        let hub = processor.hub
        // The latency histogram is read from the engine at scrape time (EngineMetricsService.swift).
        let metrics = MAPIHTTPMetrics(additionalExposition: { text in
            hub.metrics.deliveryLatency.appendPrometheusExposition(to: &text)
        })
        let mapi = MAPIHTTPServer(configuration: configuration.current, endpoint: endpoint,
                                  credentials: SQLiteCredentialStore(accounts: accounts), metrics: metrics, logger: logger)
        // Shut down in reverse: wait completion (every held NotificationWait and EcDoAsyncWaitEx
        // answered ecExiting by the hub), the session sweeper, then the DCE/RPC server (shutdown
        // PDUs, its sessions disconnected), then the timer and the HTTP server.
        var services: [any Service] = [
            EngineTimerService(hub: processor.hub, relay: processor.engineActions),
            EngineMetricsService(hub: processor.hub, registry: mapi.metrics.registry),
        ]
        if let rpc { services.append(DCERPCStopService(server: rpc.server)) }
        let host = HeraldHTTPHost(
            options: resolved, mapi: mapi, accounts: accounts, logger: logger,
            extraServices: services, rpcPort: rpc?.port,
            completeWaits: { processor.engineActions.deliver(processor.hub.shutdown()) })
        try await host.run(gracefulShutdownSignals: gracefulShutdownSignals, onRunning: onRunning)
    }
}

/// Drives the engine's deadlines (NotificationWait timeouts, push resends): `hub.tick()` whenever
/// `hub.nextDeadline` has passed, looking at least every 100 ms.
struct EngineTimerService: Service {
    let hub: NotificationHub
    let relay: EngineActionRelay

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // Deadlines announced inside hub.wait calls; polling nextDeadline covers them.
                _ = hub.takeScheduledTicks()
                if let deadline = hub.nextDeadline, deadline <= hub.now {
                    relay.deliver(hub.tick())
                    continue
                }
                var sleep = Duration.milliseconds(100)
                if let deadline = hub.nextDeadline {
                    let remaining = Duration.nanoseconds(Int64(clamping: deadline.rawValue &- hub.now.rawValue))
                    if remaining < sleep { sleep = max(remaining, .milliseconds(1)) }
                }
                do { try await Task.sleep(for: sleep) } catch { return }
            }
        }
    }
}

/// Stops the DCE/RPC server on graceful shutdown: parked EcDoAsyncWaitEx complete with ecExiting
/// (MS-OXCRPC 3.3.4.1), every connection gets a shutdown PDU, its sessions are disconnected.
struct DCERPCStopService: Service {
    let server: DCERPCServer

    func run() async throws {
        try? await gracefulShutdown()
        await server.stop()
    }
}
