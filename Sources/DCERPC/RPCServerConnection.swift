import MAPIWire

/// Settings for one server connection (C706 12.6.3.1 fragment sizes; MS-RPCE 3.3.1.5.x).
public struct RPCServerConfiguration: Sendable {
    /// Abstract syntaxes this server offers. A proposal matches when the UUID and major version are
    /// equal and the proposed minor version is not above the offered one (C706 12.6.3.1 / 4.2.2.3).
    public var interfaces: [SyntaxIdentifier]
    /// Largest fragment Herald accepts; bind_ack announces it as max_recv_frag.
    public var maxReceiveFragment: UInt16
    /// Largest fragment Herald sends, before lowering to what the client can receive.
    public var maxTransmitFragment: UInt16
    /// Cap on one reassembled request stub (a multi-fragment request beyond it faults and the
    /// connection closes). 0x40000 + slack covers EcDoRpcExt2's BIG_RANGE_ULONG plus NDR overhead.
    public var maxRequestSize: Int
    /// Requests being reassembled at once on one connection.
    public var maxConcurrentReassemblies: Int
    /// sec_addr in bind_ack, e.g. the TCP port as decimal text ("6001").
    public var secondaryAddress: String
    /// Bind time features Herald agrees to (MS-RPCE 3.3.1.5.3); none by default.
    public var bindTimeFeatures: BindTimeFeatures
    /// Whether a bind without an auth verifier is accepted (development only).
    public var allowsAnonymous: Bool
    /// Least auth level accepted on authenticated binds.
    public var minimumAuthenticationLevel: AuthenticationLevel
    /// Resolves the client's assoc_group_id (0 = new group) to the one used; nil refuses the bind.
    public var associationGroup: @Sendable (_ requested: UInt32) -> UInt32?

    public init(interfaces: [SyntaxIdentifier], maxReceiveFragment: UInt16 = 5840, maxTransmitFragment: UInt16 = 5840,
                maxRequestSize: Int = 0x40000 + 0x1000 + 0x100, maxConcurrentReassemblies: Int = 4,
                secondaryAddress: String, bindTimeFeatures: BindTimeFeatures = [], allowsAnonymous: Bool = false,
                minimumAuthenticationLevel: AuthenticationLevel = .connect,
                associationGroup: @escaping @Sendable (UInt32) -> UInt32? = { $0 == 0 ? 0x1234_5678 : $0 }) {
        self.interfaces = interfaces
        self.maxReceiveFragment = maxReceiveFragment
        self.maxTransmitFragment = maxTransmitFragment
        self.maxRequestSize = maxRequestSize
        self.maxConcurrentReassemblies = maxConcurrentReassemblies
        self.secondaryAddress = secondaryAddress
        self.bindTimeFeatures = bindTimeFeatures
        self.allowsAnonymous = allowsAnonymous
        self.minimumAuthenticationLevel = minimumAuthenticationLevel
        self.associationGroup = associationGroup
    }
}

/// A fully reassembled request, ready for the interface's stub.
public struct RPCCall: Sendable, Hashable {
    public var callID: UInt32
    public var contextID: UInt16
    public var interface: SyntaxIdentifier
    public var opnum: UInt16
    public var object: GUID?
    public var stub: [UInt8]
    /// auth_context_id of the security context the request arrived under (nil: unauthenticated).
    /// Read the identity with ``RPCServerConnection/securityProvider(for:)``.
    public var securityContextID: UInt32? = nil
}

/// What the transport must do after feeding bytes to ``RPCServerConnection``.
public enum RPCServerAction: Sendable, Hashable {
    /// Write these bytes to the peer.
    case send([UInt8])
    /// Run the call; answer later with ``RPCServerConnection/respond(callID:stub:)`` or ``RPCServerConnection/fault(callID:status:)``.
    case dispatch(RPCCall)
    /// The client cancelled (co_cancel) or orphaned a call it had started; drop its result.
    case cancel(callID: UInt32)
    /// Close the connection (after sending whatever preceded this action).
    case close(reason: String)
}

/// The sans-I/O server side of one connection-oriented DCE/RPC association (C706 chapter 12;
/// MS-RPCE 3.3.1). Bytes in, ``RPCServerAction``s out; never blocks, never traps on input.
public struct RPCServerConnection: Sendable {
    public enum State: Sendable, Hashable { case awaitingBind, bound, closed }

