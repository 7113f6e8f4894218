import DCERPC
import DCERPCNTLM
import Logging
import MAPIWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NTLM
import NotificationEngine

/// Herald's DCE/RPC transport: EMSMDB and AsyncEMSMDB over ncacn_ip_tcp (MS-OXCRPC), with NTLM
/// logon, the endpoint mapper on the same port, EcDoAsyncWaitEx and UDP push.
///
/// ```swift
/// let rpc = DCERPCServer(configuration: .init(), mailbox: EMSMDBRPCMailbox(server: emsmdb), accounts: ntlmAccounts)
/// let address = try await rpc.start(host: "127.0.0.1", port: 6001)   // herald serve --rpc-listen 127.0.0.1:6001
/// ...
/// await rpc.stop()      // parked EcDoAsyncWaitEx complete with ecExiting, sessions are disconnected
/// ```
public final class DCERPCServer: Sendable {
    let core: DCERPCServerCore

    public init(configuration: DCERPCServerConfiguration = DCERPCServerConfiguration(), mailbox: any RPCMailbox,
                accounts: any NTLMAccountStore, eventLoopGroup: MultiThreadedEventLoopGroup = .singleton,
                threadPool: NIOThreadPool = .singleton, logger: Logger = Logger(label: "herald.rpc")) {
        core = DCERPCServerCore(configuration: configuration, mailbox: mailbox, accounts: accounts, eventLoopGroup: eventLoopGroup,
                                threadPool: threadPool, logger: logger)
    }

    /// Binds the TCP listener (and the UDP push sockets) and starts the timer driver. Returns the
    /// bound address (port 0 picks one).
    @discardableResult
    public func start(host: String, port: Int) async throws -> SocketAddress {
        try await core.start(host: host, port: port)
    }

    /// Completes parked waits with ecExiting, asks every client to close (shutdown PDU), closes the
    /// listener and sockets, and disconnects every session context.
    public func stop() async {
        await core.stop()
    }

    /// The bound listener address, once started.
    public var localAddress: SocketAddress? { core.listener.withLockedValue { $0?.localAddress } }

    /// Executes engine actions produced outside this server (e.g. `.sendDatagram` returned by a
    /// `NotificationHub.publish` made by the store adapter, or by another `tick()` driver).
    public func perform(_ actions: [EngineAction]) {
        core.perform(actions)
    }

    /// Open TCP connections, as counted against ``DCERPCServerConfiguration/maxConnections``
    /// (from accept until the socket is closed; diagnostics and tests).
    public var connectionCount: Int { core.admission.withLockedValue { $0.open } }

    /// Connections closed at accept because ``DCERPCServerConfiguration/maxConnections`` were open.
    public var refusedConnectionCount: Int { core.admission.withLockedValue { $0.refused } }
}

/// Shared state of one running server.
final class DCERPCServerCore: Sendable {
    let configuration: DCERPCServerConfiguration
    let mailbox: any RPCMailbox
    let accounts: any NTLMAccountStore
    let groups = AssociationGroups()
    let eventLoopGroup: MultiThreadedEventLoopGroup
    let threadPool: NIOThreadPool
    let logger: Logger
    let service: EMSMDBService

    let listener = NIOLockedValueBox<Channel?>(nil)
    private let boundPort = NIOLockedValueBox<Int>(0)
    private let udp4 = NIOLockedValueBox<Channel?>(nil)
    private let udp6 = NIOLockedValueBox<Channel?>(nil)
    private let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
    let connections = NIOLockedValueBox<[ObjectIdentifier: (channel: Channel, handler: NIOLoopBound<RPCConnectionHandler>)]>([:])
    /// Accepted connections not yet closed (counted from accept, before their handler is added),
    /// and how many were refused over ``DCERPCServerConfiguration/maxConnections``.
    let admission = NIOLockedValueBox<(open: Int, refused: Int)>((0, 0))

