import Testing
@testable import MAPIHTTP

@Suite("MAPIHTTP pieces")
struct UnitTests {
    @Test("X-ResponseCode values are those of MS-OXCMAPIHTTP 2.2.3.3.3")
    func responseCodes() {
        #expect(MAPIHTTPResponseCode.allCases.map(\.rawValue) == Array(0...18))
        #expect(MAPIHTTPResponseCode.invalidVerb.rawValue == 2)
        #expect(MAPIHTTPResponseCode.tooLarge.rawValue == 9)
        #expect(MAPIHTTPResponseCode.contextNotFound.rawValue == 10)
        #expect(MAPIHTTPResponseCode.invalidSequence.rawValue == 15)
        #expect(MAPIHTTPResponseCode.endpointShuttingDown.name == "Endpoint Shutting Down")
    }

    @Test("Request types parse case-insensitively; NSPI types are not ours")
    func requestTypes() {
        #expect(MAPIHTTPRequestType(headerValue: "Execute") == .execute)
        #expect(MAPIHTTPRequestType(headerValue: "ping") == .ping)
        #expect(MAPIHTTPRequestType(headerValue: "NotificationWait") == .notificationWait)
        #expect(MAPIHTTPRequestType(headerValue: "Bind") == nil)
        #expect(MAPIHTTPRequestType(headerValue: "") == nil)
    }

    @Test("RFC 1123 dates (RFC 2616 3.3.1 example and edge days)")
    func rfc1123() {
        #expect(HTTPDate.rfc1123(unixSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.rfc1123(unixSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.rfc1123(unixSeconds: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.rfc1123(unixSeconds: 1_798_761_599) == "Thu, 31 Dec 2026 23:59:59 GMT")
    }

    @Test("Inner stream completion: DONE, X-ElapsedTime, X-StartTime, empty line (MS-OXCMAPIHTTP 2.2.7, 4.2)")
    func innerStreamCompletion() {
        let bytes = MAPIHTTPInnerStream.completion(elapsedMilliseconds: 2, startTime: "Mon, 07 Apr 2014 21:50:41 GMT")
        #expect(String(decoding: bytes, as: UTF8.self) == "DONE\r\nX-ElapsedTime: 2\r\nX-StartTime: Mon, 07 Apr 2014 21:50:41 GMT\r\n\r\n")
        let failed = MAPIHTTPInnerStream.completion(elapsedMilliseconds: 0, startTime: "x", failure: .invalidRequestBody)
        #expect(String(decoding: failed, as: UTF8.self) == "DONE\r\nX-ResponseCode: 12\r\nX-ElapsedTime: 0\r\nX-StartTime: x\r\n\r\n")
        #expect(MAPIHTTPInnerStream.processing == Array("PROCESSING\r\n".utf8))
        #expect(MAPIHTTPInnerStream.pending == Array("PENDING\r\n".utf8))
    }

