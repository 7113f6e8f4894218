import HTTPTestSupport
import Foundation
import HeraldClient
import HeraldServer
import MAPIWire
import Testing

/// Authentication, cookies and hostile bodies against the real server: each answered with its
/// X-ResponseCode (MS-OXCMAPIHTTP 2.2.3.3.3) or a failure body, never a 500, while another
/// session keeps working.
@Suite("herald serve: authentication, cookies, hostile bodies")
struct HostileRequestTests {
    func connectBody(_ user: String) -> [UInt8] {
        var body: [UInt8] = []
        MAPIHTTPConnectRequest(userDN: Array(LiveHerald.essdn(user).utf8), flags: 0, defaultCodePage: 1252, lcidSort: 0x409, lcidString: 0x409)
            .encode(into: &body)
        return body
    }

    func lateResponseCode(_ response: RawHTTPResponse) -> String? {
        guard let (lines, _) = splitInnerStream(response.body) else { return nil }
        return lines.first { $0.hasPrefix("X-ResponseCode: ") }.map { String($0.dropFirst("X-ResponseCode: ".count)) }
    }

    /// X-ResponseCode, in the headers or (after PROCESSING went out with 0) after DONE.
    func responseCode(_ response: RawHTTPResponse) -> String? {
        if response.header("X-ResponseCode") != "0" { return response.header("X-ResponseCode") }
        return lateResponseCode(response) ?? "0"
    }

    @Test("Missing or wrong credentials: 401 with a Basic challenge; all three user-name forms work")
    func authentication() async throws {
        try await LiveHerald.with { server in
            var headers = mapiHeaders("Connect")
            headers.removeFirst()
            let anonymous = try await RawHTTPClient.send(port: server.port, headers: headers, body: connectBody("alice"))
            #expect(anonymous.status == 401)
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
            let wrong = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect", password: "nope"), body: connectBody("alice"))
            #expect(wrong.status == 401)
            let unknown = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect", user: "mallory"), body: connectBody("alice"))
            #expect(unknown.status == 401)
            for form in ["alice", "HERALD\\alice", "alice@herald.local"] {
                let response = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect", user: form), body: connectBody("alice"))
                #expect(response.status == 200, "\(form)")
                #expect(responseCode(response) == "0", "\(form)")
            }
            // Autodiscover answers without credentials.
            let discovered = try await MAPIHTTPClient(baseURL: server.baseURL, userName: "x", password: "y").autodiscover(emailAddress: "alice@herald.local")
            #expect(discovered.legacyDN == LiveHerald.essdn("alice"))
            #expect(discovered.mailStoreURL.hasSuffix("/mapi/emsmdb/?MailboxId=alice@herald.local"))
        }
    }

    @Test("A user cannot log on to someone else's mailbox, nor use their session cookie")
    func foreignMailbox() async throws {
        try await LiveHerald.with { server in
            // Connect as alice naming bob's DN: a failure body or a non-zero ErrorCode, no session.
            let foreign = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect"), body: connectBody("bob"))
            #expect(responseCode(foreign) == "0")
            let (_, payload) = try #require(splitInnerStream(foreign.body))
            let decoded = try MAPIHTTPConnectResponse.decode(payload)
            switch decoded.body {
            case let .success(success): #expect(success.errorCode != .success)
            case let .failure(status, _): #expect(status != 0)
            }
            // RopLogon to bob's mailbox inside alice's session fails too.
            let session = MailboxClientSession(client: server.client())
            try await session.connect(userDN: LiveHerald.essdn("alice"))
            let reply = try await session.execute(logonRops("bob"))
            let replyBuffer = try #require(reply.first)
            guard case let .logon(logon)? = try RopResponseReader.decodeAll(replyBuffer.ropsList).first?.response else {
                Issue.record("no RopLogon response"); return
            }
            #expect(logon.returnValue != .success)
            // Alice's cookies presented with bob's credentials: Context Not Found.
            let cookies = await session.client.currentCookies
            let stolen = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", user: "bob", cookies: cookies), body: executeBody(logonRops("bob")))
            #expect(stolen.header("X-ResponseCode") == "10")
            // … and alice's session still works.
            _ = try await session.execute(RopBuffer(ropsList: [], handleTable: []))
        }
    }

