import DCERPC
import DCERPCNTLM
import MAPIWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NTLM
import NotificationEngine

/// One TCP connection = one DCE/RPC association: bytes go into the sans-I/O ``RPCServerConnection``,
/// whose actions are performed here, on the channel's event loop. Calls that reach the store run on
/// the thread pool; EcDoAsyncWaitEx awaits the hub in a task; both complete back on the event loop,
/// in any order (C706 allows out-of-order completion by call_id).
final class RPCConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: DCERPCServerCore
    private var connection: RPCServerConnection
    /// The association group the bind joined (set by the connection's `associationGroup` closure).
    private let joinedGroup: NIOLockedValueBox<UInt32?>
    private var context: ChannelHandlerContext?
    private var peer: SocketAddress?
    /// Parked EcDoAsyncWaitEx calls by call_id.
    private var waits: [UInt32: Task<Void, Never>] = [:]
    private var closing = false
    private var tornDown = false

    init(server: DCERPCServerCore) {
        self.server = server
        let joinedGroup = NIOLockedValueBox<UInt32?>(nil)
        self.joinedGroup = joinedGroup
        let groups = server.groups
        let configuration = server.configuration
        var interfaces: [SyntaxIdentifier] = [.emsmdb, .asyncEMSMDB]
        if configuration.offersEndpointMapper { interfaces.append(.endpointMapper) }
        let rpcConfiguration = RPCServerConfiguration(
            interfaces: interfaces, maxReceiveFragment: configuration.maxFragment, maxTransmitFragment: configuration.maxFragment,
            maxRequestSize: configuration.maxRequestSize,
            maxConcurrentReassemblies: configuration.maxConcurrentReassemblies, secondaryAddress: String(server.port),
            allowsAnonymous: configuration.allowsAnonymous, minimumAuthenticationLevel: configuration.minimumAuthenticationLevel,
            associationGroup: { requested in
                let joined = groups.join(requested)
                joinedGroup.withLockedValue { $0 = joined }
                return joined
            })
        connection = RPCServerConnection(configuration: rpcConfiguration, security: server.makeSecurityProvider())
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = context.channel.remoteAddress
        server.register(self, channel: context.channel)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let (seconds, attoseconds) = server.configuration.bindTimeout.components
        let timeout = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        context.eventLoop.scheduleTask(in: timeout) { loopBound.value.closeIfUnbound() }
    }

    private func closeIfUnbound() {
        guard connection.state == .awaitingBind, let context else { return }
        server.logger.debug("closing rpc connection: no bind within \(server.configuration.bindTimeout)")
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        tearDown()
        self.context = nil
    }

    private func tearDown() {
        guard !tornDown else { return }
        tornDown = true
        closing = true
        for task in waits.values { task.cancel() }
        waits = [:]
        if let group = joinedGroup.withLockedValue({ value -> UInt32? in defer { value = nil }; return value }) {
            server.leave(group)
        }
        if let context { server.unregister(context.channel) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        perform(connection.receive(bytes))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        server.logger.debug("rpc connection error: \(error)")
        context.close(promise: nil)
    }

    private func perform(_ actions: [RPCServerAction]) {
        guard let context else { return }
        var wrote = false
        for action in actions {
            switch action {
            case let .send(bytes):
                context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
                wrote = true
            case let .dispatch(call):
                dispatch(call)
            case let .cancel(callID):
                waits.removeValue(forKey: callID)?.cancel()
            case let .close(reason):
                server.logger.debug("closing rpc connection: \(reason)")
                if wrote { context.flush() }
                wrote = false
                context.close(promise: nil)
            }
        }
        if wrote { context.flush() }
    }

    // MARK: Calls

    private func caller(for call: RPCCall) -> RPCCaller? {
        guard let group = joinedGroup.withLockedValue({ $0 }) else { return nil }
        if let id = call.securityContextID,
           let ntlm = connection.securityProvider(for: id) as? NTLMSecurityProvider,
           let identity = ntlm.authenticatedUser {
            guard let account = server.accounts.account(named: NTLMAccount.accountName(forNTLMUser: identity.user)) else { return nil }
            return RPCCaller(user: account.name, account: account, group: group, peer: peer)
        }
        guard server.configuration.allowsAnonymous else { return nil }
        return RPCCaller(user: "", account: nil, group: group, peer: peer)
    }

    private func dispatch(_ call: RPCCall) {
        guard let caller = caller(for: call) else {
            perform(connection.fault(callID: call.callID, status: .accessDenied))
            return
        }
        if call.interface == .endpointMapper {
            perform(endpointMapper(call))
            return
        }
        let decoded: EMSMDBCall
        do {
            decoded = try EMSMDBCall.decode(interface: call.interface, opnum: call.opnum, stub: call.stub)
        } catch {
            server.logger.debug("rpc call \(call.callID) faults: \(error)")
            perform(connection.fault(callID: call.callID, status: error.status))
            return
        }
        let service = server.service
        if EMSMDBService.isBlocking(decoded) {
            guard let eventLoop = context?.eventLoop else { return }
            let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
            let future = server.threadPool.runIfActive(eventLoop: eventLoop) { service.handle(decoded, caller: caller) }
            future.whenComplete { result in
                switch result {
                case let .success(outcome): loopBound.value.complete(call.callID, outcome)
                case .failure: loopBound.value.complete(call.callID, .fault(.serverTooBusy))
                }
            }
        } else {
            complete(call.callID, service.handle(decoded, caller: caller))
        }
    }

    private func complete(_ callID: UInt32, _ outcome: RPCCallOutcome) {
        switch outcome {
        case let .response(stub):
            perform(connection.respond(callID: callID, stub: stub))
        case let .fault(status):
            perform(connection.fault(callID: callID, status: status))
        case let .wait(session):
            guard let context, !closing else { return }
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            let hub = server.mailbox.notifications
            waits[callID] = Task {
                let outcome = await hub.wait(session: session)
                eventLoop.execute { loopBound.value.finishWait(callID, outcome) }
            }
        }
    }

    private func finishWait(_ callID: UInt32, _ outcome: WaitOutcome) {
        // A cancelled wait (client cancel, connection gone, Exiting already sent) has no answer left.
        guard waits.removeValue(forKey: callID) != nil else { return }
        let flags = outcome.pending ? EcDoAsyncWaitExRequest.notificationPending : 0
        perform(connection.respond(callID: callID, stub: EcDoAsyncWaitExRequest.encodeResponse(flagsOut: flags, returnValue: outcome.error.rawValue)))
    }

    /// Server stop: parked waits complete with Exiting (MS-OXCRPC 3.3.4.1), then a shutdown PDU and close.
    func shutdown() {
        for (callID, task) in waits {
            task.cancel()
            perform(connection.respond(callID: callID, stub: EcDoAsyncWaitExRequest.encodeResponse(flagsOut: 0, returnValue: ErrorCode.exiting.rawValue)))
        }
        waits = [:]
        perform(connection.shutdown())
    }

    private func endpointMapper(_ call: RPCCall) -> [RPCServerAction] {
        guard call.opnum == EptMapRequest.opnum else { return connection.fault(callID: call.callID, status: .operationRangeError) }
        do {
            let request = try EptMapRequest.decode(call.stub)
            let response = EndpointMapper.map(request, interfaces: [.emsmdb, .asyncEMSMDB], port: UInt16(truncatingIfNeeded: server.port),
                                              ipv4: server.advertisedIPv4(local: context?.channel.localAddress))
            return connection.respond(callID: call.callID, stub: response.encode())
        } catch {
            return connection.fault(callID: call.callID, status: error.status)
        }
    }
}
