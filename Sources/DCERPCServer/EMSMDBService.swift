import DCERPC
import MAPIWire
import NIOCore
import NotificationEngine

/// Who is calling, as the connection established it.
struct RPCCaller: Sendable {
    /// Canonical logon name; "" for an anonymous binding (development only).
    var user: String
    var account: NTLMAccount?
    /// The association group the connection belongs to.
    var group: UInt32
    /// The TCP peer (push callbacks must name the same host unless configured otherwise).
    var peer: SocketAddress?
}

/// How a call ends.
enum RPCCallOutcome: Sendable {
    case response([UInt8])
    case fault(FaultStatus)
    /// EcDoAsyncWaitEx parked on a session: the transport awaits the hub and answers later.
    case wait(SessionIndex)
}

/// The EMSMDB / AsyncEMSMDB call semantics of MS-OXCRPC 3.1.4 and 3.3.4 over an ``RPCMailbox``:
/// context handles, ownership, argument checks, push registration. No I/O of its own: datagrams
/// go through `perform`.
final class EMSMDBService: Sendable {
    let configuration: DCERPCServerConfiguration
    let mailbox: any RPCMailbox
    let accounts: any NTLMAccountStore
    let groups: AssociationGroups
    /// Executes engine actions (datagrams) that calls produce.
    let perform: @Sendable ([EngineAction]) -> Void
    /// Whether an IPv6 datagram socket is available for AF_INET6 callbacks.
    let supportsIPv6Push: @Sendable () -> Bool