    public let configuration: RPCServerConfiguration
    public private(set) var state: State = .awaitingBind
    public private(set) var associationGroupID: UInt32 = 0
    /// Negotiated: the largest fragment Herald sends / accepts.
    public private(set) var maxTransmitFragment: Int = 0
    public private(set) var maxReceiveFragment: Int = 0
    /// Accepted presentation contexts: p_cont_id → abstract syntax.
    public private(set) var contexts: [UInt16: SyntaxIdentifier] = [:]
    /// One security context per auth_context_id (MS-RPCE 3.3.1.5.4: a connection may multiplex several,
    /// e.g. impacket's alter_ctx starts a fresh NTLM exchange on a new id).
    struct SecurityContext: Sendable {
        var provider: any RPCSecurityProvider
        var type: AuthenticationType
        var level: AuthenticationLevel
        var authenticated = false
    }

    /// The provider in its initial state; each new auth_context_id starts from a copy.
    private let securityPrototype: (any RPCSecurityProvider)?
    private var securityContexts: [UInt32: SecurityContext] = [:]
    /// The context established by the bind (used for requests that carry no verifier at level connect).
    private var primaryContextID: UInt32?
    /// Security contexts one connection may hold.
    public var maxSecurityContexts = 4

    /// Level of the bind's security context (``AuthenticationLevel/none`` when anonymous).
    public var authenticationLevel: AuthenticationLevel { primaryContextID.flatMap { securityContexts[$0]?.level } ?? .none }
    /// Whether the bind's security context completed authentication.
    public var isAuthenticated: Bool { primaryContextID.flatMap { securityContexts[$0]?.authenticated } ?? false }

    /// The provider of an authenticated security context, to read who logged on (e.g. cast to the NTLM provider).
    public func securityProvider(for contextID: UInt32) -> (any RPCSecurityProvider)? {
        guard let context = securityContexts[contextID], context.authenticated else { return nil }
        return context.provider
    }
    private var inbound: [UInt8] = []
    private struct Reassembly { var first: RequestPDU; var stub: [UInt8] }
    private var reassemblies: [UInt32: Reassembly] = [:]
    /// Dispatched calls not yet answered: call_id → (p_cont_id, security context protecting the reply).
    private var outstanding: [UInt32: (contextID: UInt16, securityContextID: UInt32?)] = [:]

    public init(configuration: RPCServerConfiguration, security: (any RPCSecurityProvider)? = nil) {
        self.configuration = configuration
        self.securityPrototype = security
        self.maxReceiveFragment = Int(configuration.maxReceiveFragment)
        self.maxTransmitFragment = Int(configuration.maxTransmitFragment)
    }

    /// Feeds stream bytes; returns the actions for every complete PDU now buffered.
    public mutating func receive(_ bytes: [UInt8]) -> [RPCServerAction] {
        guard state != .closed else { return [] }
        inbound.append(contentsOf: bytes)
        var actions: [RPCServerAction] = []
        var consumed = 0
        while state != .closed, let length = CommonHeader.peekFragmentLength(inbound, at: consumed) {
            // Before bind, fragments are bounded by the smallest size every client must accept (C706
            // 12.6.3.1: MustRecvFragSize 1432) or our configured receive size, whichever is larger.
            guard length >= CommonHeader.size, length <= max(maxReceiveFragment, 1432) else {
                actions.append(contentsOf: abort("frag_length \(length) outside 16...\(max(maxReceiveFragment, 1432))", callID: callID(at: consumed)))
                break
            }
            guard inbound.count - consumed >= length else { break }
            let pdu = Array(inbound[consumed..<consumed + length])
            consumed += length
            actions.append(contentsOf: handle(pdu))
        }
        if state == .closed { inbound = [] } else { inbound.removeFirst(consumed) }
        return actions
    }