    @Test("Cookie rules: missing context 13, malformed 6, stale sequence 15, cookies on every response")
    func cookieRules() async throws {
        try await LiveHerald.with { server in
            let missing = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute"), body: executeBody(logonRops("alice")))
            #expect(missing.header("X-ResponseCode") == "13")
            let malformed = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", cookies: ["MapiContext": "xyz", "MapiSequence": "abc"]),
                                                         body: executeBody(logonRops("alice")))
            #expect(malformed.header("X-ResponseCode") == "6")
            let connected = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect"), body: connectBody("alice"))
            let first = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", cookies: connected.setCookies), body: executeBody(logonRops("alice")))
            #expect(first.header("X-ResponseCode") == "0")
            // Replaying the previous sequence cookie.
            let replay = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", cookies: connected.setCookies), body: executeBody(logonRops("alice")))
            #expect(replay.header("X-ResponseCode") == "15")
            #expect(replay.setCookies["MapiContext"] == connected.setCookies["MapiContext"])
            let ping = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("PING", cookies: first.setCookies))
            #expect(ping.header("X-ResponseCode") == "0")
            #expect(ping.setCookies.keys.sorted() == ["MapiContext", "MapiSequence"])
        }
    }

    @Test("Hostile bodies get X-ResponseCode 12 (or 9 when too large) while another session keeps working")
    func hostileBodies() async throws {
        try await LiveHerald.with { server in
            let (bystander, _, _) = try await subscribedSession(server)
            var generator = SplitMix64(state: 0x4845_5241_4C44)
            for type in ["Connect", "Execute", "NotificationWait", "Disconnect"] {
                var bodies: [[UInt8]] = [[], [1, 2, 3]]
                // Truncated and over-declared versions of a valid body.
                let valid: [UInt8] = switch type {
                case "Connect": connectBody("alice")
                case "Execute": executeBody(logonRops("alice"))
                case "NotificationWait": [0, 0, 0, 0, 0, 0, 0, 0]
                default: [0, 0, 0, 0]
                }
                bodies.append(Array(valid.dropLast()))
                bodies.append(valid + [0xFF])
                var overDeclared = valid
                if overDeclared.count >= 8 { overDeclared[4] = 0xFF; overDeclared[5] = 0xFF }
                bodies.append(overDeclared)
                for _ in 0..<6 {
                    bodies.append((0..<Int.random(in: 1...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
                }
                for body in bodies {
                    var cookies: [String: String] = [:]
                    if type != "Connect" {
                        let fresh = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect"), body: connectBody("alice"))
                        cookies = fresh.setCookies
                    }
                    let response = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders(type, cookies: cookies), body: body)
                    #expect(response.status == 200, "\(type) \(body.count) bytes")
                    let code = responseCode(response)
                    if body == valid {
                        continue
                    }
                    // Bodies the codecs reject are Invalid Request Body (12); a few random ones
                    // happen to be valid requests with hostile contents, answered in the body.
                    #expect(code == "12" || code == "0", "\(type) \(body.count) bytes: \(code ?? "nil")")
                }
            }
            // Execute with a well-formed body whose ROP buffer is garbage: an EcDoRpcExt2 error in
            // the body, not a transport failure.
            let fresh = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect"), body: connectBody("alice"))
            var garbage: [UInt8] = []
            MAPIHTTPExecuteRequest(flags: 0, ropBuffer: [0x00, 0x00, 0x04, 0x00, 0x05, 0x00, 0x05, 0x00, 1, 2, 3, 4, 5], maxRopOut: 0x10000).encode(into: &garbage)
            let rejected = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", cookies: fresh.setCookies), body: garbage)
            #expect(rejected.status == 200)
            // Too large.
            let huge = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", cookies: fresh.setCookies),
                                                    body: [UInt8](repeating: 0, count: 5 * 1024 * 1024))
            #expect(huge.header("X-ResponseCode") == "9")
            // The bystander never noticed.
            _ = try await bystander.execute(RopBuffer(ropsList: [], handleTable: []))
            let health = try await RawHTTPClient.send(port: server.port, method: "GET", path: "/healthz", headers: [])
            #expect(health.status == 200)
        }
    }
}

/// SplitMix64, for reproducible hostile bodies.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
