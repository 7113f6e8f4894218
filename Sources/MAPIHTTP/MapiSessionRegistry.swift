import Crypto
import NIOConcurrencyHelpers

/// The session cookies the transport issues (MS-OXCMAPIHTTP 2.2.3.2.3, 3.1.5.1, 3.2.5.1).
///
/// Both values are 256-bit random tokens from a CSPRNG (BoringSSL's, seeded by the kernel), hex-encoded. The names are
/// implementation-specific (2.2.3.2.3); Herald uses `MapiContext` and `MapiSequence`.
public struct MapiSessionCookies: Sendable, Hashable {
    public static let contextCookieName = "MapiContext"
    public static let sequenceCookieName = "MapiSequence"

    public var context: String
    public var sequence: String

    public init(context: String, sequence: String) {
        self.context = context
        self.sequence = sequence
    }

    static func randomToken() -> String {
        // 32 bytes from BoringSSL's CSPRNG (seeded by the kernel): one call, where four UInt64s
        // from SystemRandomNumberGenerator cost four getrandom system calls on every request that
        // rotates the sequence cookie.
        SymmetricKey(size: .bits256).withUnsafeBytes { Hex.encode($0) }
    }

    /// A syntactically valid token: exactly what ``randomToken()`` produces.
    static func isWellFormedToken(_ token: Substring) -> Bool {
        token.utf8.count == 64 && token.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// Session contexts keyed by their context cookie: which user owns each, the endpoint's handle,
/// the expected sequence cookie and what is running on it.
///
/// Rules (MS-OXCMAPIHTTP 3.1.5, 3.2.5.1, 3.2.5.5, 3.2.5.6, 3.2.6):
/// - a context cookie is only valid for the user who created it; anyone else gets Context Not Found;
/// - Execute, Disconnect and PING must present the sequence cookie of the latest response, and
///   rotate it; only one of them may run at a time (otherwise Invalid Sequence);
/// - NotificationWait is exempt from sequencing and may run beside another request;
/// - a context idle for longer than the timeout (and with nothing running) is destroyed.
///
/// Every request passes through here twice (admission and completion), so the registry is a lock
/// around plain state rather than an actor: a call costs a lock, not a hop to another executor and
/// back. No method does anything slow under the lock.
public final class MapiSessionRegistry: Sendable {
    struct Entry {
        var user: String
        /// Nil while the Connect that created the context is still running.
        var handle: MailboxSessionHandle?
        var sequence: String
        var requestInProgress: Bool
        var waitsInProgress: Int
        var lastActivity: ContinuousClock.Instant

        /// A request on this context ended; true when it was a NotificationWait in progress.
        mutating func finish(_ requestType: MAPIHTTPRequestType, now: ContinuousClock.Instant) -> Bool {
            lastActivity = now
            guard requestType == .notificationWait else {
                requestInProgress = false
                return false
            }
            guard waitsInProgress > 0 else { return false }
            waitsInProgress -= 1
            return true
        }
    }

    /// A request admitted onto a session context.
    public struct Admission: Sendable {
        public var handle: MailboxSessionHandle
        /// The cookies to send on this request's response.
        public var cookies: MapiSessionCookies
    }

    fileprivate struct State {
        var entries: [String: Entry] = [:]
        /// Handles of contexts found expired by a request before the sweeper saw them.
        var expiredAwaitingRelease: [MailboxSessionHandle] = []
        /// Sum of every entry's `waitsInProgress`, for /metrics without a scan.
        var waitsInProgress = 0
    }

    public let idleTimeout: Duration
    private let state = NIOLockedValueBox(State())

    public init(idleTimeout: Duration) {
        self.idleTimeout = idleTimeout
    }

    public var count: Int { state.withLockedValue { $0.entries.count } }
    public var waitsInProgress: Int { state.withLockedValue { $0.waitsInProgress } }

    /// Connect: reserves a new context for `user` before the endpoint runs, since its cookies
    /// go out in the response headers ahead of the body. If the client presented the cookie of a
    /// live context of the same user, that context is destroyed (3.2.5.6) and its handle returned
    /// for release. A foreign or unknown presented cookie is ignored.
    public func reserveConnect(user: String, presentedContext: String?, now: ContinuousClock.Instant) -> (cookies: MapiSessionCookies, replaced: MailboxSessionHandle?) {
        let sequence = MapiSessionCookies.randomToken()
        return state.withLockedValue { state in
            var replaced: MailboxSessionHandle?
            if let presentedContext, let old = state.entries[presentedContext], old.user == user {
                state.remove(context: presentedContext)
                replaced = old.handle
            }
            var context = MapiSessionCookies.randomToken()
            while state.entries[context] != nil { context = MapiSessionCookies.randomToken() }
            state.entries[context] = Entry(user: user, handle: nil, sequence: sequence, requestInProgress: true, waitsInProgress: 0, lastActivity: now)
            return (MapiSessionCookies(context: context, sequence: sequence), replaced)
        }
    }

    /// Attaches the endpoint's handle to a reserved context. False when the context vanished
    /// meanwhile (the client reconnected with the just-issued cookie): the caller must release
    /// the handle.
    @discardableResult
    public func completeConnect(context: String, handle: MailboxSessionHandle, now: ContinuousClock.Instant) -> Bool {
        state.withLockedValue { state in
            guard state.entries[context] != nil else { return false }
            state.entries[context]!.handle = handle
            state.entries[context]!.requestInProgress = false
            state.entries[context]!.lastActivity = now
            return true
        }
    }

    public func abandonConnect(context: String) {
        state.withLockedValue { state in
            if let entry = state.entries[context], entry.handle == nil { state.remove(context: context) }
        }
    }

    /// Admits a request other than Connect.
    public func admit(
        _ requestType: MAPIHTTPRequestType,
        user: String,
        context: String?,
        sequence: String?,
        now: ContinuousClock.Instant
    ) -> Result<Admission, AdmissionFailure> {
        guard let context else {
            return .failure(.init(MAPIHTTPFailure(.missingCookie, "The \(MapiSessionCookies.contextCookieName) cookie is missing; send Connect first."), cookies: nil))
        }
        guard MapiSessionCookies.isWellFormedToken(Substring(context)) else {
            return .failure(.init(MAPIHTTPFailure(.invalidContextCookie, "The \(MapiSessionCookies.contextCookieName) cookie is malformed."), cookies: nil))
        }
        // Drawn outside the lock; unused when the request is refused or is a NotificationWait.
        let nextSequence = requestType == .notificationWait ? "" : MapiSessionCookies.randomToken()
        let idleTimeout = self.idleTimeout
        return state.withLockedValue { state in
            guard var entry = state.entries[context], entry.user == user else {
                return .failure(.init(MAPIHTTPFailure(.contextNotFound, "The session context was not found or has expired."), cookies: nil))
            }
            if entry.isExpired(now: now, idleTimeout: idleTimeout) {
                state.remove(context: context)
                if let handle = entry.handle { state.expiredAwaitingRelease.append(handle) }
                return .failure(.init(MAPIHTTPFailure(.contextNotFound, "The session context has expired."), cookies: nil))
            }
            let current = MapiSessionCookies(context: context, sequence: entry.sequence)
            guard let handle = entry.handle else {
                return .failure(.init(MAPIHTTPFailure(.invalidSequence, "The session context is still being connected."), cookies: current))
            }
            if requestType == .notificationWait {
                entry.waitsInProgress += 1
                entry.lastActivity = now
                state.entries[context] = entry
                state.waitsInProgress += 1
                return .success(Admission(handle: handle, cookies: current))
            }
            guard let sequence else {
                return .failure(.init(MAPIHTTPFailure(.missingCookie, "The \(MapiSessionCookies.sequenceCookieName) cookie is missing."), cookies: current))
            }
            guard !entry.requestInProgress else {
                return .failure(.init(MAPIHTTPFailure(.invalidSequence, "Another request is in progress on this session context."), cookies: current))
            }
            guard constantTimeEquals(sequence, entry.sequence) else {
                return .failure(.init(MAPIHTTPFailure(.invalidSequence, "The \(MapiSessionCookies.sequenceCookieName) cookie is not the one last issued."), cookies: current))
            }
            entry.sequence = nextSequence
            entry.requestInProgress = true
            entry.lastActivity = now
            state.entries[context] = entry
            return .success(Admission(handle: handle, cookies: MapiSessionCookies(context: context, sequence: nextSequence)))
        }
    }

    /// Ends an admitted request: the session may take the next one and its idle timer restarts
    /// (3.2.5.5: a completed wait refreshes the expiration too).
    public func finish(_ requestType: MAPIHTTPRequestType, context: String, now: ContinuousClock.Instant) {
        state.withLockedValue { state in
            // In place: one hash of the context, no copy of the entry (a read through
            // `values[index]` would copy it).
            guard let index = state.entries.index(forKey: context) else { return }
            if state.entries.values[index].finish(requestType, now: now) {
                state.waitsInProgress -= 1
            }
        }
    }

    /// Forgets a context (after Disconnect) and returns its handle.
    @discardableResult
    public func remove(context: String) -> MailboxSessionHandle? {
        state.withLockedValue { $0.remove(context: context)?.handle }
    }

    /// Destroys every context idle for longer than the timeout with nothing running on it, and
    /// returns the handles to release (including those found expired by requests meanwhile).
    public func expireIdle(now: ContinuousClock.Instant) -> [MailboxSessionHandle] {
        let idleTimeout = self.idleTimeout
        return state.withLockedValue { state in
            var released = state.expiredAwaitingRelease
            state.expiredAwaitingRelease = []
            let expired = state.entries.filter { $0.value.isExpired(now: now, idleTimeout: idleTimeout) }
            for (context, entry) in expired {
                state.remove(context: context)
                if let handle = entry.handle { released.append(handle) }
            }
            return released
        }
    }

    /// Handles of contexts a request found expired, for release without a full sweep.
    public func takeExpiredAwaitingRelease() -> [MailboxSessionHandle] {
        state.withLockedValue { state in
            defer { state.expiredAwaitingRelease = [] }
            return state.expiredAwaitingRelease
        }
    }

    /// Removes everything (shutdown) and returns the handles to release.
    public func removeAll() -> [MailboxSessionHandle] {
        state.withLockedValue { state in
            let handles = state.expiredAwaitingRelease + state.entries.values.compactMap(\.handle)
            state = State()
            return handles
        }
    }
}

extension MapiSessionRegistry.State {
    /// Removes a context, keeping the waits total in step.
    @discardableResult
    mutating func remove(context: String) -> MapiSessionRegistry.Entry? {
        guard let entry = entries.removeValue(forKey: context) else { return nil }
        waitsInProgress -= entry.waitsInProgress
        return entry
    }
}

extension MapiSessionRegistry.Entry {
    func isExpired(now: ContinuousClock.Instant, idleTimeout: Duration) -> Bool {
        handle != nil && !requestInProgress && waitsInProgress == 0
            && lastActivity.advanced(by: idleTimeout) <= now
    }
}

/// A refused admission, with the cookies to re-send when the context is valid and the caller owns it.
public struct AdmissionFailure: Error, Sendable {
    public var failure: MAPIHTTPFailure
    public var cookies: MapiSessionCookies?

    init(_ failure: MAPIHTTPFailure, cookies: MapiSessionCookies?) {
        self.failure = failure
        self.cookies = cookies
    }
}

/// Compares secrets without an early exit on the first differing byte.
func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
}

func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices {
        difference |= lhs[index] ^ rhs[index]
    }
    return difference == 0
}