    /// Answers a dispatched call with its NDR output stub, fragmented to max_xmit_frag (C706 12.6.3.1).
    public mutating func respond(callID: UInt32, stub: [UInt8]) -> [RPCServerAction] {
        guard state == .bound, let (contextID, securityContextID) = outstanding.removeValue(forKey: callID) else { return [] }
        let security = securityContextID.flatMap { securityContexts[$0] }
        let protected = (security?.level ?? .none) >= .packetIntegrity
        let overhead = CommonHeader.size + ResponsePDU.fixedBodySize
            + (protected ? AuthVerifier.trailerSize + (security?.provider.signatureSize ?? 0) + 15 : 0)
        // Stub bytes per fragment: a multiple of 8 keeps NDR alignment simple for peers and, with
        // privacy, leaves room for the padding to the 16-byte boundary some providers need.
        let perFragment = max(8, (maxTransmitFragment - overhead) / 8 * 8)
        var actions: [RPCServerAction] = []
        var offset = 0
        repeat {
            let end = min(stub.count, offset + perFragment)
            var flags: PFCFlags = []
            if offset == 0 { flags.insert(.firstFragment) }
            if end == stub.count { flags.insert(.lastFragment) }
            let pdu = ResponsePDU(flags: flags, callID: callID, allocHint: UInt32(truncatingIfNeeded: stub.count - offset),
                                  contextID: contextID, stub: Array(stub[offset..<end]))
            actions.append(.send(protected ? protect(pdu, securityContextID: securityContextID ?? 0) : pdu.encode()))
            offset = end
        } while offset < stub.count
        return actions
    }

    /// Answers a dispatched call with a fault (C706 12.6.4.7).
    public mutating func fault(callID: UInt32, status: FaultStatus, didNotExecute: Bool = false) -> [RPCServerAction] {
        guard state == .bound, let (contextID, _) = outstanding.removeValue(forKey: callID) else { return [] }
        return [.send(FaultPDU(flags: didNotExecute ? [.firstFragment, .lastFragment, .didNotExecute] : .singleFragment,
                               callID: callID, contextID: contextID, status: status).encode())]
    }

    /// Whether `callID` was dispatched and not yet answered.
    public func isOutstanding(_ callID: UInt32) -> Bool { outstanding[callID] != nil }

    /// Calls dispatched and not yet answered (e.g. parked EcDoAsyncWaitEx calls to complete with
    /// ecExiting before ``shutdown()``).
    public var outstandingCallIDs: [UInt32] { Array(outstanding.keys).sorted() }

    /// Asks the client to close the connection (shutdown PDU, C706 12.6.4.11), e.g. when the server
    /// stops. Answer outstanding calls first; the connection accepts no further input afterwards.
    public mutating func shutdown() -> [RPCServerAction] {
        guard state == .bound else {
            state = .closed
            return [.close(reason: "shutdown")]
        }
        state = .closed
        outstanding = [:]
        reassemblies = [:]
        return [.send(ControlPDU(packetType: .shutdown, callID: 0).encode()), .close(reason: "shutdown")]
    }

    // MARK: - PDU handling

    private mutating func handle(_ bytes: [UInt8]) -> [RPCServerAction] {
        let pdu: PDU
        do {
            pdu = try PDU.decode(bytes)
        } catch {
            return abort("undecodable PDU: \(error)", callID: callID(in: bytes))
        }
        switch pdu {
        case let .bind(bind):
            return bind.isAlterContext ? alterContext(bind) : self.bind(bind)
        case let .auth3(auth3):
            return handleAuth3(auth3)
        case let .request(request):
            return handleRequest(request, raw: bytes)
        case let .control(control):
            switch control.packetType {
            case .coCancel, .orphaned:
                reassemblies[control.callID] = nil
                guard outstanding.removeValue(forKey: control.callID) != nil else { return [] }
                return [.cancel(callID: control.callID)]
            default:
                // shutdown is server → client only (C706 12.6.4.11).
                return abort("unexpected \(control.packetType)", callID: control.callID)
            }
        case .bindAck, .bindNak, .response, .fault:
            return abort("client sent a server PDU", callID: callID(in: bytes))
        }
    }

