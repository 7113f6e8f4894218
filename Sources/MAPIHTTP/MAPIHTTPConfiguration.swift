/// Settings of the MAPI over HTTP transport.
public struct MAPIHTTPConfiguration: Sendable {
    /// Users' mail domain: addresses are `user@<domain>`.
    public var domain: String
    /// The realm of the `WWW-Authenticate: Basic` challenge.
    public var realm: String
    /// Base URL clients reach this server at (scheme, host, port), used in Autodiscover answers.
    public var externalBaseURL: String
    /// Base URL for clients inside the organisation; defaults to ``externalBaseURL``.
    public var internalBaseURL: String
    /// Interval between `PENDING` keep-alives of a held request (MS-OXCMAPIHTTP 2.2.3.3.5;
    /// 30 000 ms as in Exchange 2016 SP1 and later).
    public var pendingPeriod: Duration
    /// Idle time after which a session context is destroyed; sent as X-ExpirationInfo
    /// (MS-OXCMAPIHTTP 2.2.3.3.8, 3.2.6).
    public var sessionIdleTimeout: Duration
    /// How often idle session contexts are looked for.
    public var sessionSweepInterval: Duration
    /// Largest request body accepted; larger ones get X-ResponseCode 9 (Too Large).
    public var maxRequestBodySize: Int
    /// The X-ServerApplication value (MS-OXCMAPIHTTP 2.2.3.3.7). Clients parse the
    /// `Exchange/15.xx.xxxx.xxx` form to pick features, so Herald announces an Exchange 2016 build.
    public var serverApplication: String
    /// Adds `Secure` to session cookies (set when serving TLS).
    public var secureCookies: Bool

    public init(
        domain: String = "herald.local",
        realm: String = "Herald",
        externalBaseURL: String = "http://127.0.0.1:8080",
        internalBaseURL: String? = nil,
        pendingPeriod: Duration = .milliseconds(30_000),
        sessionIdleTimeout: Duration = .seconds(15 * 60),
        sessionSweepInterval: Duration = .seconds(30),
        maxRequestBodySize: Int = 4 * 1024 * 1024,
        serverApplication: String = "Exchange/15.01.2507.000",
        secureCookies: Bool = false
    ) {
        self.domain = domain
        self.realm = realm
        self.externalBaseURL = externalBaseURL
        self.internalBaseURL = internalBaseURL ?? externalBaseURL
        self.pendingPeriod = pendingPeriod
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionSweepInterval = sessionSweepInterval
        self.maxRequestBodySize = maxRequestBodySize
        self.serverApplication = serverApplication
        self.secureCookies = secureCookies
    }
}

extension Duration {
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
