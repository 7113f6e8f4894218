import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension HTTPField.Name {
    static let xRequestType = Self("X-RequestType")!
    static let xRequestId = Self("X-RequestId")!
    static let xClientInfo = Self("X-ClientInfo")!
    static let xResponseCode = Self("X-ResponseCode")!
    static let xServerApplication = Self("X-ServerApplication")!
    static let xPendingPeriod = Self("X-PendingPeriod")!
    static let xExpirationInfo = Self("X-ExpirationInfo")!
}

/// The MAPI over HTTP mailbox endpoint (MS-OXCMAPIHTTP), Autodiscover, health and metrics, wired
/// onto a Hummingbird router. Mailbox semantics are delegated to a ``MailboxEndpoint``.
public struct MAPIHTTPServer<Endpoint: MailboxEndpoint>: Sendable {
    public let configuration: MAPIHTTPConfiguration
    public let endpoint: Endpoint
    public let credentials: any CredentialStore
    public let authenticator: BasicAuthenticator
    public let sessions: MapiSessionRegistry
    public let metrics: MAPIHTTPMetrics
    let logger: Logger
    let keepAlives: KeepAliveScheduler
    /// NotificationWait responses prepared by ``HeldResponseHandler``s for the route.
    let heldResponses = HeldResponseRegistry()
    /// Header values and cookie attributes that are the same on every response.
    private let pendingPeriodValue: String
    private let expirationInfoValue: String
    private let cookieAttributes: String

    public init(
        configuration: MAPIHTTPConfiguration = .init(),
        endpoint: Endpoint,
        credentials: any CredentialStore,
        metrics: MAPIHTTPMetrics = MAPIHTTPMetrics(),
        logger: Logger = Logger(label: "herald.mapihttp")
    ) {
        self.configuration = configuration
        self.endpoint = endpoint
        self.credentials = credentials
        self.authenticator = BasicAuthenticator(store: credentials, domain: configuration.domain)
        self.sessions = MapiSessionRegistry(idleTimeout: configuration.sessionIdleTimeout)
        self.metrics = metrics
        self.logger = logger
        self.keepAlives = KeepAliveScheduler(period: configuration.pendingPeriod)
        self.pendingPeriodValue = "\(configuration.pendingPeriod.wholeMilliseconds)"
        self.expirationInfoValue = "\(configuration.sessionIdleTimeout.wholeMilliseconds)"
        self.cookieAttributes = "; Path=/mapi/; HttpOnly" + (configuration.secureCookies ? "; Secure" : "")
    }

    // MARK: Routes

    /// Channel handlers for the HTTP/1 pipeline in front of the routes (Hummingbird's
    /// `additionalChannelHandlers`), made anew for every connection: held NotificationWaits are
    /// answered from the event loop (``HeldResponseHandler``), and the flushes of one event-loop
    /// turn are merged (``FlushCoalescingHandler``). Without them every response is written by its
    /// route's task.
    public func makeChannelHandlers() -> [any RemovableChannelHandler] {
        // The held-response handler sits below the coalescer: its writes are already together, and
        // its flushes go out at once instead of in a task of their own.
        [HeldResponseHandler(registry: heldResponses), FlushCoalescingHandler()]
    }