    private mutating func bind(_ bind: BindPDU) -> [RPCServerAction] {
        guard state == .awaitingBind else { return abort("second bind on one connection", callID: bind.callID) }
        func nak(_ reason: BindRejectReason, _ why: String) -> [RPCServerAction] {
            state = .closed
            return [.send(BindNakPDU(callID: bind.callID, reason: reason).encode()), .close(reason: why)]
        }
        guard bind.flags.contains(.firstFragment), bind.flags.contains(.lastFragment) else {
            return nak(.notSpecified, "fragmented bind")
        }
        // C706 12.6.3.1: both sides must accept at least 1432-byte fragments.
        guard bind.maxTransmitFragment >= 1432, bind.maxReceiveFragment >= 1432 else {
            return nak(.localLimitExceeded, "client fragment sizes below 1432")
        }
        guard let group = configuration.associationGroup(bind.associationGroupID) else {
            return nak(.notSpecified, "unknown association group \(bind.associationGroupID)")
        }
        var replyVerifier: AuthVerifier? = nil
        if let verifier = bind.verifier {
            guard let prototype = securityPrototype, prototype.supports(verifier.type) else {
                return nak(.authenticationTypeNotRecognized, "auth type \(verifier.type.rawValue) not supported")
            }
            guard verifier.level >= configuration.minimumAuthenticationLevel else {
                return nak(.notSpecified, "auth level \(verifier.level) below minimum")
            }
            guard case let .reply(reply) = authenticationLeg(verifier) else { return nak(.notSpecified, "authentication rejected") }
            replyVerifier = reply
            primaryContextID = verifier.contextID
        } else if !configuration.allowsAnonymous {
            return nak(.notSpecified, "anonymous bind refused")
        }
        associationGroupID = group
        // max_xmit_frag (what we send) is capped by what the client can receive, and vice versa.
        maxTransmitFragment = Int(min(bind.maxReceiveFragment, configuration.maxTransmitFragment))
        maxReceiveFragment = Int(min(bind.maxTransmitFragment, configuration.maxReceiveFragment))
        state = .bound
        let results = negotiate(bind.contexts)
        // MS-RPCE 2.2.2.3: echoing PFC_SUPPORT_HEADER_SIGN tells the client the verifier covers the
        // header too, which is what the NTLM provider signs.
        let ackFlags: PFCFlags = bind.verifier != nil && bind.flags.contains(.supportHeaderSign)
            ? [.firstFragment, .lastFragment, .supportHeaderSign] : .singleFragment
        let ack = BindAckPDU(flags: ackFlags, callID: bind.callID, maxTransmitFragment: UInt16(maxTransmitFragment),
                             maxReceiveFragment: UInt16(maxReceiveFragment), associationGroupID: group,
                             secondaryAddress: configuration.secondaryAddress, results: results, verifier: replyVerifier)
        return [.send(ack.encode())]
    }

    private mutating func alterContext(_ alter: BindPDU) -> [RPCServerAction] {
        guard state == .bound else { return abort("alter_context before bind", callID: alter.callID) }
        var replyVerifier: AuthVerifier? = nil
        if let verifier = alter.verifier {
            guard securityPrototype?.supports(verifier.type) == true, verifier.level >= configuration.minimumAuthenticationLevel,
                  case let .reply(reply) = authenticationLeg(verifier) else {
                return [.send(FaultPDU(callID: alter.callID, status: .accessDenied).encode())]
            }
            replyVerifier = reply
        }
        let results = negotiate(alter.contexts)
        let response = BindAckPDU(isAlterContextResponse: true, callID: alter.callID,
                                  maxTransmitFragment: UInt16(maxTransmitFragment), maxReceiveFragment: UInt16(maxReceiveFragment),
                                  associationGroupID: associationGroupID, secondaryAddress: "", results: results,
                                  verifier: replyVerifier)
        return [.send(response.encode())]
    }

    private mutating func handleAuth3(_ auth3: Auth3PDU) -> [RPCServerAction] {
        guard state == .bound, let context = securityContexts[auth3.verifier.contextID],
              auth3.verifier.type == context.type, !context.authenticated else {
            return abort("unexpected auth3", callID: auth3.callID)
        }
        // auth3 has no response PDU (MS-RPCE 3.3.1.5.2.1); a failure shows on the next request.
        _ = authenticationLeg(auth3.verifier)
        return []
    }

