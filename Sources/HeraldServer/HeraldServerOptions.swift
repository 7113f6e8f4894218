import Foundation
import MAPIHTTP

/// Everything `herald serve` can be told, from flags or a JSON configuration file (flags win).
///
/// Configuration file keys are these property names, e.g.
/// `{"dataDirectory": "/var/lib/herald", "listen": "0.0.0.0:443", "domain": "example.com",
///   "tlsCertificate": "cert.pem", "tlsKey": "key.pem", "pendingPeriodMilliseconds": 30000}`.
public struct HeraldServerOptions: Sendable, Codable, Equatable {
    public var dataDirectory: String = "./herald-data"
    /// `host:port`; `[v6]:port` for IPv6. Port 0 picks a free port.
    public var listen: String = "127.0.0.1:8080"
    public var domain: String = "herald.local"
    /// The base URL Autodiscover hands out; default `http(s)://<listen>`.
    public var externalURL: String?
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// X-PendingPeriod (MS-OXCMAPIHTTP 2.2.3.3.5).
    public var pendingPeriodMilliseconds: Int = 30_000
    /// Idle session expiry (X-ExpirationInfo).
    public var sessionIdleTimeoutSeconds: Int = 900
    public var sessionSweepIntervalSeconds: Int = 30
    /// How long a NotificationWait is held before EventPending = 0 (MS-OXCMAPIHTTP 3.2.2: 5 minutes).
    public var notificationWaitTimeoutMilliseconds: Int = 300_000
    /// PBKDF2 iterations for new password hashes (never below the hasher's minimum).
    public var passwordIterations: Int = PasswordHasher.defaultIterations
    /// Create the user demo/demo if absent.
    public var demo: Bool = false
    public var logLevel: String = "info"
    /// `host:port` of the DCE/RPC (ncacn_ip_tcp) listener for EMSMDB / AsyncEMSMDB; nil = off.
    public var rpcListen: String?
    /// Accept unauthenticated DCE/RPC binds (development only: the mailbox is then chosen by the
    /// szUserDN the client sends, with no password).
    public var rpcAllowAnonymous: Bool = false
    /// Concurrent DCE/RPC connections; more are closed as soon as they are accepted.
    public var rpcMaxConnections: Int = 1024
    /// How often a UDP push datagram (EcRRegisterPushNotification) is resent while the session's
    /// notifications stay unread (MS-OXCNOTIF 3.1.5.4; 60 s).
    public var pushIntervalMilliseconds: Int = 60_000

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case dataDirectory, listen, domain, externalURL, tlsCertificate, tlsKey, pendingPeriodMilliseconds,
             sessionIdleTimeoutSeconds, sessionSweepIntervalSeconds, notificationWaitTimeoutMilliseconds,
             passwordIterations, demo, logLevel, rpcListen, rpcAllowAnonymous, rpcMaxConnections, pushIntervalMilliseconds
    }

    /// Every key optional: a configuration file names only what it changes.
    public init(from decoder: any Decoder) throws {
        let defaults = HeraldServerOptions()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dataDirectory = try container.decodeIfPresent(String.self, forKey: .dataDirectory) ?? defaults.dataDirectory
        listen = try container.decodeIfPresent(String.self, forKey: .listen) ?? defaults.listen
        domain = try container.decodeIfPresent(String.self, forKey: .domain) ?? defaults.domain
        externalURL = try container.decodeIfPresent(String.self, forKey: .externalURL)
        tlsCertificate = try container.decodeIfPresent(String.self, forKey: .tlsCertificate)
        tlsKey = try container.decodeIfPresent(String.self, forKey: .tlsKey)
        pendingPeriodMilliseconds = try container.decodeIfPresent(Int.self, forKey: .pendingPeriodMilliseconds) ?? defaults.pendingPeriodMilliseconds
        sessionIdleTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .sessionIdleTimeoutSeconds) ?? defaults.sessionIdleTimeoutSeconds
        sessionSweepIntervalSeconds = try container.decodeIfPresent(Int.self, forKey: .sessionSweepIntervalSeconds) ?? defaults.sessionSweepIntervalSeconds
        notificationWaitTimeoutMilliseconds = try container.decodeIfPresent(Int.self, forKey: .notificationWaitTimeoutMilliseconds) ?? defaults.notificationWaitTimeoutMilliseconds
        passwordIterations = try container.decodeIfPresent(Int.self, forKey: .passwordIterations) ?? defaults.passwordIterations
        demo = try container.decodeIfPresent(Bool.self, forKey: .demo) ?? defaults.demo
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel) ?? defaults.logLevel
        rpcListen = try container.decodeIfPresent(String.self, forKey: .rpcListen)
        rpcAllowAnonymous = try container.decodeIfPresent(Bool.self, forKey: .rpcAllowAnonymous) ?? defaults.rpcAllowAnonymous
        rpcMaxConnections = try container.decodeIfPresent(Int.self, forKey: .rpcMaxConnections) ?? defaults.rpcMaxConnections
        pushIntervalMilliseconds = try container.decodeIfPresent(Int.self, forKey: .pushIntervalMilliseconds) ?? defaults.pushIntervalMilliseconds
    }

    public static func load(configFile path: String) throws -> HeraldServerOptions {
        guard let data = FileManager.default.contents(atPath: path) else { throw HeraldError("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(HeraldServerOptions.self, from: data)
        } catch {
            throw HeraldError("\(path): \(error)")
        }
    }

    /// `listen` split into host and port.
    public func listenAddress() throws(HeraldError) -> (host: String, port: Int) {
        try Self.hostAndPort(listen, option: "--listen")
    }

    /// `rpcListen` split into host and port; nil when the DCE/RPC transport is off.
    public func rpcListenAddress() throws(HeraldError) -> (host: String, port: Int)? {
        guard let rpcListen else { return nil }
        return try Self.hostAndPort(rpcListen, option: "--rpc-listen")
    }

    /// `host:port` or `[v6]:port`.
    static func hostAndPort(_ listen: String, option: String) throws(HeraldError) -> (host: String, port: Int) {
        var text = Substring(listen)
        var host: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw HeraldError("bad \(option) \(listen)") }
            host = text[text.index(after: text.startIndex)..<close]
            text = text[text.index(after: close)...]
            guard text.hasPrefix(":") else { throw HeraldError("bad \(option) \(listen): no port") }
            text = text.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw HeraldError("bad \(option) \(listen): use host:port") }
            host = text[..<colon]
            text = text[text.index(after: colon)...]
        }
        guard let port = Int(text), (0...65535).contains(port), !host.isEmpty else { throw HeraldError("bad \(option) \(listen)") }
        return (String(host), port)
    }

    var usesTLS: Bool { tlsCertificate != nil }
}
