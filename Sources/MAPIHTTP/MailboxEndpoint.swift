/// The authenticated mailbox owner on whose behalf a request runs.
public struct MailboxUser: Sendable, Hashable {
    /// The canonical (lower-cased) logon name, without domain.
    public var name: String
    /// The user's distinguished name (legacyExchangeDN); a Connect request's UserDn must match it.
    public var essdn: String
    public var displayName: String

    public init(name: String, essdn: String, displayName: String) {
        self.name = name
        self.essdn = essdn
        self.displayName = displayName
    }
}

/// The endpoint's own identifier for a session context. The transport never interprets it;
/// it maps the client's `MapiContext` cookie onto it.
public struct MailboxSessionHandle: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "session#\(rawValue)" }
}

/// What a Connect request produced.
///
/// MS-OXCMAPIHTTP 2.2.4.1.2 / 2.2.4.1.3: both outcomes travel with `X-ResponseCode: 0`; a
/// refusal is a Connect failure body (StatusCode ≠ 0) and creates no session context.
public enum MailboxConnectOutcome: Sendable {
    case established(session: MailboxSessionHandle, responseBody: [UInt8])
    case refused(responseBody: [UInt8])
}

/// Why the transport tells the endpoint to drop a session it did not disconnect itself.
public enum MailboxSessionReleaseReason: Sendable, Hashable {
    /// No request arrived within the idle timeout (MS-OXCMAPIHTTP 3.2.6).
    case idleExpiry
    /// The client sent Connect with this session's cookies (MS-OXCMAPIHTTP 3.2.5.6).
    case replacedByReconnect
    /// The server is shutting down.
    case shutdown
}

/// The mailbox side of the MAPI over HTTP transport: what the EMSMDB ROP processor implements.
///
/// Bodies are the raw request-type bodies of MS-OXCMAPIHTTP 2.2.4 (without the inner-stream
/// framing, which the transport adds). The transport has already authenticated the user, resolved
/// the session cookie to a handle that belongs to that user and enforced one-request-at-a-time,
/// so an implementation only decodes, executes and encodes.
///
/// Errors: throwing ``MAPIHTTPFailure`` aborts the request with that `X-ResponseCode` (after the
/// initial response has been sent, it is reported after `DONE`, MS-OXCMAPIHTTP 2.2.7). Use
/// ``MAPIHTTPResponseCode/invalidRequestBody`` for bodies that do not decode. Protocol-level
/// refusals (EcDoConnectEx / EcDoRpcExt2 error codes) belong in a failure *body* instead.
public protocol MailboxEndpoint: Sendable {
    /// MS-OXCMAPIHTTP 2.2.4.1, 3.2.5.1. The endpoint must check that the body's UserDn is
    /// `user.essdn` (a user cannot log on to someone else's mailbox).
    func connect(user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> MailboxConnectOutcome

    /// MS-OXCMAPIHTTP 2.2.4.2 (RPC_HEADER_EXT-framed ROP buffers, pending notifications appended).
    func execute(session: MailboxSessionHandle, user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> [UInt8]

    /// MS-OXCMAPIHTTP 2.2.4.3, 3.2.5.4. The transport forgets the session context afterwards
    /// whatever the outcome; the endpoint must release everything the session holds.
    func disconnect(session: MailboxSessionHandle, user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> [UInt8]

    /// MS-OXCMAPIHTTP 2.2.4.4, 3.2.5.5. Answers at once (EventPending = 1) when something is
    /// pending, otherwise when an event arrives or at the wait timeout (5 min, 3.2.2, then
    /// EventPending = 0). While the wait is held the transport sends `PENDING` keep-alives.
    ///
    /// The answer goes to `completion`, exactly once: possibly before this returns (something
    /// pending, a body that does not decode), otherwise from whichever thread ends the wait.
    /// `completion` only hands the answer off, so it may be called with the endpoint's locks held.
    /// No task waits meanwhile: a transport answers held waits from its event loops, and a woken
    /// wait costs no task resumption.
    ///
    /// The returned cancellation ends the wait early (client gone, server shutting down); the
    /// completion is still called. May run concurrently with an Execute on the same session; a
    /// second concurrent wait on one session is passed through too, and the endpoint answers it
    /// (ErrorCode Rejected 0x7EE).
    func notificationWait(
        session: MailboxSessionHandle,
        user: MailboxUser,
        requestBody: [UInt8],
        completion: @escaping @Sendable (Result<[UInt8], MAPIHTTPFailure>) -> Void
    ) -> MailboxWaitCancellation

    /// MS-OXCMAPIHTTP 2.2.6. PING carries no body; the transport has already refreshed the idle
    /// timer. Default: nothing to do.
    func ping(session: MailboxSessionHandle, user: MailboxUser) async

    /// The transport dropped the session context without a Disconnect (idle expiry, reconnect,
    /// shutdown): release everything it holds.
    func release(session: MailboxSessionHandle, reason: MailboxSessionReleaseReason) async
}

extension MailboxEndpoint {
    public func ping(session: MailboxSessionHandle, user: MailboxUser) async {}
}

/// Ends a NotificationWait early (``MailboxEndpoint/notificationWait(session:user:requestBody:completion:)``).
public struct MailboxWaitCancellation: Sendable {
    private let cancel: @Sendable () -> Void

    public init(_ cancel: @escaping @Sendable () -> Void) {
        self.cancel = cancel
    }

    /// For a wait that was answered before it was held.
    public static let none = MailboxWaitCancellation {}

    public func callAsFunction() { cancel() }
}