    /// Per-context negotiation (C706 12.6.3.1 p_result_list; MS-RPCE 3.3.1.5.3 for feature negotiation).
    private mutating func negotiate(_ proposals: [PresentationContextElement]) -> [PresentationContextResult] {
        proposals.map { proposal in
            if let requested = proposal.transferSyntaxes.lazy.compactMap(\.bindTimeFeatures).first {
                let agreed = requested.intersection(configuration.bindTimeFeatures)
                return PresentationContextResult(result: .negotiateAck, reason: agreed.rawValue, transferSyntax: .zero)
            }
            guard configuration.interfaces.contains(where: { offered in
                offered.uuid == proposal.abstractSyntax.uuid && offered.majorVersion == proposal.abstractSyntax.majorVersion
                    && proposal.abstractSyntax.minorVersion <= offered.minorVersion
            }) else {
                return .rejected(.abstractSyntaxNotSupported)
            }
            guard proposal.transferSyntaxes.contains(.ndr20) else {
                return .rejected(.proposedTransferSyntaxesNotSupported)
            }
            // A context id, once accepted, keeps its first meaning (C706 12.6.3.1: alter_context may
            // not redefine it); a conflicting redefinition is refused.
            if let existing = contexts[proposal.contextID], existing != proposal.abstractSyntax {
                return .rejected(.notSpecified)
            }
            contexts[proposal.contextID] = proposal.abstractSyntax
            return .accepted(.ndr20)
        }
    }

    private mutating func handleRequest(_ request: RequestPDU, raw: [UInt8]) -> [RPCServerAction] {
        guard state == .bound else { return abort("request before bind", callID: request.callID) }
        var request = request
        // Which security context covers this request: the verifier's, or the bind's for connect-level calls.
        let securityContextID = request.verifier?.contextID ?? primaryContextID
        if let securityContextID {
            guard var context = securityContexts[securityContextID], context.authenticated else {
                // An authenticated bind whose third leg failed or never came, or an unknown auth context.
                return faultNow(request, .accessDenied)
            }
            if context.level >= .packetIntegrity {
                guard let verifier = request.verifier, verifier.type == context.type else { return faultNow(request, .accessDenied) }
                var bytes = raw
                let stubStart = CommonHeader.size + RequestPDU.fixedBodySize + (request.object == nil ? 0 : 16)
                let stubEnd = raw.count - verifier.value.count - AuthVerifier.trailerSize
                let verified = stubStart <= stubEnd
                    && context.provider.unprotect(level: context.level, pdu: &bytes, stubRange: stubStart..<stubEnd, signature: verifier.value)
                securityContexts[securityContextID] = context
                guard verified else { return faultNow(request, .accessDenied) }
                request.stub = Array(bytes[stubStart..<(stubEnd - Int(verifier.padLength))])
            }
        }
        let isFirst = request.flags.contains(.firstFragment)
        let isLast = request.flags.contains(.lastFragment)
        if isFirst {
            guard reassemblies[request.callID] == nil, outstanding[request.callID] == nil else {
                return abort("call_id \(request.callID) reused while in progress", callID: request.callID)
            }
        }
        var whole: RequestPDU
        if isFirst && isLast {
            whole = request
        } else if isFirst {
            guard reassemblies.count < configuration.maxConcurrentReassemblies else {
                return abort("too many fragmented requests in progress", callID: request.callID)
            }
            guard request.stub.count <= configuration.maxRequestSize else {
                return abort("request larger than \(configuration.maxRequestSize)", callID: request.callID)
            }
            reassemblies[request.callID] = Reassembly(first: request, stub: request.stub)
            return []
        } else {
            guard var partial = reassemblies[request.callID] else {
                return abort("continuation fragment for unknown call \(request.callID)", callID: request.callID)
            }
            guard partial.first.contextID == request.contextID, partial.first.opnum == request.opnum else {
                return abort("fragment changes context or opnum", callID: request.callID)
            }
            guard partial.stub.count + request.stub.count <= configuration.maxRequestSize else {
                reassemblies[request.callID] = nil
                return abort("request larger than \(configuration.maxRequestSize)", callID: request.callID)
            }
            partial.stub.append(contentsOf: request.stub)
            if !isLast {
                reassemblies[request.callID] = partial
                return []
            }
            reassemblies[request.callID] = nil
            whole = partial.first
            whole.stub = partial.stub
        }
        guard let interface = contexts[whole.contextID] else {
            return faultNow(whole, .unknownInterface, contextID: whole.contextID)
        }
        outstanding[whole.callID] = (whole.contextID, securityContextID)
        return [.dispatch(RPCCall(callID: whole.callID, contextID: whole.contextID, interface: interface,
                                  opnum: whole.opnum, object: whole.object, stub: whole.stub, securityContextID: securityContextID))]
    }

