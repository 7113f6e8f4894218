import NIOCore
import NIOHTTP1

extension HeraldHTTPClient {
    /// A complete response: status, headers (multi-valued, in arrival order) and the whole body.
    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var headers: HTTPHeaders
        public var body: ByteBuffer

        public init(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// Every `Set-Cookie` value, one per header line (they cannot be comma-joined, RFC 6265 3).
        public var setCookies: [String] { headers["Set-Cookie"] }
    }

    /// A response whose body arrives piece by piece (each HTTP chunk or read as the server sends
    /// it), for bodies such as the MAPI/HTTP inner stream `PROCESSING`, `PENDING`…, `DONE`
    /// (MS-OXCMAPIHTTP 2.2.7). The connection returns to the pool when the body has ended;
    /// abandoning `body` before its end closes the connection.
    public struct StreamingResponse: Sendable {
        public var status: HTTPResponseStatus
        public var headers: HTTPHeaders
        /// Ends when the response does; throws ``HTTPClientError`` (deadline, size limit, lost connection).
        public var body: AsyncThrowingStream<ByteBuffer, any Error>

        /// Every `Set-Cookie` value, one per header line.
        public var setCookies: [String] { headers["Set-Cookie"] }
    }
}
