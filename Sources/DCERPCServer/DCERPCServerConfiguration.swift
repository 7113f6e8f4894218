import DCERPC

/// Settings of the DCE/RPC transport (issue 9; docs/DCERPC.md "DCERPCServer").
public struct DCERPCServerConfiguration: Sendable {
    /// Accept binds without authentication (development only; `herald serve --rpc-allow-anonymous`).
    /// An anonymous EcDoConnectEx logs on to the mailbox named by the last `cn=` of szUserDN.
    public var allowsAnonymous = false
    /// Least auth level for authenticated binds (connect = 2; integrity 5 and privacy 6 also work).
    public var minimumAuthenticationLevel: AuthenticationLevel = .connect
    /// NTLM target information in the CHALLENGE (MS-NLMP 2.2.1.2). The client's domain is not checked:
    /// NTLMv2 binds it into the proof, and Herald has one user namespace.
    public var netBIOSDomain = "HERALD"
    public var netBIOSComputer = "HERALD"
    public var dnsDomain = "herald.local"
    public var dnsComputer = "herald.local"
    /// Serve the endpoint mapper (ept_map, C706 appendix O) on the same port, so clients that look
    /// EMSMDB up on this port find it. Port 135 itself is privileged and not bound by Herald.
    public var offersEndpointMapper = true
    /// rgwServerVersion: 15.0.1497.0 in the new scheme (MS-OXCRPC 3.1.4.1.3), ≥ 8.0.358.0 so clients
    /// know EcDoAsyncConnectEx / EcDoAsyncWaitEx are supported (MS-OXCNOTIF 1.7).
    public var serverVersion: [UInt16] = [0x0F00, 0x8000 | 1497, 0]
    public var pollsMax: UInt32 = 60_000
    public var retryCount: UInt32 = 6
    public var retryDelay: UInt32 = 10_000
    public var dnPrefix = "/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
    /// EcRRegisterPushNotification supported (MS-OXCRPC 3.1.4.5 MAY); false answers ecNotSupported.
    public var pushEnabled = true
    /// Only send datagrams to the host the registering TCP connection came from.
    public var pushRequiresPeerHost = true
    /// How often the engine's timers (wait timeouts, push resends) are checked.
    public var timerResolution: Duration = .seconds(1)
    /// Run the server's own engine timer driver. False when the host already drives the shared hub
    /// (`herald serve`'s EngineTimerService, whose tick actions reach this server through the
    /// processor's action relay).
    public var drivesEngineTimer = true
    /// Concurrent TCP connections. A connection accepted over the limit is closed at once, before
    /// any PDU is read; connections already open are not affected.
    public var maxConnections = 1024
    /// Largest fragment accepted / sent (bind negotiation lowers it to the client's).
    public var maxFragment: UInt16 = 5840
    /// A connection that has not completed its bind by then is closed (slow or idle peers hold nothing).
    public var bindTimeout: Duration = .seconds(30)
    /// Fragmented requests one connection may reassemble at once.
    public var maxConcurrentReassemblies = 4
    /// Largest reassembled request stub (EcDoRpcExt2's rgbIn is at most 0x40000 bytes, plus its
    /// auxiliary buffer and NDR framing). Larger → fault nca_s_proto_error and close.
    public var maxRequestSize = 0x40000 + 0x1000 + 0x100

    public init() {}
}