    init(configuration: DCERPCServerConfiguration, mailbox: any RPCMailbox, accounts: any NTLMAccountStore, groups: AssociationGroups,
         supportsIPv6Push: @escaping @Sendable () -> Bool, perform: @escaping @Sendable ([EngineAction]) -> Void) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.accounts = accounts
        self.groups = groups
        self.supportsIPv6Push = supportsIPv6Push
        self.perform = perform
    }

    /// Calls that never block run here directly; ``isBlocking(_:)`` tells the transport which ones
    /// go to the thread pool (they reach the store).
    static func isBlocking(_ call: EMSMDBCall) -> Bool {
        switch call {
        case .connectEx, .rpcExt2, .disconnect: true
        case .dummy, .registerPushNotification, .asyncConnectEx, .asyncWaitEx: false
        }
    }

    func handle(_ call: EMSMDBCall, caller: RPCCaller) -> RPCCallOutcome {
        switch call {
        case .dummy:
            return .response(EcDummyRpc.encodeResponse())
        case let .connectEx(request):
            return connect(request, caller: caller)
        case let .rpcExt2(request):
            return execute(request, caller: caller)
        case let .disconnect(request):
            guard let record = groups.session(request.handle, group: caller.group, user: caller.user).success,
                  groups.removeSession(request.handle, group: caller.group) != nil else { return .fault(.contextMismatch) }
            mailbox.disconnect(session: record.session)
            return .response(EcDoDisconnectRequest.encodeResponse())
        case let .registerPushNotification(request):
            return registerPush(request, caller: caller)
        case let .asyncConnectEx(request):
            guard groups.session(request.handle, group: caller.group, user: caller.user).success != nil else { return .fault(.contextMismatch) }
            guard let asyncHandle = groups.asyncHandle(for: request.handle, group: caller.group) else {
                return .response(EcDoAsyncConnectExRequest.encodeResponse(asyncHandle: .null, returnValue: ErrorCode.notEnoughMemory.rawValue))
            }
            return .response(EcDoAsyncConnectExRequest.encodeResponse(asyncHandle: asyncHandle, returnValue: 0))
        case let .asyncWaitEx(request):
            // MS-OXCRPC 3.3.4.1: an ACXH that is not valid completes at once, successfully, with
            // NotificationPending set — the client then learns from EcDoRpcExt2 that the session is gone.
            guard let record = groups.sessionForAsyncHandle(request.asyncHandle, group: caller.group, user: caller.user) else {
                return .response(EcDoAsyncWaitExRequest.encodeResponse(flagsOut: EcDoAsyncWaitExRequest.notificationPending, returnValue: 0))
            }
            return .wait(record.session.index)
        }
    }

    /// EcDoConnectEx (MS-OXCRPC 3.1.4.1).
    private func connect(_ request: EcDoConnectExRequest, caller: RPCCaller) -> RPCCallOutcome {
        func refuse(_ code: ErrorCode) -> RPCCallOutcome {
            .response(EcDoConnectExResponse(handle: .null, pollsMax: 0, retryCount: 0, retryDelay: 0, sessionIndex: 0, dnPrefix: nil,
                                            displayName: nil, serverVersion: configuration.serverVersion, bestVersion: request.clientVersion,
                                            timeStamp: 0, returnValue: code.rawValue).encode())
        }
        guard request.auxIn.isEmpty || request.auxIn.count >= 8 else { return refuse(.rpcFailed) }
        let dn = String(decoding: request.userDN, as: UTF8.self)
        let userName: String
        if let account = caller.account {
            // A user logs on to their own mailbox only (the DN names the mailbox).
            guard dn.lowercased() == account.essdn.lowercased() else { return refuse(.loginPermission) }
            userName = account.name
        } else {
            guard configuration.allowsAnonymous, let name = Self.commonName(of: dn) else { return refuse(.unknownUser) }
            userName = name
        }
        let session: RPCMailboxSession
        switch mailbox.connect(userName: userName, request: request) {
        case let .connected(created): session = created
        case let .refused(code): return refuse(code)
        }
        guard let handle = groups.insert(.session(SessionRecord(session: session, owner: caller.user)), group: caller.group) else {
            mailbox.disconnect(session: session)
            return refuse(.notEnoughMemory)
        }
        return .response(EcDoConnectExResponse(
            handle: handle, pollsMax: configuration.pollsMax, retryCount: configuration.retryCount, retryDelay: configuration.retryDelay,
            sessionIndex: session.index.rawValue, dnPrefix: Array(configuration.dnPrefix.utf8), displayName: Array((caller.account?.displayName ?? session.displayName).utf8),
            serverVersion: configuration.serverVersion, bestVersion: request.clientVersion, timeStamp: session.timeStamp).encode())
    }

    /// EcDoRpcExt2 (MS-OXCRPC 3.1.4.2).
    private func execute(_ request: EcDoRpcExt2Request, caller: RPCCaller) -> RPCCallOutcome {
        guard let record = groups.session(request.handle, group: caller.group, user: caller.user).success else { return .fault(.contextMismatch) }
        let start = ContinuousClock.now
        // cbIn < 8 / pcbOut < 8: ecRpcFailed as a return value (MS-OXCRPC 3.1.4.2 <20>, <21>).
        guard request.ropIn.count >= 8, request.maxRopOut >= 8, request.auxIn.isEmpty || request.auxIn.count >= 8 else {
            return .response(EcDoRpcExt2Response(handle: request.handle, ropOut: [], returnValue: ErrorCode.rpcFailed.rawValue).encode())
        }
        let result = mailbox.execute(session: record.session, flags: request.flags, ropIn: request.ropIn,
                                     maxRopOut: Int(request.maxRopOut), auxIn: request.auxIn)
        var handle = request.handle
        if result.destroySession, groups.removeSession(request.handle, group: caller.group) != nil {
            mailbox.disconnect(session: record.session)
            handle = .null
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = UInt32(clamping: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let ropOut = result.ropOut.count <= Int(request.maxRopOut) ? result.ropOut : []
        let auxOut = result.auxOut.count <= Int(request.maxAuxOut) ? result.auxOut : []
        return .response(EcDoRpcExt2Response(handle: handle, ropOut: ropOut, auxOut: auxOut, transactionTime: milliseconds,
                                             returnValue: result.returnValue.rawValue).encode())
    }

    /// EcRRegisterPushNotification (MS-OXCRPC 3.1.4.5; MS-OXCNOTIF 3.1.5.4).
    private func registerPush(_ request: EcRRegisterPushNotificationRequest, caller: RPCCaller) -> RPCCallOutcome {
        guard let record = groups.session(request.handle, group: caller.group, user: caller.user).success else { return .fault(.contextMismatch) }
        func answer(_ code: ErrorCode, notification: UInt32 = 0) -> RPCCallOutcome {
            .response(EcRRegisterPushNotificationRequest.encodeResponse(handle: request.handle, notificationHandle: notification, returnValue: code.rawValue))
        }
        guard configuration.pushEnabled else { return answer(.notSupported) }
        guard !request.context.isEmpty else { return answer(.invalidParameter) }
        guard request.context.count <= 16 else { return answer(.tooBig) }
        guard let address = PushCallbackAddress.parse(request.callbackAddress) else { return answer(.invalidParameter) }
        guard address.isDeliverable else { return answer(.invalidParameter) }
        if address.isV6, !supportsIPv6Push() { return answer(.notSupported) }
        // Datagrams only go back to the host that registered them, so the server cannot be used to
        // send UDP to third parties (unless an administrator allows it).
        if configuration.pushRequiresPeerHost, let peer = caller.peer, !address.sameHost(as: peer) { return answer(.accessDenied) }
        let updated = groups.update(request.handle, group: caller.group) { $0.pushRegistrations &+= 1 }
        perform(mailbox.notifications.registerPush(session: record.session.index, context: request.context, address: request.callbackAddress))
        return answer(.success, notification: updated?.pushRegistrations ?? 1)
    }

    /// The last `cn=` of a DN, lower-cased (anonymous development logons name their mailbox this way).
    static func commonName(of dn: String) -> String? {
        let lower = dn.lowercased()
        guard let range = lower.ranges(of: "/cn=").last else { return nil }
        let name = String(lower[range.upperBound...])
        return name.isEmpty ? nil : name
    }
}
