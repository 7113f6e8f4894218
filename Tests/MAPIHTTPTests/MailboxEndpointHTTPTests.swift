import HTTPTestSupport
import Testing
@testable import MAPIHTTP

/// End-to-end over real HTTP on loopback (HummingbirdTesting `.live`), with a raw client so the
/// chunked framing and the inner stream are checked byte for byte.
@Suite("MAPI/HTTP mailbox endpoint over loopback")
struct MailboxEndpointHTTPTests {
    /// Connects alice and returns the response and the issued cookies.
    func connect(_ port: Int, user: String = "alice", cookies: [String: String] = [:]) async throws -> (RawHTTPResponse, [String: String]) {
        let response = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Connect", user: user, cookies: cookies), body: Array("/o=Herald/cn=\(user)\0".utf8))
        return (response, response.setCookies)
    }

    func checkSuccessHead(_ response: RawHTTPResponse, type: String, pendingPeriod: String = "10000") {
        #expect(response.status == 200)
        #expect(response.header("Transfer-Encoding")?.lowercased() == "chunked")
        #expect(response.header("Content-Length") == nil)
        #expect(response.header("Content-Type") == "application/mapi-http")
        #expect(response.header("X-RequestType") == type)
        #expect(response.header("X-RequestId") == "E2EA6C1C-E61B-49E9-9CFB-38184F907552:1")
        #expect(response.header("X-ClientInfo") == "{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:7")
        #expect(response.header("X-ResponseCode") == "0")
        #expect(response.header("X-ServerApplication") == "Exchange/15.01.2507.000")
        #expect(response.header("X-PendingPeriod") == pendingPeriod)
        #expect(response.header("X-ExpirationInfo") == "900000")
        // Every session cookie on every response.
        #expect(response.setCookies.keys.sorted() == ["MapiContext", "MapiSequence"])
    }

    /// PROCESSING alone in the first chunk (flushed at once), then DONE, X-ElapsedTime,
    /// X-StartTime, the empty line and the body (MS-OXCMAPIHTTP 2.2.7, 3.2.5.2, 4.2).
    func checkInnerStream(_ response: RawHTTPResponse, pendings: ClosedRange<Int> = 0...0, payload: [UInt8]) throws {
        let chunks = try #require(response.chunks)
        #expect(chunks.first == Array("PROCESSING\r\n".utf8))
        let (lines, body) = try #require(splitInnerStream(response.body))
        #expect(lines.first == "PROCESSING")
        let pendingCount = lines.dropFirst().prefix(while: { $0 == "PENDING" }).count
        #expect(pendings.contains(pendingCount))
        let rest = Array(lines.dropFirst(1 + pendingCount))
        #expect(rest.count == 3)
        guard rest.count == 3 else { return }
        #expect(rest[0] == "DONE")
        #expect(rest[1].hasPrefix("X-ElapsedTime: ") && Int(rest[1].dropFirst("X-ElapsedTime: ".count)) != nil)
        #expect(rest[2].hasPrefix("X-StartTime: ") && rest[2].hasSuffix(" GMT") && rest[2].count == "X-StartTime: Mon, 07 Apr 2014 21:50:41 GMT".count)
        #expect(body == payload)
    }

    @Test("Connect → Execute → PING → Disconnect: framing, echoed headers, rotating cookies")
    func lifecycle() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            let (connected, cookies) = try await connect(port)
            checkSuccessHead(connected, type: "Connect")
            try checkInnerStream(connected, payload: Array("connected alice 1".utf8))

            let executed = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC-rops".utf8))
            checkSuccessHead(executed, type: "Execute")
            try checkInnerStream(executed, payload: Array("executed 1:-rops".utf8))
            #expect(executed.setCookies["MapiContext"] == cookies["MapiContext"])
            #expect(executed.setCookies["MapiSequence"] != cookies["MapiSequence"])

            // Identical X-RequestIds are accepted (2.2.3.3.2 is the client's business).
            let pinged = try await RawHTTPClient.send(port: port, headers: mapiHeaders("PING", cookies: executed.setCookies))
            checkSuccessHead(pinged, type: "PING")
            try checkInnerStream(pinged, payload: [])

