import NIOCore
import NIOHTTP1

extension HeraldHTTPClient {
    /// One HTTP/1.1 request. The client adds `Host` and, when there is a body or the method
    /// carries one (POST, PUT, PATCH), `Content-Length`; the body is never sent chunked.
    public struct Request: Sendable {
        public var method: HTTPMethod
        /// The request target below the base URL's path prefix, starting with `/` (query allowed).
        public var path: String
        public var headers: HTTPHeaders
        public var body: ByteBuffer?
        /// When the whole response must have arrived; nil uses ``Configuration/requestTimeout``.
        public var deadline: NIODeadline?
        /// Overrides ``Configuration/maximumResponseBodySize`` for this request.
        public var maximumResponseBodySize: Int?

        public init(method: HTTPMethod = .GET, path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
                    deadline: NIODeadline? = nil, maximumResponseBodySize: Int? = nil) {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.deadline = deadline
            self.maximumResponseBodySize = maximumResponseBodySize
        }

        /// A request whose deadline is `timeout` from now.
        public init(method: HTTPMethod = .GET, path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
                    timeout: Duration, maximumResponseBodySize: Int? = nil) {
            self.init(method: method, path: path, headers: headers, body: body,
                      deadline: .now() + TimeAmount(timeout), maximumResponseBodySize: maximumResponseBodySize)
        }
    }
}
