import HeraldClient
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

/// ``HeraldHTTPClient`` against real servers on 127.0.0.1: a Hummingbird application, and a bare
/// NIO server for the cases a well-behaved server never produces on cue.
@Suite struct HeraldHTTPClientTests {
    @Test func endpointParsing() throws {
        let plain = try #require(HTTPEndpoint(url: "http://127.0.0.1:8080"))
        #expect(plain == HTTPEndpoint(scheme: .http, host: "127.0.0.1", port: 8080))
        #expect(plain.hostHeader == "127.0.0.1:8080")
        let secure = try #require(HTTPEndpoint(url: "https://mail.example.com/prefix/"))
        #expect(secure.port == 443 && secure.pathPrefix == "/prefix" && secure.hostHeader == "mail.example.com")
        let six = try #require(HTTPEndpoint(url: "http://[::1]:9000/"))
        #expect(six.host == "::1" && six.port == 9000 && six.hostHeader == "[::1]:9000")
        for bad in ["ftp://x", "http://", "http://host:0", "http://host:99999", "http://user@host", "http://[::1", "127.0.0.1:80"] {
            #expect(HTTPEndpoint(url: bad) == nil, "\(bad)")
        }
    }

    @Test func keepAliveReusesOneConnection() async throws {
        let server = try await HummingbirdTestServer.start { router in
            router.get("/port") { _, context in "\(context.peerPort)" }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        var ports: Set<String> = []
        for _ in 0..<3 {
            let response = try await client.get("/port")
            #expect(response.status == .ok)
            ports.insert(String(buffer: response.body))
        }
        #expect(ports.count == 1)
        #expect(client.statistics == .init(connectionsOpened: 1, openConnections: 1, idleConnections: 1))
        client.shutdown()
        await server.stop()
    }

    @Test func twoConcurrentRequestsUseTwoConnections() async throws {
        let arrived = TestGate()
        let release = TestGate()
        let server = try await HummingbirdTestServer.start { router in
            router.get("/hold") { _, context in
                arrived.open()
                await release.wait()
                return "held \(context.peerPort)"
            }
            router.get("/release") { _, context in
                release.open()
                return "released \(context.peerPort)"
            }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        async let held = client.get("/hold")
        await arrived.wait()
        let released = try await client.get("/release")
        let heldBody = String(buffer: try await held.body)
        #expect(heldBody.hasPrefix("held "))
        #expect(String(buffer: released.body).hasPrefix("released "))
        #expect(heldBody.dropFirst("held ".count) != String(buffer: released.body).dropFirst("released ".count))
        #expect(client.statistics.connectionsOpened == 2)
        client.shutdown()
        await server.stop()
    }

    @Test func requestsBeyondThePoolWaitForAConnection() async throws {
        let arrived = TestGate()
        let release = TestGate()
        let server = try await HummingbirdTestServer.start { router in
            router.get("/hold") { _, _ in
                arrived.open()
                await release.wait()
                return "held"
            }
            router.get("/port") { _, context in "\(context.peerPort)" }
            router.get("/release") { _, _ in
                release.open()
                return "released"
            }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL, configuration: .init(maximumConnections: 1))
        async let held = client.get("/hold")
        await arrived.wait()
        async let queued = client.get("/port")
        // Another client opens the gate: the first one's only connection is busy.
        _ = try await HeraldHTTPClient(baseURL: server.baseURL).get("/release")
        #expect(String(buffer: try await held.body) == "held")
        #expect(try await queued.status == .ok)
        #expect(client.statistics.waitingRequests == 0)
        #expect(client.statistics.connectionsOpened == 1)
        client.shutdown()
        await server.stop()
    }

    @Test func aWaitingRequestCanBeCancelled() async throws {
        let arrived = TestGate()
        let release = TestGate()
        let server = try await HummingbirdTestServer.start { router in
            router.get("/hold") { _, _ in
                arrived.open()
                await release.wait()
                return "held"
            }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL, configuration: .init(maximumConnections: 1))
        async let held = client.get("/hold")
        await arrived.wait()
        let queued = Task { try await client.get("/hold") }
        _ = await eventually(within: .seconds(10)) { client.statistics.waitingRequests != 0 }
        #expect(client.statistics.waitingRequests == 1)
        queued.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        release.open()
        #expect(String(buffer: try await held.body) == "held")
        // The cancelled waiter left no trace: the connection is idle again and reused.
        #expect(String(buffer: try await client.get("/hold").body) == "held")
        #expect(client.statistics == .init(connectionsOpened: 1, openConnections: 1, idleConnections: 1))
        client.shutdown()
        await server.stop()
    }

    @Test func connectionCloseResponseIsNotReused() async throws {
        let server = try await HummingbirdTestServer.start { router in
            router.get("/close") { _, context in
                Response(status: .ok, headers: [.connection: "close"], body: .init(byteBuffer: ByteBuffer(string: "\(context.peerPort)")))
            }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        let first = try await client.get("/close")
        let second = try await client.get("/close")
        #expect(String(buffer: first.body) != String(buffer: second.body))
        #expect(client.statistics.connectionsOpened == 2)
        #expect(client.statistics.idleConnections == 0)
        client.shutdown()
        await server.stop()
    }

    @Test func idleConnectionClosedByTheServerLeavesThePool() async throws {
        let server = try await MisbehavingHTTPServer { _, _ in .answerThenClose }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        #expect(String(buffer: try await client.get("/").body) == "ok")
        _ = await eventually(within: .seconds(10)) { client.statistics.openConnections == 0 }
        #expect(client.statistics.openConnections == 0)
        #expect(String(buffer: try await client.get("/").body) == "ok")
        #expect(client.statistics.connectionsOpened == 2)
        client.shutdown()
        await server.stop()
    }

    @Test func reusedConnectionClosedBeforeAnsweringIsRetriedOnce() async throws {
        // The first connection answers its first request and closes on the second, like a server
        // whose idle timer fired just as the request arrived.
        let server = try await MisbehavingHTTPServer { connection, request in
            connection == 0 && request == 1 ? .closeInsteadOfAnswering : .answer
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        #expect(String(buffer: try await client.get("/").body) == "ok")
        #expect(String(buffer: try await client.get("/").body) == "ok")
        #expect(client.statistics.connectionsOpened == 2)
        #expect(server.connectionsAccepted == 2)
        client.shutdown()
        await server.stop()
    }

    @Test func newConnectionClosedBeforeAnsweringIsNotRetried() async throws {
        let server = try await MisbehavingHTTPServer { _, _ in .closeInsteadOfAnswering }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        await #expect(throws: HTTPClientError.closedBeforeResponse) { try await client.get("/") }
        #expect(server.connectionsAccepted == 1)
        client.shutdown()
        await server.stop()
    }

    @Test func chunkedBodyArrivesIncrementally() async throws {
        let rest = TestGate()
        let server = try await HummingbirdTestServer.start { router in
            router.post("/mapi") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/mapi-http"], body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "PROCESSING\r\n"))
                    // Nothing more until the client has seen the first chunk.
                    await rest.wait()
                    try await writer.write(ByteBuffer(string: "DONE\r\n"))
                    try await writer.write(ByteBuffer(string: "\r\nbody"))
                    try await writer.finish(nil)
                })
            }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        let response = try await client.stream(.init(method: .POST, path: "/mapi", body: ByteBuffer(string: "x"), timeout: .seconds(60)))
        #expect(response.status == .ok)
        #expect(response.headers["Transfer-Encoding"] == ["chunked"])
        var received = ""
        var iterator = response.body.makeAsyncIterator()
        while received.utf8.count < "PROCESSING\r\n".utf8.count, let part = try await iterator.next() {
            received += String(buffer: part)
        }
        #expect(received == "PROCESSING\r\n")
        rest.open()
        while let part = try await iterator.next() { received += String(buffer: part) }
        #expect(received == "PROCESSING\r\nDONE\r\n\r\nbody")
        // The connection went back to the pool once the body ended.
        #expect(try await client.execute(.init(method: .POST, path: "/mapi", timeout: .seconds(60))).status == .ok)
        #expect(client.statistics.connectionsOpened == 1)
        client.shutdown()
        await server.stop()
    }

    @Test func responseBodyLimit() async throws {
        let server = try await HummingbirdTestServer.start { router in
            router.get("/announced") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x41, count: 4096))) }
            router.get("/chunked") { _, _ in
                Response(status: .ok, body: ResponseBody { writer in
                    for _ in 0..<4 { try await writer.write(ByteBuffer(repeating: 0x42, count: 1024)) }
                    try await writer.finish(nil)
                })
            }
            router.get("/small") { _, _ in "fits" }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL, configuration: .init(maximumResponseBodySize: 1024))
        await #expect(throws: HTTPClientError.responseBodyTooLarge(limit: 1024)) { try await client.get("/announced") }
        await #expect(throws: HTTPClientError.responseBodyTooLarge(limit: 1024)) { try await client.get("/chunked") }
        let streamed = try await client.stream(.init(path: "/chunked", timeout: .seconds(60)))
        await #expect(throws: HTTPClientError.responseBodyTooLarge(limit: 1024)) {
            for try await _ in streamed.body {}
        }
        // A request may raise its own limit; the client still works after the failures.
        #expect(try await client.execute(.init(path: "/announced", maximumResponseBodySize: 4096)).body.readableBytes == 4096)
        #expect(String(buffer: try await client.get("/small").body) == "fits")
        client.shutdown()
        await server.stop()
    }

    @Test func deadlineExceeded() async throws {
        let release = TestGate()
        let server = try await HummingbirdTestServer.start { router in
            router.get("/slow") { _, _ in
                await release.wait()
                return "late"
            }
        }
        let client = HeraldHTTPClient(baseURL: server.baseURL)
        await #expect(throws: HTTPClientError.deadlineExceeded) {
            try await client.execute(.init(path: "/slow", timeout: .milliseconds(100)))
        }
        release.open()
        client.shutdown()
        await server.stop()
    }

    @Test func connectionRefusedIsAClearError() async throws {
        // A port that was just free: bind, note it, close.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(probe.localAddress?.port)
        try await probe.close()
        let client = HeraldHTTPClient(baseURL: "http://127.0.0.1:\(port)")
        await #expect(throws: HTTPClientError.connectionRefused("127.0.0.1:\(port)")) { try await client.get("/") }
        #expect(client.statistics == .init(connectionsOpened: 0, openConnections: 0, idleConnections: 0))
        await #expect(throws: HTTPClientError.invalidURL("localhost:80")) { try await HeraldHTTPClient(baseURL: "localhost:80").get("/") }
    }
}