            let disconnected = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Disconnect", cookies: pinged.setCookies), body: [0, 0, 0, 0])
            checkSuccessHead(disconnected, type: "Disconnect")
            try checkInnerStream(disconnected, payload: Array(repeating: 0, count: 12))
            #expect(await harness.endpoint.disconnected == [MailboxSessionHandle(rawValue: 1)])

            // The context is gone (3.2.5.4).
            let after = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: disconnected.setCookies), body: Array("EXEC".utf8))
            #expect(after.header("X-ResponseCode") == "10")
            #expect(after.header("Content-Type")?.hasPrefix("text/html") == true)
        }
    }

    /// With the channel handlers the wait is answered from the event loop (HeldResponseHandler),
    /// without them by the route's task: the same bytes either way.
    @Test("A held NotificationWait sends PENDING keep-alives, and Execute still runs beside it", arguments: [true, false])
    func heldNotificationWait(channelHandlers: Bool) async throws {
        let harness = await TestServer.make(pendingPeriod: .milliseconds(40), channelHandlers: channelHandlers)
        try await harness.run { port in
            let (_, cookies) = try await connect(port)
            let endpoint = harness.endpoint
            async let waited = RawHTTPClient.send(port: port, headers: mapiHeaders("NotificationWait", cookies: cookies), body: Array(repeating: 0, count: 8)) { received in
                // Release the wait only once two keep-alives have been seen on the wire.
                if RawHTTPClient.occurrences(of: "PENDING\r\n", in: received) >= 2 {
                    await endpoint.openGate()
                }
            }
            // While the wait is held, the session still takes an Execute (3.1.5.5).
            var executed: RawHTTPResponse?
            for _ in 0..<200 where executed == nil {
                if await endpoint.waitsStarted == 1 {
                    executed = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC".utf8))
                } else {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            let execute = try #require(executed)
            #expect(execute.header("X-ResponseCode") == "0")
            let wait = try await waited
            checkSuccessHead(wait, type: "NotificationWait", pendingPeriod: "40")
            try checkInnerStream(wait, pendings: 2...Int.max, payload: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
            let chunks = try #require(wait.chunks)
            #expect(chunks.dropFirst().prefix(2).allSatisfy { $0 == Array("PENDING\r\n".utf8) })
            #expect(harness.server.sessions.waitsInProgress == 0)
        }
    }

    @Test("A slow Execute gets PENDING keep-alives; a second request meanwhile is Invalid Sequence")
    func oneRequestAtATime() async throws {
        let harness = await TestServer.make(pendingPeriod: .milliseconds(40))
        try await harness.run { port in
            let (_, cookies) = try await connect(port)
            let endpoint = harness.endpoint
            async let held = RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC-hold".utf8)) { received in
                if RawHTTPClient.occurrences(of: "PENDING\r\n", in: received) >= 1 {
                    await endpoint.releaseHeldExecute()
                }
            }
            var concurrent: RawHTTPResponse?
            for _ in 0..<500 where concurrent == nil {
                if await endpoint.heldExecutesStarted == 1 {
                    concurrent = try await RawHTTPClient.send(port: port, headers: mapiHeaders("PING", cookies: cookies))
                } else {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            let second = try #require(concurrent)
            #expect(second.header("X-ResponseCode") == "15")
            let first = try await held
            checkSuccessHead(first, type: "Execute", pendingPeriod: "40")
            try checkInnerStream(first, pendings: 1...Int.max, payload: Array("executed 1:-hold".utf8))
            // The refused request re-sent the cookies issued for the running one.
            #expect(second.setCookies == first.setCookies)
        }
    }

    @Test("A chunked request body over the cap is Too Large")
    func chunkedOversizedBody() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            let (_, cookies) = try await connect(port)
            let piece = [UInt8](repeating: 0x41, count: 16 * 1024)
            var chunked: [UInt8] = []
            for _ in 0..<5 {
                chunked += Array("4000\r\n".utf8) + piece + Array("\r\n".utf8)
            }
            chunked += Array("0\r\n\r\n".utf8)
            var headers = mapiHeaders("Execute", cookies: cookies)
            headers.append(("Transfer-Encoding", "chunked"))
            let response = try await RawHTTPClient.send(port: port, headers: headers, body: chunked, omitContentLength: true)
            #expect(response.header("X-ResponseCode") == "9")
            // The session is untouched by the refused request.
            let next = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC".utf8))
            #expect(next.header("X-ResponseCode") == "0")
        }
    }

    @Test("A client hanging up on a held NotificationWait cancels it and frees the session", arguments: [true, false])
    func hangUpDuringWait(channelHandlers: Bool) async throws {
        let harness = await TestServer.make(pendingPeriod: .milliseconds(40), channelHandlers: channelHandlers)
        try await harness.run { port in
            let (_, cookies) = try await connect(port)
            let received = try await RawHTTPClient.sendAndHangUp(port: port, headers: mapiHeaders("NotificationWait", cookies: cookies), body: Array(repeating: 0, count: 8)) { bytes in
                RawHTTPClient.occurrences(of: "PROCESSING\r\n", in: bytes) == 1
            }
            #expect(RawHTTPClient.occurrences(of: "DONE", in: received) == 0)
            // The next PENDING write fails, the wait is cancelled and the session is free again;
            // poll (bounded) rather than assume how long that takes.
            var waits = 1
            for _ in 0..<500 where waits != 0 {
                try await Task.sleep(for: .milliseconds(10))
                waits = harness.server.sessions.waitsInProgress
            }
            #expect(waits == 0)
            #expect(await harness.endpoint.waitsCancelled == 1)
            let execute = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC".utf8))
            #expect(execute.header("X-ResponseCode") == "0")
        }
    }

    @Test("Stopping the sweeper releases every session with reason shutdown")
    func sweeperShutdown() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            _ = try await connect(port)
            _ = try await connect(port, user: "bob")
            let sweeper = Task { await harness.server.runSessionSweeper() }
            sweeper.cancel()
            await sweeper.value
            let released = await harness.endpoint.released
            #expect(released.count == 2)
            #expect(released.allSatisfy { $0.1 == .shutdown })
            #expect(harness.server.sessions.count == 0)
        }
    }

    @Test("Cookie rules: foreign context → 10, stale sequence → 15, missing → 13, malformed → 6")
    func cookieRules() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            let (_, cookies) = try await connect(port)

            let foreign = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", user: "bob", cookies: cookies), body: Array("EXEC".utf8))
            #expect(foreign.header("X-ResponseCode") == "10")
            #expect(foreign.setCookies.isEmpty)
            let foreignWait = try await RawHTTPClient.send(port: port, headers: mapiHeaders("NotificationWait", user: "bob", cookies: cookies), body: [0, 0, 0, 0, 0, 0, 0, 0])
            #expect(foreignWait.header("X-ResponseCode") == "10")

            let first = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC".utf8))
            #expect(first.header("X-ResponseCode") == "0")
            let stale = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC".utf8))
            #expect(stale.status == 200)
            #expect(stale.header("X-ResponseCode") == "15")
            #expect(stale.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(stale.header("X-RequestType") == "Execute")
            // Cookies re-sent even on the failure, so a jar-replacing client keeps its session.
            #expect(stale.setCookies == first.setCookies)
            #expect(stale.bodyText.contains("Invalid Sequence"))

            let noSequence = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: ["MapiContext": cookies["MapiContext"]!]), body: Array("EXEC".utf8))
            #expect(noSequence.header("X-ResponseCode") == "13")
            let noCookies = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute"), body: Array("EXEC".utf8))
            #expect(noCookies.header("X-ResponseCode") == "13")
            let malformed = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: ["MapiContext": "x", "MapiSequence": "y"]), body: Array("EXEC".utf8))
            #expect(malformed.header("X-ResponseCode") == "6")

            // The session survived all of that.
            let recovered = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: stale.setCookies), body: Array("EXEC".utf8))
            #expect(recovered.header("X-ResponseCode") == "0")
        }
    }

    @Test("Reconnect with old cookies releases the old session; a refused Connect creates none")
    func reconnectAndRefusal() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            let (_, cookies) = try await connect(port)
            let (again, newCookies) = try await connect(port, cookies: cookies)
            #expect(again.header("X-ResponseCode") == "0")
            #expect(newCookies["MapiContext"] != cookies["MapiContext"])
            let released = await harness.endpoint.released
            #expect(released.count == 1 && released.first?.0 == MailboxSessionHandle(rawValue: 1) && released.first?.1 == .replacedByReconnect)
            let old = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC".utf8))
            #expect(old.header("X-ResponseCode") == "10")

            let refused = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Connect"), body: Array("refuse".utf8))
            #expect(refused.header("X-ResponseCode") == "0")
            try checkInnerStream(refused, payload: [1, 0, 0, 0])
            let useRefused = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: refused.setCookies), body: Array("EXEC".utf8))
            #expect(useRefused.header("X-ResponseCode") == "10")

            // An endpoint error on Connect: reported after DONE (2.2.7), and no session exists.
            let broken = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Connect"), body: Array("garbage".utf8))
            #expect(broken.header("X-ResponseCode") == "0")
            let (lines, diagnostic) = try #require(splitInnerStream(broken.body))
            #expect(Array(lines.prefix(2)) == ["PROCESSING", "DONE"])
            #expect(lines.dropFirst(2).first == "X-ResponseCode: 12")
            #expect(String(decoding: diagnostic, as: UTF8.self).contains("does not decode"))
            let useBroken = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: broken.setCookies), body: Array("EXEC".utf8))
            #expect(useBroken.header("X-ResponseCode") == "10")
        }
    }

    @Test("Idle expiry destroys the session through the endpoint")
    func idleExpiry() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            let (_, cookies) = try await connect(port)
            #expect(await harness.server.expireIdleSessions(now: .now) == 0)
            #expect(await harness.server.expireIdleSessions(now: .now.advanced(by: .seconds(901))) == 1)
            let released = await harness.endpoint.released
            #expect(released.first?.1 == .idleExpiry)
            let after = try await RawHTTPClient.send(port: port, headers: mapiHeaders("PING", cookies: cookies))
            #expect(after.header("X-ResponseCode") == "10")
        }
    }

    @Test("Authentication: 401 with a Basic challenge; user, DOMAIN\\user and user@domain accepted")
    func authentication() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            var anonymous = mapiHeaders("Connect")
            anonymous.removeFirst()
            let missing = try await RawHTTPClient.send(port: port, headers: anonymous, body: [0])
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate")?.hasPrefix("Basic realm=\"Herald\"") == true)

            var wrong = mapiHeaders("Connect")
            wrong[0] = basic("alice", "wrong")
            #expect(try await RawHTTPClient.send(port: port, headers: wrong, body: [0]).status == 401)
            var unknown = mapiHeaders("Connect")
            unknown[0] = basic("mallory")
            #expect(try await RawHTTPClient.send(port: port, headers: unknown, body: [0]).status == 401)
            var foreignDomain = mapiHeaders("Connect")
            foreignDomain[0] = basic("alice@evil.example")
            #expect(try await RawHTTPClient.send(port: port, headers: foreignDomain, body: [0]).status == 401)
            var garbage = mapiHeaders("Connect")
            garbage[0] = ("Authorization", "Basic %%%")
            #expect(try await RawHTTPClient.send(port: port, headers: garbage, body: [0]).status == 401)

            for name in ["alice", "HERALD\\alice", "alice@herald.local", "ALICE@HERALD.LOCAL"] {
                var headers = mapiHeaders("Connect")
                headers[0] = basic(name)
                let response = try await RawHTTPClient.send(port: port, headers: headers, body: [0])
                #expect(response.status == 200, "\(name)")
                #expect(response.header("X-ResponseCode") == "0", "\(name)")
            }
        }
    }

    @Test("Header, verb, path and size failures get their X-ResponseCode and a text/html body")
    func transportFailures() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            func expectFailure(_ response: RawHTTPResponse, _ code: MAPIHTTPResponseCode, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(response.status == 200, sourceLocation: sourceLocation)
                #expect(response.header("X-ResponseCode") == "\(code.rawValue)", sourceLocation: sourceLocation)
                #expect(response.header("Content-Type")?.hasPrefix("text/html") == true, sourceLocation: sourceLocation)
                #expect(response.header("X-ServerApplication") != nil, sourceLocation: sourceLocation)
                #expect(response.header("X-PendingPeriod") == "10000", sourceLocation: sourceLocation)
                #expect(response.header("X-ExpirationInfo") == "900000", sourceLocation: sourceLocation)
                #expect(response.bodyText.contains(code.name), sourceLocation: sourceLocation)
            }
            expectFailure(try await RawHTTPClient.send(port: port, headers: mapiHeaders("Bind"), body: [0]), .invalidRequestType)
            expectFailure(try await RawHTTPClient.send(port: port, headers: mapiHeaders("Frobnicate"), body: [0]), .invalidRequestType)

            var noRequestId = mapiHeaders("Connect")
            noRequestId.removeAll { $0.0 == "X-RequestId" }
            expectFailure(try await RawHTTPClient.send(port: port, headers: noRequestId, body: [0]), .missingHeader)
            var noType = mapiHeaders("Connect")
            noType.removeAll { $0.0 == "X-RequestType" }
            expectFailure(try await RawHTTPClient.send(port: port, headers: noType, body: [0]), .missingHeader)
            var noContentType = mapiHeaders("Connect")
            noContentType.removeAll { $0.0 == "Content-Type" }
            expectFailure(try await RawHTTPClient.send(port: port, headers: noContentType, body: [0]), .missingHeader)
            var textContentType = mapiHeaders("Connect")
            textContentType[1] = ("Content-Type", "text/plain")
            expectFailure(try await RawHTTPClient.send(port: port, headers: textContentType, body: [0]), .invalidHeader)

            let oversized = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute"), body: Array(repeating: 0x41, count: 64 * 1024 + 1))
            expectFailure(oversized, .tooLarge)

            let get = try await RawHTTPClient.send(port: port, method: "GET", headers: [basic("alice")])
            expectFailure(get, .invalidVerb)
            let getNoSlash = try await RawHTTPClient.send(port: port, method: "GET", path: "/mapi/emsmdb", headers: [])
            expectFailure(getNoSlash, .invalidVerb)
            let nspi = try await RawHTTPClient.send(port: port, path: "/mapi/nspi/", headers: mapiHeaders("Bind"), body: [0])
            expectFailure(nspi, .invalidPath)

            // The path without trailing slash serves too.
            let noSlash = try await RawHTTPClient.send(port: port, path: "/mapi/emsmdb?MailboxId=alice@herald.local", headers: mapiHeaders("Connect"), body: [0])
            #expect(noSlash.header("X-ResponseCode") == "0")
        }
    }

    @Test("Random-byte bodies reach the endpoint, which answers its own error; other sessions keep working")
    func hostileBodies() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            let (_, victim) = try await connect(port, user: "bob")
            let (_, attacker) = try await connect(port)
            var cookies = attacker
            var random = SplitMix64(state: 0x5EED_0008)
            for _ in 0..<12 {
                let length = Int(random.next() % 300)
                var body = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                if body.starts(with: FakeMailboxEndpoint.executeMagic) { body[0] = 0 }
                let response = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: body)
                // The initial response said 0; the endpoint's failure follows DONE (2.2.7).
                #expect(response.header("X-ResponseCode") == "0")
                let (lines, diagnostic) = try #require(splitInnerStream(response.body))
                #expect(lines.contains("X-ResponseCode: 12"))
                #expect(String(decoding: diagnostic, as: UTF8.self).contains("Invalid Request Body"))
                cookies = response.setCookies
            }
            let victimExecute = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", user: "bob", cookies: victim), body: Array("EXEC".utf8))
            #expect(victimExecute.header("X-ResponseCode") == "0")
            try checkInnerStream(victimExecute, payload: Array("executed 1:".utf8))
            let attackerStillThere = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Execute", cookies: cookies), body: Array("EXEC".utf8))
            #expect(attackerStillThere.header("X-ResponseCode") == "0")
            let health = try await RawHTTPClient.send(port: port, method: "GET", path: "/healthz", headers: [])
            #expect(health.status == 200)
            #expect(health.bodyText == "ok\n")
        }
    }

    @Test("/metrics counts requests by type and code")
    func metrics() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            _ = try await connect(port)
            _ = try await RawHTTPClient.send(port: port, headers: mapiHeaders("Bogus"), body: [0])
            let metrics = try await RawHTTPClient.send(port: port, method: "GET", path: "/metrics", headers: [])
            #expect(metrics.status == 200)
            #expect(metrics.bodyText.contains("herald_mapihttp_sessions 1.0\n"))
            #expect(metrics.bodyText.contains("herald_mapihttp_requests_total{type=\"Connect\",code=\"0\"} 1\n"))
            #expect(metrics.bodyText.contains("herald_mapihttp_requests_total{type=\"unknown\",code=\"5\"} 1\n"))
            #expect(metrics.bodyText.contains("# TYPE herald_mapihttp_requests_total counter\n"))
            #expect(metrics.bodyText.contains("herald_http_unauthorized_total 0\n"))
        }
    }
}

