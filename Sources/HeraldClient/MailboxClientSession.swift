import MAPIWire

/// The EMSMDB request types over a ``MAPIHTTPClient``: Connect, Execute (RPC_HEADER_EXT-framed
/// ROP buffers), NotificationWait and Disconnect, with the MAPIWire body codecs.
public struct MailboxClientSession: Sendable {
    public let client: MAPIHTTPClient

    public init(client: MAPIHTTPClient) {
        self.client = client
    }

    public enum SessionError: Error, CustomStringConvertible, Sendable {
        case failureBody(requestType: String, statusCode: UInt32)
        case errorCode(requestType: String, ErrorCode)
        case wire(String)

        public var description: String {
            switch self {
            case let .failureBody(type, status): "\(type) failed with StatusCode \(status)"
            case let .errorCode(type, code): "\(type) returned \(code)"
            case let .wire(text): text
            }
        }
    }

    /// Connect (MS-OXCMAPIHTTP 2.2.4.1) for the mailbox whose DN is `userDN`.
    @discardableResult
    public func connect(userDN: String) async throws -> MAPIHTTPConnectResponse.Success {
        await client.forgetSession()
        var body: [UInt8] = []
        MAPIHTTPConnectRequest(userDN: Array(userDN.utf8), flags: 0, defaultCodePage: 1252, lcidSort: 0x0409, lcidString: 0x0409).encode(into: &body)
        let reply = try await client.send("Connect", body: body)
        let response: MAPIHTTPConnectResponse
        do { response = try MAPIHTTPConnectResponse.decode(reply.body) } catch { throw SessionError.wire("Connect response: \(error)") }
        switch response.body {
        case let .success(success):
            guard success.errorCode == .success else { throw SessionError.errorCode(requestType: "Connect", success.errorCode) }
            return success
        case let .failure(status, _):
            throw SessionError.failureBody(requestType: "Connect", statusCode: status)
        }
    }

    /// How the request's ROP buffer is framed and which response encodings are allowed
    /// (MS-OXCMAPIHTTP 2.2.4.2.1 Flags; MS-OXCRPC 3.1.4.1.1).
    public struct ExecuteOptions: Sendable {
        public var compressRequest = false
        public var obfuscateRequest = false
        /// Flags: NoCompression (0x1), NoXorMagic (0x2).
        public var allowCompressedResponse = true
        public var allowObfuscatedResponse = true
        public var maxRopOut: UInt32 = 0x10000

        public init(compressRequest: Bool = false, obfuscateRequest: Bool = false, allowCompressedResponse: Bool = true,
                    allowObfuscatedResponse: Bool = true, maxRopOut: UInt32 = 0x10000) {
            self.compressRequest = compressRequest
            self.obfuscateRequest = obfuscateRequest
            self.allowCompressedResponse = allowCompressedResponse
            self.allowObfuscatedResponse = allowObfuscatedResponse
            self.maxRopOut = maxRopOut
        }
    }

    /// Execute (MS-OXCMAPIHTTP 2.2.4.2): one ROP buffer in, the response ROP buffers out (one per
    /// RPC_HEADER_EXT payload, already un-XORed and decompressed).
    public func execute(_ rops: RopBuffer, options: ExecuteOptions = ExecuteOptions()) async throws -> [RopBuffer] {
        var payload: [UInt8] = []
        rops.encode(into: &payload)
        var framed: [UInt8] = []
        ExtendedBuffer.encode(payload: payload, compress: options.compressRequest, obfuscate: options.obfuscateRequest, last: true, into: &framed)
        var flags: UInt32 = 0
        if !options.allowCompressedResponse { flags |= 0x1 }
        if !options.allowObfuscatedResponse { flags |= 0x2 }
        var body: [UInt8] = []
        MAPIHTTPExecuteRequest(flags: flags, ropBuffer: framed, maxRopOut: options.maxRopOut).encode(into: &body)
        let reply = try await client.send("Execute", body: body)
        let response: MAPIHTTPExecuteResponse
        do { response = try MAPIHTTPExecuteResponse.decode(reply.body) } catch { throw SessionError.wire("Execute response: \(error)") }
        switch response.body {
        case let .success(success):
            guard success.errorCode == .success else { throw SessionError.errorCode(requestType: "Execute", success.errorCode) }
            do {
                return try ExtendedBuffer.decodeChain(success.ropBuffer).map { payload throws(WireError) in try RopBuffer.decode(payload.bytes) }
            } catch {
                throw SessionError.wire("Execute RopBuffer: \(error)")
            }
        case let .failure(status, _):
            throw SessionError.failureBody(requestType: "Execute", statusCode: status)
        }
    }

    /// NotificationWait (MS-OXCMAPIHTTP 2.2.4.4): true when events are pending.
    public func notificationWait() async throws -> (pending: Bool, errorCode: ErrorCode) {
        var body: [UInt8] = []
        MAPIHTTPNotificationWaitRequest().encode(into: &body)
        let reply = try await client.send("NotificationWait", body: body, timeout: .seconds(900))
        let response: MAPIHTTPNotificationWaitResponse
        do { response = try MAPIHTTPNotificationWaitResponse.decode(reply.body) } catch { throw SessionError.wire("NotificationWait response: \(error)") }
        switch response.body {
        case let .success(success):
            return (success.eventPending & MAPIHTTPNotificationWaitResponse.Success.eventPendingFlag != 0, success.errorCode)
        case let .failure(status, _):
            throw SessionError.failureBody(requestType: "NotificationWait", statusCode: status)
        }
    }

    /// Disconnect (MS-OXCMAPIHTTP 2.2.4.3).
    public func disconnect() async throws {
        var body: [UInt8] = []
        MAPIHTTPDisconnectRequest().encode(into: &body)
        _ = try await client.send("Disconnect", body: body)
        await client.forgetSession()
    }
}
