/// Why a ``HeraldHTTPClient`` request failed, in words a user of `herald watch` can act on.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The base URL is not `http://` or `https://host[:port][/path]`.
    case invalidURL(String)
    /// Nothing listens there (ECONNREFUSED).
    case connectionRefused(String)
    /// No connection within ``HeraldHTTPClient/Configuration/connectTimeout``.
    case connectTimeout(String)
    /// Connecting failed otherwise (name resolution, unreachable network, TLS setup …).
    case connectFailed(String, reason: String)
    /// The TLS handshake or record layer failed (an untrusted certificate, a name mismatch …).
    case tlsFailed(String)
    /// The connection closed before any byte of the response arrived. A request on a reused idle
    /// connection that fails this way is retried once on a new connection before this is thrown.
    case closedBeforeResponse
    /// The connection closed (or failed) in the middle of the response.
    case closedDuringResponse(reason: String)
    /// The whole response did not arrive before the request's deadline.
    case deadlineExceeded
    /// The response body is longer than the limit (``HeraldHTTPClient/Configuration/maximumResponseBodySize``
    /// or the request's own).
    case responseBodyTooLarge(limit: Int)
    /// ``HeraldHTTPClient/shutdown()`` was called.
    case shutDown

    public var description: String {
        switch self {
        case let .invalidURL(url): "not an http:// or https:// URL: \(url)"
        case let .connectionRefused(endpoint): "connection refused by \(endpoint) (is the server running?)"
        case let .connectTimeout(endpoint): "could not connect to \(endpoint) in time"
        case let .connectFailed(endpoint, reason): "could not connect to \(endpoint): \(reason)"
        case let .tlsFailed(reason): "TLS failed: \(reason)"
        case .closedBeforeResponse: "the server closed the connection before responding"
        case let .closedDuringResponse(reason): "the connection failed during the response: \(reason)"
        case .deadlineExceeded: "no complete response before the request's deadline"
        case let .responseBodyTooLarge(limit): "the response body is larger than the limit of \(limit) bytes"
        case .shutDown: "the HTTP client was shut down"
        }
    }
}