    private func faultNow(_ request: RequestPDU, _ status: FaultStatus, contextID: UInt16 = 0) -> [RPCServerAction] {
        [.send(FaultPDU(flags: [.firstFragment, .lastFragment, .didNotExecute], callID: request.callID,
                        contextID: contextID, status: status).encode())]
    }

    /// A protocol error: fault with nca_s_proto_error and close (C706 12.6.4.7, MS-RPCE 3.3.1.5.x).
    private mutating func abort(_ reason: String, callID: UInt32) -> [RPCServerAction] {
        state = .closed
        reassemblies = [:]
        outstanding = [:]
        return [.send(FaultPDU(flags: [.firstFragment, .lastFragment, .didNotExecute], callID: callID, status: .protocolError).encode()),
                .close(reason: reason)]
    }

    private enum LegOutcome { case reply(AuthVerifier?), failed }

    /// Runs one authentication leg on the security context `verifier.contextID` (created from the
    /// prototype when new): the verifier for the reply (none when the context is already
    /// established), or failure.
    private mutating func authenticationLeg(_ verifier: AuthVerifier) -> LegOutcome {
        guard let prototype = securityPrototype else { return .failed }
        var context = securityContexts[verifier.contextID]
            ?? SecurityContext(provider: prototype, type: verifier.type, level: verifier.level)
        guard context.type == verifier.type else { return .failed }
        if context.authenticated {
            // Already established (e.g. alter_context on the same auth context): nothing to exchange.
            return .reply(nil)
        }
        if securityContexts[verifier.contextID] == nil, securityContexts.count >= maxSecurityContexts { return .failed }
        let token: [UInt8]
        switch context.provider.accept(type: verifier.type, level: verifier.level, token: verifier.value) {
        case let .continueNeeded(next): token = next
        case let .complete(next): token = next; context.authenticated = true
        case .rejected:
            securityContexts[verifier.contextID] = nil
            return .failed
        }
        context.level = verifier.level
        securityContexts[verifier.contextID] = context
        return .reply(AuthVerifier(type: verifier.type, level: verifier.level, contextID: verifier.contextID, value: token))
    }

    private mutating func protect(_ pdu: ResponsePDU, securityContextID: UInt32) -> [UInt8] {
        guard var context = securityContexts[securityContextID] else { return pdu.encode() }
        let provider = context.provider
        var bytes: [UInt8] = []
        var header = CommonHeader(packetType: .response, flags: pdu.flags, callID: pdu.callID)
        header.authLength = UInt16(provider.signatureSize)
        header.encode(into: &bytes)
        bytes.appendUInt32(pdu.allocHint)
        bytes.appendUInt16(pdu.contextID)
        bytes.appendUInt8(0)
        bytes.appendUInt8(0)
        let stubStart = bytes.count
        bytes.append(contentsOf: pdu.stub)
        var verifier = AuthVerifier(type: context.type, level: context.level, contextID: securityContextID, value: [])
        let pad = (16 - (bytes.count - stubStart) % 16) % 16
        bytes.append(contentsOf: repeatElement(0, count: pad))
        verifier.padLength = UInt8(pad)
        let stubEnd = bytes.count
        verifier.encodeTrailer(into: &bytes)
        bytes.setUInt16(UInt16(truncatingIfNeeded: bytes.count + provider.signatureSize), at: 8)
        let signature = context.provider.protect(level: context.level, pdu: &bytes, stubRange: stubStart..<stubEnd)
        securityContexts[securityContextID] = context
        bytes.append(contentsOf: signature)
        return bytes
    }

    private func callID(at start: Int) -> UInt32 {
        guard inbound.count - start >= 16 else { return 0 }
        return UInt32(inbound[start + 12]) | UInt32(inbound[start + 13]) << 8 | UInt32(inbound[start + 14]) << 16 | UInt32(inbound[start + 15]) << 24
    }

    private func callID(in bytes: [UInt8]) -> UInt32 {
        guard bytes.count >= 16 else { return 0 }
        return UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24
    }
}