    init(configuration: DCERPCServerConfiguration, mailbox: any RPCMailbox, accounts: any NTLMAccountStore,
         eventLoopGroup: MultiThreadedEventLoopGroup, threadPool: NIOThreadPool, logger: Logger) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.accounts = accounts
        self.eventLoopGroup = eventLoopGroup
        self.threadPool = threadPool
        self.logger = logger
        let groups = self.groups
        let udp6 = self.udp6
        let datagrams = DatagramSender(udp4: udp4, udp6: udp6, logger: logger)
        service = EMSMDBService(configuration: configuration, mailbox: mailbox, accounts: accounts, groups: groups,
                                supportsIPv6Push: { udp6.withLockedValue { $0 != nil } },
                                perform: { datagrams.perform($0) })
    }

    var port: Int { boundPort.withLockedValue { $0 } }

    func start(host: String, port: Int) async throws -> SocketAddress {
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                let admitted = admit(channel)
                if !admitted {
                    logger.notice("refusing rpc connection from \(channel.remoteAddress.map { "\($0)" } ?? "?"): \(configuration.maxConnections) connections open")
                }
                return channel.eventLoop.makeCompletedFuture {
                    // Over the limit: closed as soon as it is active, before any PDU is read. The
                    // client sees the TCP connection end (no bind_ack); open connections keep working.
                    try channel.pipeline.syncOperations.addHandler(admitted ? RPCConnectionHandler(server: self) as ChannelHandler : RefusedConnectionHandler())
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        guard let address = channel.localAddress else { throw ChannelError.unknownLocalAddress }
        boundPort.withLockedValue { $0 = address.port ?? port }
        listener.withLockedValue { $0 = channel }
        if configuration.pushEnabled {
            udp4.withLockedValue { $0 = nil }
            let v4 = try? await DatagramBootstrap(group: eventLoopGroup).bind(host: "0.0.0.0", port: 0).get()
            udp4.withLockedValue { $0 = v4 }
            let v6 = try? await DatagramBootstrap(group: eventLoopGroup).bind(host: "::", port: 0).get()
            udp6.withLockedValue { $0 = v6 }
        }
        mailbox.installEngineActionHandler { [self] actions in perform(actions) }
        if configuration.drivesEngineTimer { startTimer() }
        logger.info("DCE/RPC (EMSMDB, AsyncEMSMDB) listening on \(address)")
        return address
    }

    /// Polls the engine's deadlines (wait timeouts, push resends) every `timerResolution`. Deadlines
    /// are minutes and tens of seconds apart, so polling is cheap and never misses a wake-up that a
    /// call on another transport announced.
    private func startTimer() {
        let hub = mailbox.notifications
        let resolution = configuration.timerResolution
        let task = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: resolution)
                _ = hub.takeScheduledTicks()
                if let deadline = hub.nextDeadline, deadline <= hub.now {
                    perform(hub.tick())
                }
            }
        }
        timer.withLockedValue { $0 = task }
    }

    func stop() async {
        timer.withLockedValue { task in task?.cancel(); task = nil }
        mailbox.installEngineActionHandler(nil)
        let open = connections.withLockedValue { $0.values.map { $0 } }
        for entry in open {
            try? await entry.channel.eventLoop.submit { entry.handler.value.shutdown() }.get()
        }
        let server = listener.withLockedValue { value -> Channel? in defer { value = nil }; return value }
        try? await server?.close()
        for entry in open { try? await entry.channel.closeFuture.get() }
        for box in [udp4, udp6] {
            let channel = box.withLockedValue { value -> Channel? in defer { value = nil }; return value }
            try? await channel?.close()
        }
        let sessions = groups.removeAll()
        let mailbox = self.mailbox
        if !sessions.isEmpty {
            try? await threadPool.runIfActive { for session in sessions { mailbox.disconnect(session: session) } }
        }
    }

    /// Counts an accepted connection unless ``DCERPCServerConfiguration/maxConnections`` are open;
    /// the count drops when the connection closes.
    private func admit(_ channel: Channel) -> Bool {
        let limit = configuration.maxConnections
        let admitted = admission.withLockedValue { state -> Bool in
            guard state.open < limit else {
                state.refused += 1
                return false
            }
            state.open += 1
            return true
        }
        if admitted {
            let admission = self.admission
            channel.closeFuture.whenComplete { _ in admission.withLockedValue { $0.open -= 1 } }
        }
        return admitted
    }

    func register(_ handler: RPCConnectionHandler, channel: Channel) {
        let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
        connections.withLockedValue { $0[ObjectIdentifier(channel)] = (channel, bound) }
    }

    func unregister(_ channel: Channel) {
        _ = connections.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// A connection left its association group; the last one out runs the group's handles down.
    func leave(_ group: UInt32) {
        let sessions = groups.leave(group)
        guard !sessions.isEmpty else { return }
        let mailbox = self.mailbox
        threadPool.submit { _ in for session in sessions { mailbox.disconnect(session: session) } }
    }

    func perform(_ actions: [EngineAction]) {
        DatagramSender(udp4: udp4, udp6: udp6, logger: logger).perform(actions)
    }

    /// One NTLM provider per connection, with a fresh server challenge (MS-NLMP 3.2.5.1.1).
    func makeSecurityProvider() -> NTLMSecurityProvider {
        var generator = SystemRandomNumberGenerator()
        let challenge = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let accounts = self.accounts
        return NTLMSecurityProvider(
            server: NTLMServer(netBIOSDomain: configuration.netBIOSDomain, netBIOSComputer: configuration.netBIOSComputer,
                               dnsDomain: configuration.dnsDomain, dnsComputer: configuration.dnsComputer),
            serverChallenge: challenge, timestamp: Self.fileTimeNow(),
            lookup: { user, _ in accounts.account(named: NTLMAccount.accountName(forNTLMUser: user))?.ntHash })
    }

    /// FILETIME: 100 ns intervals since 1601-01-01 (MS-DTYP 2.3.3).
    static func fileTimeNow() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) &* 10_000_000 &+ UInt64(spec.tv_nsec / 100) &+ 116_444_736_000_000_000
    }

    /// The IPv4 address ept_map answers: the connection's local address (what the client reached).
    func advertisedIPv4(local: SocketAddress?) -> (UInt8, UInt8, UInt8, UInt8) {
        if case let .v4(address)? = local {
            let raw = UInt32(bigEndian: address.address.sin_addr.s_addr)
            return (UInt8(raw >> 24), UInt8(raw >> 16 & 0xFF), UInt8(raw >> 8 & 0xFF), UInt8(raw & 0xFF))
        }
        return (127, 0, 0, 1)
    }
}

/// Closes a connection accepted over ``DCERPCServerConfiguration/maxConnections``.
final class RefusedConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

/// Sends the `.sendDatagram` actions of the engine (MS-OXCNOTIF 3.1.5.4: the payload is exactly the
/// registered context). Other actions need nothing here: waits are the hub's, timers are polled.
struct DatagramSender: Sendable {
    let udp4: NIOLockedValueBox<Channel?>
    let udp6: NIOLockedValueBox<Channel?>
    let logger: Logger

    func perform(_ actions: [EngineAction]) {
        for action in actions {
            guard case let .sendDatagram(session, context, address) = action,
                  let callback = PushCallbackAddress.parse(address),
                  let target = try? callback.socketAddress(),
                  let channel = (callback.isV6 ? udp6 : udp4).withLockedValue({ $0 }) else { continue }
            let envelope = AddressedEnvelope(remoteAddress: target, data: channel.allocator.buffer(bytes: context))
            let promise: EventLoopPromise<Void>? = nil
            channel.writeAndFlush(envelope, promise: promise)
            logger.trace("push datagram for \(session) to \(target)")
        }
    }
}