    /// Registers `/mapi/emsmdb` (with and without trailing slash), `/autodiscover/autodiscover.xml`,
    /// `/healthz` and `/metrics`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        // The trie router ignores a trailing slash: this serves /mapi/emsmdb and /mapi/emsmdb/.
        router.post("/mapi/emsmdb") { request, _ in await self.handleMailboxRequest(request) }
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head] {
            router.on("/mapi/emsmdb", method: method) { request, _ in
                self.failureResponse(MAPIHTTPFailure(.invalidVerb, "Only POST is allowed on this endpoint."), request: request, cookies: nil)
            }
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("/mapi/**", method: method) { request, _ in
                self.failureResponse(MAPIHTTPFailure(.invalidPath, "No MAPI endpoint at this path."), request: request, cookies: nil)
            }
        }
        for path in ["/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml", "/AutoDiscover/AutoDiscover.xml"] {
            router.post(RouterPath(path)) { request, _ in await self.handleAutodiscover(request) }
        }
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/metrics") { _, _ in
            let text = self.metrics.render(sessions: self.sessions.count, waits: self.sessions.waitsInProgress)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
    }

    // MARK: Session lifetime

    /// Destroys idle session contexts and tells the endpoint; returns how many were released.
    @discardableResult
    public func expireIdleSessions(now: ContinuousClock.Instant = .now) async -> Int {
        let expired = sessions.expireIdle(now: now)
        for handle in expired {
            logger.debug("session context expired", metadata: ["session": "\(handle)"])
            await endpoint.release(session: handle, reason: .idleExpiry)
        }
        return expired.count
    }

    /// Sweeps idle session contexts every `sessionSweepInterval` until cancelled, then releases
    /// every remaining session (shutdown). Run it beside the HTTP server, e.g. as a service.
    public func runSessionSweeper() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.sessionSweepInterval)
            } catch {
                break
            }
            await expireIdleSessions()
        }
        for handle in sessions.removeAll() {
            await endpoint.release(session: handle, reason: .shutdown)
        }
    }

    // MARK: Mailbox endpoint

    func handleMailboxRequest(_ request: Request) async -> Response {
        var request = request
        let authorization = request.headers[.authorization]
        guard let user = await authenticator.authenticate(authorization: authorization) else {
            metrics.recordUnauthorized()
            return unauthorizedResponse()
        }
        let typeHeader = request.headers[.xRequestType]
        let metricType = typeHeader.flatMap(MAPIHTTPRequestType.init(headerValue:))?.rawValue ?? "unknown"

        // Header validation (MS-OXCMAPIHTTP 2.2.2.1, 2.2.3).
        guard let typeHeader else {
            return failed(.init(.missingHeader, "The X-RequestType header is missing."), type: metricType, request: request)
        }
        guard let requestType = MAPIHTTPRequestType(headerValue: typeHeader) else {
            return failed(.init(.invalidRequestType, "Unsupported X-RequestType."), type: metricType, request: request)
        }
        guard request.headers[.xRequestId] != nil else {
            return failed(.init(.missingHeader, "The X-RequestId header is missing."), type: metricType, request: request)
        }
        if requestType != .ping {
            guard let contentType = request.headers[.contentType] else {
                return failed(.init(.missingHeader, "The Content-Type header is missing."), type: metricType, request: request)
            }
            guard Self.isMAPIHTTPContentType(contentType) else {
                return failed(.init(.invalidHeader, "Content-Type must be application/mapi-http."), type: metricType, request: request)
            }
        }

        // Body (capped).
        let cap = configuration.maxRequestBodySize
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > cap {
            return failed(.init(.tooLarge, "The request body exceeds \(cap) bytes."), type: metricType, request: request)
        }
        let body: [UInt8]
        do {
            let buffer = try await request.collectBody(upTo: cap)
            body = Array(buffer.readableBytesView)
        } catch {
            return failed(.init(.tooLarge, "The request body exceeds \(cap) bytes."), type: metricType, request: request)
        }

        let cookies = Self.parseCookies(request.headers[values: .cookie])
        let presentedContext = cookies[MapiSessionCookies.contextCookieName]
        let presentedSequence = cookies[MapiSessionCookies.sequenceCookieName]
        let start = ContinuousClock.now
        let startTime = HTTPDate.rfc1123(unixSeconds: Self.unixTimeNow())

        if requestType == .connect {
            let (issued, replaced) = sessions.reserveConnect(user: user.name, presentedContext: presentedContext, now: start)
            if let replaced {
                await endpoint.release(session: replaced, reason: .replacedByReconnect)
            }
            let endpoint = self.endpoint
            let sessions = self.sessions
            return streamingResponse(request: request, requestType: requestType, cookies: issued, start: start, startTime: startTime) {
                do throws(MAPIHTTPFailure) {
                    switch try await endpoint.connect(user: user, requestBody: body) {
                    case .established(let handle, let responseBody):
                        if !(sessions.completeConnect(context: issued.context, handle: handle, now: .now)) {
                            await endpoint.release(session: handle, reason: .replacedByReconnect)
                        }
                        return .success(responseBody)
                    case .refused(let responseBody):
                        sessions.abandonConnect(context: issued.context)
                        return .success(responseBody)
                    }
                } catch {
                    sessions.abandonConnect(context: issued.context)
                    return .failure(error)
                }
            }
        }

        let admission: MapiSessionRegistry.Admission
        switch sessions.admit(requestType, user: user.name, context: presentedContext, sequence: presentedSequence, now: start) {
        case .success(let admitted):
            admission = admitted
        case .failure(let refusal):
            if refusal.failure.code == .contextNotFound {
                // Only what this request found expired: a full sweep per bad cookie would let a
                // client make every request cost O(sessions).
                for handle in sessions.takeExpiredAwaitingRelease() {
                    await endpoint.release(session: handle, reason: .idleExpiry)
                }
            }
            return failed(refusal.failure, type: metricType, request: request, cookies: refusal.cookies)
        }

        if requestType == .notificationWait, let held = heldResponses.take(headerValue: request.headers[.heldResponse]) {
            return heldNotificationWait(held, request: request, admission: admission, user: user, body: body, start: start, startTime: startTime)
        }

        let endpoint = self.endpoint
        let sessions = self.sessions
        let context = admission.cookies.context
        let handle = admission.handle
        return streamingResponse(request: request, requestType: requestType, cookies: admission.cookies, start: start, startTime: startTime) {
            let result: Result<[UInt8], MAPIHTTPFailure>
            do throws(MAPIHTTPFailure) {
                switch requestType {
                case .execute:
                    result = .success(try await endpoint.execute(session: handle, user: user, requestBody: body))
                case .notificationWait:
                    result = await Self.notificationWait(endpoint: endpoint, session: handle, user: user, requestBody: body)
                case .disconnect:
                    result = .success(try await endpoint.disconnect(session: handle, user: user, requestBody: body))
                case .ping:
                    await endpoint.ping(session: handle, user: user)
                    result = .success([])
                case .connect:
                    result = .failure(MAPIHTTPFailure(.unknownFailure, "unreachable"))
                }
            } catch {
                result = .failure(error)
            }
            if requestType == .disconnect {
                sessions.remove(context: context)
            } else {
                sessions.finish(requestType, context: context, now: .now)
            }
            return result
        }
    }

    /// A 200 response whose chunked body is the inner stream: `PROCESSING` at once, `PENDING` every
    /// pending period while `operation` runs, then `DONE`, the additional headers and the body
    /// (MS-OXCMAPIHTTP 2.2.7, 3.2.5.2).
    ///
    /// `operation` (the endpoint call and the session bookkeeping after it) starts at once in its
    /// own task, so the bookkeeping happens even if the response is never written. The task starts
    /// immediately on the calling thread: an operation that never suspends (Execute, PING) has
    /// finished before this returns, and its response is written without any further hop; one that
    /// suspends (a Connect, a long Execute, a NotificationWait without ``HeldResponseHandler``)
    /// continues when it is resumed. If the client goes away (a write fails) the task is cancelled,
    /// which ends a NotificationWait.
    func streamingResponse(
        request: Request,
        requestType: MAPIHTTPRequestType,
        cookies: MapiSessionCookies,
        start: ContinuousClock.Instant,
        startTime: String,
        operation: @escaping @Sendable () async -> Result<[UInt8], MAPIHTTPFailure>
    ) -> Response {
        let headers = streamingHeaders(request: request, cookies: cookies)
        let metrics = self.metrics
        let logger = self.logger
        let keepAlives = self.keepAlives
        let inFlight = InFlightOperation()
        let task = Task.immediate {
            inFlight.finish(await operation())
        }
        if let finished = inFlight.takeOutcome() {
            // Finished already (Execute, PING, Disconnect): the whole inner stream is ready before
            // the head is written, so head, PROCESSING, the completion and the end follow one
            // another at once and leave together. PROCESSING is still a chunk of its own.
            let tail = Self.completionTail(finished, requestType: requestType, start: start, startTime: startTime, metrics: metrics)
            let body = ResponseBody { writer in
                try await writer.write(contentsOf: [ByteBuffer(bytes: MAPIHTTPInnerStream.processing), tail])
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
        let body = ResponseBody { writer in
            let outcome: InFlightOperation.Outcome
            do {
                try await writer.write(ByteBuffer(bytes: MAPIHTTPInnerStream.processing))
                outcome = try await Self.awaitOutcome(of: inFlight, writer: &writer, keepAlives: keepAlives)
            } catch {
                task.cancel()
                logger.debug("client went away during \(requestType.rawValue)", metadata: ["error": "\(error)"])
                metrics.recordRequest(type: requestType.rawValue, code: .unknownFailure)
                throw error
            }
            try await writer.write(Self.completionTail(outcome, requestType: requestType, start: start, startTime: startTime, metrics: metrics))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A NotificationWait answered from the event loop (``HeldResponseHandler``): the route writes
    /// head and `PROCESSING` and ends its body; the handler keeps the end back until the endpoint's
    /// completion hands it the answer, settles it on the event loop (``HeldResponse/Settlement``)
    /// and writes `PENDING` keep-alives meanwhile. Same bytes as
    /// ``streamingResponse(request:requestType:cookies:start:startTime:operation:)``, with no task
    /// waiting for the event.
    func heldNotificationWait(
        _ held: HeldResponse,
        request: Request,
        admission: MapiSessionRegistry.Admission,
        user: MailboxUser,
        body: [UInt8],
        start: ContinuousClock.Instant,
        startTime: String
    ) -> Response {
        let headers = streamingHeaders(request: request, cookies: admission.cookies)
        let sessions = self.sessions
        let context = admission.cookies.context
        let metrics = self.metrics
        let finish: @Sendable () -> Void = { sessions.finish(.notificationWait, context: context, now: .now) }
        let settlement = HeldResponse.Settlement(
            render: { answer in
                finish()
                return Self.completionTail(answer, requestType: .notificationWait, start: start, startTime: startTime, metrics: metrics)
            },
            abandon: { _ in
                finish()
                metrics.recordRequest(type: MAPIHTTPRequestType.notificationWait.rawValue, code: .unknownFailure)
            }
        )
        if held.claim(keepAlives: keepAlives, settlement: settlement) {
            let cancellation = endpoint.notificationWait(session: admission.handle, user: user, requestBody: body) { answer in
                held.complete(answer)
            }
            held.setCancellation(cancellation)
            held.scheduleKeepAlives()
        } else {
            // The connection is gone already: nothing to wait for.
            finish()
        }
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(bytes: MAPIHTTPInnerStream.processing))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A held NotificationWait ends with the session, the engine's timeout or shutdown, never
    /// with the task: without ``HeldResponseHandler``, this awaits the endpoint's completion and
    /// cancels the wait if the task is cancelled.
    static func notificationWait(endpoint: Endpoint, session: MailboxSessionHandle, user: MailboxUser, requestBody: [UInt8]) async -> Result<[UInt8], MAPIHTTPFailure> {
        let cancellation = NIOLockedValueBox<(cancelled: Bool, cancel: MailboxWaitCancellation?)>((false, nil))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<[UInt8], MAPIHTTPFailure>, Never>) in
                let cancel = endpoint.notificationWait(session: session, user: user, requestBody: requestBody) { outcome in
                    continuation.resume(returning: outcome)
                }
                let cancelNow = cancellation.withLockedValue { state -> Bool in
                    state.cancel = cancel
                    return state.cancelled
                }
                if cancelNow { cancel() }
            }
        } onCancel: {
            let cancel = cancellation.withLockedValue { state -> MailboxWaitCancellation? in
                state.cancelled = true
                return state.cancel
            }
            cancel?()
        }
    }

    /// Head fields of a 200 whose body is the inner stream (MS-OXCMAPIHTTP 2.2.7).
    private func streamingHeaders(request: Request, cookies: MapiSessionCookies) -> HTTPFields {
        var headers = echoedHeaders(request: request, code: .success)
        headers[.contentType] = "application/mapi-http"
        appendSetCookies(cookies, to: &headers)
        return headers
    }

    /// `DONE`, the additional headers and the request-type body (or the late failure), counted.
    static func completionTail(
        _ outcome: InFlightOperation.Outcome,
        requestType: MAPIHTTPRequestType,
        start: ContinuousClock.Instant,
        startTime: String,
        metrics: MAPIHTTPMetrics
    ) -> ByteBuffer {
        let elapsed = (ContinuousClock.now - start).wholeMilliseconds
        var tail = ByteBuffer()
        switch outcome {
        case .success(let responseBody):
            tail.reserveCapacity(80 + responseBody.count)
            MAPIHTTPInnerStream.writeCompletion(elapsedMilliseconds: elapsed, startTime: startTime, into: &tail)
            tail.writeBytes(responseBody)
            metrics.recordRequest(type: requestType.rawValue, code: .success)
        case .failure(let failure):
            MAPIHTTPInnerStream.writeCompletion(elapsedMilliseconds: elapsed, startTime: startTime, failure: failure.code, into: &tail)
            tail.writeString(Self.diagnosticHTML(failure))
            metrics.recordRequest(type: requestType.rawValue, code: failure.code)
        }
        return tail
    }

    /// Waits for the operation, writing `PENDING` each time a keep-alive comes due. A failed write
    /// or cancellation propagates (the caller cancels the operation).
    static func awaitOutcome(
        of inFlight: InFlightOperation,
        writer: inout any ResponseBodyWriter,
        keepAlives: KeepAliveScheduler
    ) async throws -> InFlightOperation.Outcome {
        while true {
            if let outcome = inFlight.takeOutcome() { return outcome }
            keepAlives.schedule(inFlight)
            switch await inFlight.next() {
            case .finished(let outcome):
                return outcome
            case .keepAliveDue:
                try await writer.write(ByteBuffer(bytes: MAPIHTTPInnerStream.pending))
            case .cancelled:
                throw CancellationError()
            }
        }
    }

    // MARK: Autodiscover

    func handleAutodiscover(_ request: Request) async -> Response {
        var request = request
        let xmlHeaders: HTTPFields = [.contentType: "text/xml; charset=utf-8"]
        let requestText: String
        do {
            requestText = String(buffer: try await request.collectBody(upTo: 64 * 1024))
        } catch {
            return Response(status: .ok, headers: xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: Autodiscover.errorResponse(code: 600, message: "Invalid Request"))))
        }
        guard let address = Autodiscover.emailAddress(inRequest: requestText) else {
            return Response(status: .ok, headers: xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: Autodiscover.errorResponse(code: 600, message: "Invalid Request"))))
        }
        var credential: StoredCredential?
        if let at = address.lastIndex(of: "@"), address[address.index(after: at)...].lowercased() == configuration.domain.lowercased() {
            credential = await credentials.credential(forUser: String(address[..<at]).lowercased())
        }
        guard let credential else {
            return Response(status: .ok, headers: xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: Autodiscover.errorResponse(code: 500, message: "The email address can't be found."))))
        }
        let settings = Autodiscover.MailboxSettings(
            emailAddress: "\(credential.name)@\(configuration.domain)",
            user: credential.user,
            internalBaseURL: configuration.internalBaseURL,
            externalBaseURL: configuration.externalBaseURL
        )
        return Response(status: .ok, headers: xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: Autodiscover.settingsResponse(settings))))
    }

    // MARK: Responses

    func unauthorizedResponse() -> Response {
        var headers: HTTPFields = [:]
        headers[.wwwAuthenticate] = "Basic realm=\"\(configuration.realm)\", charset=\"UTF-8\""
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .unauthorized, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "<html><body><h1>401 Unauthorized</h1></body></html>\n")))
    }

    private func failed(_ failure: MAPIHTTPFailure, type: String, request: Request, cookies: MapiSessionCookies? = nil) -> Response {
        metrics.recordRequest(type: type, code: failure.code)
        return failureResponse(failure, request: request, cookies: cookies)
    }

    /// X-ResponseCode ≠ 0: a complete (not chunked) `text/html` diagnostic (MS-OXCMAPIHTTP 2.2.3.2.2).
    func failureResponse(_ failure: MAPIHTTPFailure, request: Request, cookies: MapiSessionCookies?) -> Response {
        var headers = echoedHeaders(request: request, code: failure.code)
        headers[.contentType] = "text/html; charset=utf-8"
        if let cookies {
            appendSetCookies(cookies, to: &headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.diagnosticHTML(failure))))
    }

    func echoedHeaders(request: Request, code: MAPIHTTPResponseCode) -> HTTPFields {
        var headers: HTTPFields = [:]
        for name in [HTTPField.Name.xRequestType, .xRequestId, .xClientInfo] {
            if let value = request.headers[name] { headers[name] = value }
        }
        headers[.xResponseCode] = "\(code.rawValue)"
        headers[.xServerApplication] = configuration.serverApplication
        headers[.xPendingPeriod] = pendingPeriodValue
        // 2.2.3.3.8: on every response.
        headers[.xExpirationInfo] = expirationInfoValue
        headers[.cacheControl] = "private"
        return headers
    }

    /// Every session cookie on every response: some clients replace their whole cookie jar with
    /// the last response's cookies.
    func appendSetCookies(_ cookies: MapiSessionCookies, to headers: inout HTTPFields) {
        headers.append(HTTPField(name: .setCookie, value: MapiSessionCookies.contextCookieName + "=" + cookies.context + cookieAttributes))
        headers.append(HTTPField(name: .setCookie, value: MapiSessionCookies.sequenceCookieName + "=" + cookies.sequence + cookieAttributes))
    }

    static func diagnosticHTML(_ failure: MAPIHTTPFailure) -> String {
        let title = "X-ResponseCode \(failure.code.rawValue): \(failure.code.name)"
        return "<html><head><title>\(Autodiscover.escape(title))</title></head><body><h1>\(Autodiscover.escape(title))</h1><p>\(Autodiscover.escape(failure.diagnostic))</p></body></html>\n"
    }

    static func isMAPIHTTPContentType(_ value: String) -> Bool {
        let mediaType = value.split(separator: ";", maxSplits: 1).first.map { String($0).trimmed().lowercased() }
        return mediaType == "application/mapi-http" || mediaType == "application/octet-stream"
    }

    /// `Cookie` header values (several headers and `;`-separated pairs); the first value of a name wins.
    static func parseCookies(_ values: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for value in values {
            for pair in value.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<equals]).trimmed()
                let cookieValue = String(pair[pair.index(after: equals)...]).trimmed()
                if cookies[name] == nil { cookies[name] = cookieValue }
            }
        }
        return cookies
    }

    static func unixTimeNow() -> Int64 {
        Int64(time(nil))
    }
}