@Suite("Autodiscover (MS-OXDSCLI, Outlook 2006 POX schema)")
struct AutodiscoverHTTPTests {
    static func request(_ address: String) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
          <Request>
            <EMailAddress>\(address)</EMailAddress>
            <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """.utf8)
    }

    @Test("Anonymous request for a known user: LegacyDN and mapiHttp MailStore/AddressBook URLs")
    func knownUser() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            let response = try await RawHTTPClient.send(port: port, path: "/autodiscover/autodiscover.xml", headers: [("Content-Type", "text/xml")], body: Self.request("Alice@herald.local"))
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/xml") == true)
            let xml = response.bodyText
            #expect(xml.contains("<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">"))
            #expect(xml.contains("<Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\">"))
            #expect(xml.contains("<DisplayName>Alice Liddell</DisplayName>"))
            #expect(xml.contains("<LegacyDN>/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice</LegacyDN>"))
            #expect(xml.contains("<Protocol Type=\"mapiHttp\" Version=\"1\">"))
            // Element layout of MS-OXDSCLI 4.4, whitespace aside.
            let compact = xml.split(separator: "\n").map { String($0).trimmingCharacters(in: " ") }.joined()
            let expected: String = [
                "<Protocol Type=\"mapiHttp\" Version=\"1\"><MailStore>",
                "<InternalUrl>http://127.0.0.1:8080/mapi/emsmdb/?MailboxId=alice@herald.local</InternalUrl>",
                "<ExternalUrl>http://127.0.0.1:8080/mapi/emsmdb/?MailboxId=alice@herald.local</ExternalUrl>",
                "</MailStore><AddressBook>",
                "<InternalUrl>http://127.0.0.1:8080/mapi/nspi/?MailboxId=alice@herald.local</InternalUrl>",
                "<ExternalUrl>http://127.0.0.1:8080/mapi/nspi/?MailboxId=alice@herald.local</ExternalUrl>",
                "</AddressBook></Protocol>",
            ].joined()
            #expect(compact.contains(expected))
            #expect(!xml.contains("<Error"))
        }
    }

    @Test("Unknown user, foreign domain and a request without EMailAddress get the error response")
    func errors() async throws {
        let harness = await TestServer.make()
        try await harness.run { port in
            for address in ["mallory@herald.local", "alice@elsewhere.example"] {
                let response = try await RawHTTPClient.send(port: port, path: "/Autodiscover/Autodiscover.xml", headers: [("Content-Type", "text/xml")], body: Self.request(address))
                #expect(response.status == 200)
                #expect(response.bodyText.contains("<ErrorCode>500</ErrorCode>"), "\(address)")
                #expect(!response.bodyText.contains("LegacyDN"))
            }
            let empty = try await RawHTTPClient.send(port: port, path: "/autodiscover/autodiscover.xml", headers: [], body: Array("<nonsense/>".utf8))
            #expect(empty.bodyText.contains("<ErrorCode>600</ErrorCode>"))
        }
    }

    @Test("EMailAddress extraction tolerates prefixes and entities")
    func extraction() {
        #expect(Autodiscover.emailAddress(inRequest: "<a:EMailAddress> bob@herald.local </a:EMailAddress>") == "bob@herald.local")
        #expect(Autodiscover.emailAddress(inRequest: "<EMailAddress>a&amp;b@x</EMailAddress>") == "a&b@x")
        #expect(Autodiscover.emailAddress(inRequest: "<EMailAddress></EMailAddress>") == nil)
        #expect(Autodiscover.emailAddress(inRequest: "") == nil)
        #expect(Autodiscover.escape("<a&\"'>") == "&lt;a&amp;&quot;&apos;&gt;")
    }
}
