import EMSMDB
import Foundation
import MAPIHTTP
import MAPIWire
import NotificationEngine

/// The MAPI/HTTP mailbox request types (MS-OXCMAPIHTTP 2.2.4) on the EMSMDB processor: body
/// codecs from MAPIWire, ROP execution, the RPC_HEADER_EXT layer and waits from ``EMSMDBServer``.
///
/// Session handles are this endpoint's own monotonically increasing ids (never the engine's
/// SessionIndex, which is reused after a session is destroyed), and every call checks that the
/// session belongs to the authenticated user.
public final class EMSMDBMailboxEndpoint: MailboxEndpoint, @unchecked Sendable {
    public let server: EMSMDBServer
    /// Connect response timings (MS-OXCRPC 3.1.4.1: pcmsPollsMax, pcRetry, pcmsRetryDelay).
    public var pollsMax: UInt32 = 60_000
    public var retryCount: UInt32 = 6
    public var retryDelay: UInt32 = 10_000

    private let lock = NSLock()
    // Guarded by `lock`.
    private var sessions: [UInt64: EMSMDBSession] = [:]
    private var nextHandle: UInt64 = 1

    public init(server: EMSMDBServer) {
        self.server = server
    }

    public var sessionCount: Int { lock.withLock { sessions.count } }

    private func session(_ handle: MailboxSessionHandle, user: MailboxUser) throws(MAPIHTTPFailure) -> EMSMDBSession {
        let found = lock.withLock { sessions[handle.rawValue] }
        guard let found, found.userName == user.name else {
            throw MAPIHTTPFailure(.contextNotFound, "The session context was not found.")
        }
        return found
    }

    private func take(_ handle: MailboxSessionHandle) -> EMSMDBSession? {
        lock.withLock { sessions.removeValue(forKey: handle.rawValue) }
    }

    static func invalidBody(_ type: String, _ error: WireError) -> MAPIHTTPFailure {
        MAPIHTTPFailure(.invalidRequestBody, "The \(type) request body does not decode: \(error)")
    }

    // MARK: Connect (MS-OXCMAPIHTTP 2.2.4.1, 3.2.5.1)