    @Test("PBKDF2-HMAC-SHA256 matches RFC 7914 11 (P=passwd, S=salt, c=1), first 32 bytes")
    func pbkdf2Vector() {
        let derived = PasswordHasher.derive(password: "passwd", salt: Array("salt".utf8), iterations: 1)
        #expect(Hex.encode(derived) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    }

    @Test("Password hashes are salted, self-describing and verify only the right password")
    func passwordHashes() {
        let hasher = PasswordHasher(iterations: PasswordHasher.minimumIterations)
        let first = hasher.hash(password: "s3cret")
        let second = hasher.hash(password: "s3cret")
        #expect(first != second)
        let parts = first.split(separator: "$")
        #expect(parts.count == 4)
        #expect(parts[0] == "pbkdf2-sha256")
        #expect(parts[1] == "100000")
        #expect(parts[2].count == 32)
        #expect(parts[3].count == 64)
        #expect(PasswordHasher.verify(password: "s3cret", against: first))
        #expect(!PasswordHasher.verify(password: "s3cret ", against: first))
        #expect(!PasswordHasher.verify(password: "s3cret", against: "pbkdf2-sha256$0$00$00"))
        #expect(!PasswordHasher.verify(password: "s3cret", against: "garbage"))
        #expect(!PasswordHasher.verify(password: "s3cret", against: "md5$1$aa$bb"))
        #expect(PasswordHasher(iterations: 10).iterations == PasswordHasher.minimumIterations)
    }

    @Test("Basic credentials: user, DOMAIN\\user, user@domain")
    func basicCredentialForms() async {
        let authenticator = BasicAuthenticator(store: InMemoryCredentialStore(), domain: "herald.local")
        #expect(authenticator.canonicalUserName("Alice") == "alice")
        #expect(authenticator.canonicalUserName("HERALD\\alice") == "alice")
        #expect(authenticator.canonicalUserName("alice@Herald.Local") == "alice")
        #expect(authenticator.canonicalUserName("alice@elsewhere.example") == nil)
        #expect(authenticator.canonicalUserName("HERALD\\") == nil)
        let parsed = BasicAuthenticator.parseBasic("Basic " + Base64.encode(Array("a:b:c".utf8)))
        #expect(parsed?.0 == "a")
        #expect(parsed?.1 == "b:c")
        #expect(BasicAuthenticator.parseBasic("Bearer abc") == nil)
        #expect(BasicAuthenticator.parseBasic("Basic !!!") == nil)
        #expect(Base64.decode("YWxpY2U6cHc=") == Array("alice:pw".utf8))
    }

    @Test("Verified credentials are cached per header value, never per user")
    func authenticationCache() async {
        let store = InMemoryCredentialStore()
        await store.addUser("alice", password: "pw", hasher: PasswordHasher(iterations: PasswordHasher.minimumIterations))
        let authenticator = BasicAuthenticator(store: store, domain: "herald.local")
        let right = "Basic " + Base64.encode(Array("alice:pw".utf8))
        let wrong = "Basic " + Base64.encode(Array("alice:px".utf8))
        #expect(await authenticator.authenticate(authorization: right)?.name == "alice")
        #expect(await authenticator.authenticate(authorization: right)?.name == "alice")
        #expect(await authenticator.authenticate(authorization: wrong) == nil)
        #expect(await authenticator.authenticate(authorization: nil) == nil)
        #expect(await authenticator.authenticate(authorization: "Basic " + Base64.encode(Array("nobody:pw".utf8))) == nil)
        await store.removeUser("alice")
        authenticator.forgetVerifiedCredentials()
        #expect(await authenticator.authenticate(authorization: right) == nil)
    }

    @Test("Cookie headers: several headers and ; separated pairs")
    func cookieParsing() {
        let cookies = MAPIHTTPServer<FakeMailboxEndpoint>.parseCookies(["MapiContext=abc; other=1", "MapiSequence=def"])
        #expect(cookies["MapiContext"] == "abc")
        #expect(cookies["MapiSequence"] == "def")
        #expect(cookies["other"] == "1")
    }

    @Test("Session tokens carry 256 random bits")
    func tokens() {
        let a = MapiSessionCookies.randomToken()
        let b = MapiSessionCookies.randomToken()
        #expect(a.utf8.count == 64)
        #expect(a != b)
        #expect(MapiSessionCookies.isWellFormedToken(Substring(a)))
        #expect(!MapiSessionCookies.isWellFormedToken("abc"))
    }
}

@Suite("Session registry rules (MS-OXCMAPIHTTP 3.1.5, 3.2.5)")
struct SessionRegistryTests {
    let now = ContinuousClock.now

    func connected(_ registry: MapiSessionRegistry, user: String = "alice", handle: UInt64 = 1) async -> MapiSessionCookies {
        let (cookies, replaced) = registry.reserveConnect(user: user, presentedContext: nil, now: now)
        #expect(replaced == nil)
        registry.completeConnect(context: cookies.context, handle: MailboxSessionHandle(rawValue: handle), now: now)
        return cookies
    }

    func code(_ result: Result<MapiSessionRegistry.Admission, AdmissionFailure>) -> MAPIHTTPResponseCode {
        switch result {
        case .success: .success
        case .failure(let failure): failure.failure.code
        }
    }

    @Test("Sequence cookie rotates; the stale one is Invalid Sequence")
    func sequenceRotation() async throws {
        let registry = MapiSessionRegistry(idleTimeout: .seconds(60))
        let cookies = await connected(registry)
        let first = try registry.admit(.execute, user: "alice", context: cookies.context, sequence: cookies.sequence, now: now).get()
        #expect(first.cookies.context == cookies.context)
        #expect(first.cookies.sequence != cookies.sequence)
        registry.finish(.execute, context: cookies.context, now: now)
        #expect(code(registry.admit(.execute, user: "alice", context: cookies.context, sequence: cookies.sequence, now: now)) == .invalidSequence)
        #expect(code(registry.admit(.execute, user: "alice", context: cookies.context, sequence: first.cookies.sequence, now: now)) == .success)
    }

