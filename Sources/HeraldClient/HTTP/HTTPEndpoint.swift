/// The origin (scheme, host, port) and path prefix of a base URL such as `http://127.0.0.1:8080`,
/// `https://mail.example.com/prefix` or `http://[::1]:8080`: everything one ``HeraldHTTPClient``
/// connects to.
///
/// Parsed by hand rather than with Foundation's URL so an IPv6 literal keeps its brackets in the
/// Host header and nothing is percent-decoded behind the caller's back.
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Hashable {
        case http
        case https

        var defaultPort: Int { self == .http ? 80 : 443 }
    }

    public var scheme: Scheme
    /// The host name or IP literal, without IPv6 brackets.
    public var host: String
    public var port: Int
    /// The base URL's path without a trailing slash (empty for the root); prepended to every request path.
    public var pathPrefix: String

    public init(scheme: Scheme, host: String, port: Int? = nil, pathPrefix: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port ?? scheme.defaultPort
        self.pathPrefix = pathPrefix.hasSuffix("/") ? String(pathPrefix.dropLast()) : pathPrefix
    }

    /// Parses `scheme://host[:port][/path]`; nil for anything else (no user info, no fragment).
    public init?(url: String) {
        let scheme: Scheme
        let rest: Substring
        if url.lowercased().hasPrefix("http://") {
            scheme = .http
            rest = url.dropFirst("http://".count)
        } else if url.lowercased().hasPrefix("https://") {
            scheme = .https
            rest = url.dropFirst("https://".count)
        } else {
            return nil
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let path = rest[authority.endIndex...]
        guard !authority.isEmpty, !authority.contains("@"), !path.contains("#") else { return nil }
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else { return nil }
            port = value
        }
        self.init(scheme: scheme, host: String(host), port: port, pathPrefix: String(path))
    }

    /// The Host header value (RFC 9110 7.2): the port only when it is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == scheme.defaultPort ? name : "\(name):\(port)"
    }

    public var description: String { "\(scheme.rawValue)://\(hostHeader)\(pathPrefix)" }
}

extension HTTPEndpoint {
    /// Whether the host is an IPv4 or IPv6 literal (no SNI server name for those, RFC 6066 3).
    var isIPLiteral: Bool {
        host.contains(":") || (!host.isEmpty && host.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber })
    }
}
