import NIOCore
import NIOSSL

extension HeraldHTTPClient {
    /// Limits and TLS settings of one ``HeraldHTTPClient``.
    public struct Configuration: Sendable {
        /// Most connections open at once to the endpoint; further requests wait for one to come
        /// free. MAPI/HTTP needs at least two per session: a held NotificationWait occupies one
        /// while Execute uses another.
        public var maximumConnections: Int
        public var connectTimeout: TimeAmount
        /// The default deadline of a request, from when it is issued until its response has ended.
        public var requestTimeout: TimeAmount
        /// The default cap on a response body; longer bodies fail with
        /// ``HTTPClientError/responseBodyTooLarge(limit:)`` and their connection is closed.
        public var maximumResponseBodySize: Int
        /// For `https://` endpoints: the system trust roots by default. To trust a private CA or a
        /// self-signed server certificate, set `trustRoots = .file(path)` (or add it to
        /// `additionalTrustRoots`).
        public var tls: TLSConfiguration

        public init(maximumConnections: Int = 4, connectTimeout: TimeAmount = .seconds(10), requestTimeout: TimeAmount = .seconds(600),
                    maximumResponseBodySize: Int = 64 << 20, tls: TLSConfiguration = .makeClientConfiguration()) {
            self.maximumConnections = max(1, maximumConnections)
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maximumResponseBodySize = maximumResponseBodySize
            self.tls = tls
        }
    }
}