    @Test("One request at a time, except NotificationWait")
    func oneAtATime() async throws {
        let registry = MapiSessionRegistry(idleTimeout: .seconds(60))
        let cookies = await connected(registry)
        let running = try registry.admit(.execute, user: "alice", context: cookies.context, sequence: cookies.sequence, now: now).get()
        #expect(code(registry.admit(.ping, user: "alice", context: cookies.context, sequence: running.cookies.sequence, now: now)) == .invalidSequence)
        #expect(code(registry.admit(.notificationWait, user: "alice", context: cookies.context, sequence: nil, now: now)) == .success)
        #expect(registry.waitsInProgress == 1)
    }

    @Test("Another user's context, a malformed one, a missing one")
    func foreignAndMissing() async {
        let registry = MapiSessionRegistry(idleTimeout: .seconds(60))
        let cookies = await connected(registry)
        #expect(code(registry.admit(.execute, user: "bob", context: cookies.context, sequence: cookies.sequence, now: now)) == .contextNotFound)
        #expect(code(registry.admit(.notificationWait, user: "bob", context: cookies.context, sequence: nil, now: now)) == .contextNotFound)
        #expect(code(registry.admit(.execute, user: "alice", context: nil, sequence: cookies.sequence, now: now)) == .missingCookie)
        #expect(code(registry.admit(.execute, user: "alice", context: cookies.context, sequence: nil, now: now)) == .missingCookie)
        #expect(code(registry.admit(.execute, user: "alice", context: "nothex", sequence: nil, now: now)) == .invalidContextCookie)
        #expect(code(registry.admit(.execute, user: "alice", context: MapiSessionCookies.randomToken(), sequence: nil, now: now)) == .contextNotFound)
    }

    @Test("Idle contexts expire unless something runs on them")
    func expiry() async throws {
        let registry = MapiSessionRegistry(idleTimeout: .seconds(60))
        let idle = await connected(registry, handle: 1)
        let waiting = await connected(registry, handle: 2)
        _ = try registry.admit(.notificationWait, user: "alice", context: waiting.context, sequence: nil, now: now).get()
        #expect(registry.expireIdle(now: now.advanced(by: .seconds(59))).isEmpty)
        #expect(registry.expireIdle(now: now.advanced(by: .seconds(61))) == [MailboxSessionHandle(rawValue: 1)])
        #expect(code(registry.admit(.execute, user: "alice", context: idle.context, sequence: idle.sequence, now: now)) == .contextNotFound)
        registry.finish(.notificationWait, context: waiting.context, now: now.advanced(by: .seconds(61)))
        #expect(registry.expireIdle(now: now.advanced(by: .seconds(100))).isEmpty)
        #expect(registry.expireIdle(now: now.advanced(by: .seconds(122))) == [MailboxSessionHandle(rawValue: 2)])
    }

    @Test("Reconnect with the old cookie destroys the old context (3.2.5.6); a foreign one is ignored")
    func reconnect() async {
        let registry = MapiSessionRegistry(idleTimeout: .seconds(60))
        let old = await connected(registry, handle: 7)
        let foreign = registry.reserveConnect(user: "bob", presentedContext: old.context, now: now)
        #expect(foreign.replaced == nil)
        let again = registry.reserveConnect(user: "alice", presentedContext: old.context, now: now)
        #expect(again.replaced == MailboxSessionHandle(rawValue: 7))
        #expect(again.cookies.context != old.context)

        // A reconnect racing the Connect that issued the cookie: the first Connect's handle
        // has nowhere to go and must be released by the caller.
        let racing = registry.reserveConnect(user: "alice", presentedContext: again.cookies.context, now: now)
        #expect(racing.replaced == nil)
        #expect(registry.completeConnect(context: again.cookies.context, handle: MailboxSessionHandle(rawValue: 8), now: now) == false)
        #expect(registry.completeConnect(context: racing.cookies.context, handle: MailboxSessionHandle(rawValue: 9), now: now))
    }
}