    public func connect(user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> MailboxConnectOutcome {
        let request: MAPIHTTPConnectRequest
        do { request = try MAPIHTTPConnectRequest.decode(requestBody) } catch { throw Self.invalidBody("Connect", error) }
        let userDN = String(decoding: request.userDN, as: UTF8.self)
        // A user logs on to their own mailbox only; the refusal carries the EcDoConnectEx error and
        // creates no session context.
        guard userDN.lowercased() == user.essdn.lowercased() else {
            return .refused(responseBody: Self.connectFailure(.accessDenied))
        }
        guard server.store.mailbox(userName: user.name) != nil else {
            return .refused(responseBody: Self.connectFailure(.unknownUser))
        }
        guard let session = server.connect(userName: user.name) else {
            return .refused(responseBody: Self.connectFailure(.serverTooBusy))
        }
        let handle = lock.withLock { () -> UInt64 in
            let handle = nextHandle
            nextHandle += 1
            sessions[handle] = session
            return handle
        }
        var body: [UInt8] = []
        MAPIHTTPConnectResponse(.success(.init(
            pollsMax: pollsMax, retryCount: retryCount, retryDelay: retryDelay,
            dnPrefix: Array(Self.dnPrefix(of: user.essdn).utf8), displayName: user.displayName
        ))).encode(into: &body)
        return .established(session: MailboxSessionHandle(rawValue: handle), responseBody: body)
    }

    /// The organisation part of a DN (`/o=…/ou=…`), what EcDoConnectEx calls szDNPrefix.
    static func dnPrefix(of essdn: String) -> String {
        guard let range = essdn.range(of: "/cn=", options: .caseInsensitive) else { return essdn }
        return String(essdn[..<range.lowerBound])
    }

    /// StatusCode 0 (the request was processed) with the EcDoConnectEx failure as ErrorCode.
    static func connectFailure(_ code: ErrorCode) -> [UInt8] {
        var body: [UInt8] = []
        MAPIHTTPConnectResponse(.success(.init(errorCode: code, pollsMax: 0, retryCount: 0, retryDelay: 0, dnPrefix: [], displayName: "")))
            .encode(into: &body)
        return body
    }

    // MARK: Execute (MS-OXCMAPIHTTP 2.2.4.2)

    public func execute(session handle: MailboxSessionHandle, user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> [UInt8] {
        let request: MAPIHTTPExecuteRequest
        do { request = try MAPIHTTPExecuteRequest.decode(requestBody) } catch { throw Self.invalidBody("Execute", error) }
        let session = try session(handle, user: user)
        var success: MAPIHTTPExecuteResponse.Success
        do {
            let prepared = try server.prepareExecute(
                rgbIn: request.ropBuffer, maxRgbOut: Int(min(request.maxRopOut, UInt32(Int32.max))), flags: ExecuteFlags(rawValue: request.flags))
            if prepared.mayRunLong {
                // The transport started this call inline on the request's thread; a request that may
                // run long leaves it first, so PROCESSING and the keep-alives go out meanwhile.
                await Task.yield()
            }
            success = .init(ropBuffer: try server.execute(prepared, session: session))
        } catch {
            // The EcDoRpcExt2 failure (ecRpcFormat, ecBufferTooSmall) travels as ErrorCode.
            success = .init(errorCode: error.code, ropBuffer: [])
        }
        var body: [UInt8] = []
        MAPIHTTPExecuteResponse(.success(success)).encode(into: &body)
        return body
    }

    // MARK: Disconnect (MS-OXCMAPIHTTP 2.2.4.3)

    public func disconnect(session handle: MailboxSessionHandle, user: MailboxUser, requestBody: [UInt8]) async throws(MAPIHTTPFailure) -> [UInt8] {
        let session = try session(handle, user: user)
        // The transport forgets the context whatever happens, so release first.
        _ = take(handle)
        server.disconnect(session)
        do { _ = try MAPIHTTPDisconnectRequest.decode(requestBody) } catch { throw Self.invalidBody("Disconnect", error) }
        var body: [UInt8] = []
        MAPIHTTPDisconnectResponse(.success(.init())).encode(into: &body)
        return body
    }

    // MARK: NotificationWait (MS-OXCMAPIHTTP 2.2.4.4, 3.2.5.5)

    public func notificationWait(
        session handle: MailboxSessionHandle,
        user: MailboxUser,
        requestBody: [UInt8],
        completion: @escaping @Sendable (Result<[UInt8], MAPIHTTPFailure>) -> Void
    ) -> MailboxWaitCancellation {
        let session: EMSMDBSession
        do throws(MAPIHTTPFailure) {
            do { _ = try MAPIHTTPNotificationWaitRequest.decode(requestBody) } catch { throw Self.invalidBody("NotificationWait", error) }
            session = try self.session(handle, user: user)
        } catch {
            completion(.failure(error))
            return .none
        }
        // The engine answers at once when something is pending, rejects a second concurrent wait
        // (ecRejected), times out (EventPending 0), ends with the session, answers ecExiting at
        // shutdown, and ends when cancelled (client gone).
        let id = server.wait(session: session) { outcome in
            completion(.success(Self.notificationWaitBody(outcome)))
        }
        let server = self.server
        return MailboxWaitCancellation { server.cancelWait(session: session, id: id) }
    }

    /// The NotificationWait response body for a wait's outcome (MS-OXCMAPIHTTP 2.2.4.4.2). The
    /// common one, an event pending, is encoded once: a delivery can wake ten thousand waits.
    static func notificationWaitBody(_ outcome: WaitOutcome) -> [UInt8] {
        if outcome == eventPendingOutcome { return eventPendingBody }
        return encodeNotificationWaitBody(outcome)
    }

    private static let eventPendingOutcome = WaitOutcome(pending: true, error: .success)
    private static let eventPendingBody = encodeNotificationWaitBody(eventPendingOutcome)

    private static func encodeNotificationWaitBody(_ outcome: WaitOutcome) -> [UInt8] {
        var body: [UInt8] = []
        MAPIHTTPNotificationWaitResponse(.success(.init(
            errorCode: outcome.error, eventPending: outcome.pending ? MAPIHTTPNotificationWaitResponse.Success.eventPendingFlag : 0
        ))).encode(into: &body)
        return body
    }

    // MARK: Release

    public func release(session handle: MailboxSessionHandle, reason: MailboxSessionReleaseReason) async {
        guard let session = take(handle) else { return }
        server.disconnect(session)
    }
}
