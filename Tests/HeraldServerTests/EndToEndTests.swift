import HTTPTestSupport
import Foundation
import HeraldClient
import HeraldServer
import MAPIWire
import Testing

/// `herald serve` over real HTTP on loopback: the MAPI/HTTP request types with the EMSMDB
/// processor behind them, checked at the byte level (MS-OXCMAPIHTTP 2.2.4, 2.2.7).
@Suite("herald serve end to end")
struct EndToEndTests {
    func checkInnerStream(_ response: RawHTTPResponse, pendings: ClosedRange<Int> = 0...0) throws -> [UInt8] {
        #expect(response.status == 200)
        #expect(response.header("Transfer-Encoding")?.lowercased() == "chunked")
        #expect(response.header("Content-Type") == "application/mapi-http")
        #expect(response.header("X-ResponseCode") == "0")
        #expect(response.setCookies.keys.sorted() == ["MapiContext", "MapiSequence"])
        let chunks = try #require(response.chunks)
        #expect(chunks.first == Array("PROCESSING\r\n".utf8))
        let (lines, payload) = try #require(splitInnerStream(response.body))
        #expect(lines.first == "PROCESSING")
        let pendingCount = lines.dropFirst().prefix(while: { $0 == "PENDING" }).count
        #expect(pendings.contains(pendingCount), "PENDING lines: \(pendingCount)")
        let rest = Array(lines.dropFirst(1 + pendingCount))
        #expect(rest.count == 3 && rest.first == "DONE", "\(rest)")
        if rest.count == 3 {
            #expect(rest[1].hasPrefix("X-ElapsedTime: "))
            #expect(rest[2].hasPrefix("X-StartTime: ") && rest[2].hasSuffix(" GMT"))
        }
        return payload
    }

    /// The `X-ResponseCode` after DONE of a request the endpoint failed.
    func lateResponseCode(_ response: RawHTTPResponse) -> String? {
        guard let (lines, _) = splitInnerStream(response.body) else { return nil }
        return lines.first { $0.hasPrefix("X-ResponseCode: ") }.map { String($0.dropFirst("X-ResponseCode: ".count)) }
    }

    @Test("Connect → Execute(RopLogon) → NotificationWait → Disconnect, raw bytes")
    func lifecycle() async throws {
        try await LiveHerald.with { server in
            var connectBody: [UInt8] = []
            MAPIHTTPConnectRequest(userDN: Array(LiveHerald.essdn("alice").utf8), flags: 0, defaultCodePage: 1252, lcidSort: 0x409, lcidString: 0x409)
                .encode(into: &connectBody)
            let connected = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Connect"), body: connectBody)
            let connectPayload = try checkInnerStream(connected)
            // 2.2.4.1.2: StatusCode 0, ErrorCode 0, PollsMax, RetryCount, RetryDelay, DnPrefix, DisplayName, aux.
            let connectResponse = try MAPIHTTPConnectResponse.decode(connectPayload)
            guard case let .success(success) = connectResponse.body else { Issue.record("Connect failed: \(connectResponse)"); return }
            #expect(success.errorCode == .success)
            #expect(success.displayName == "alice")
            #expect(Array(connectPayload.prefix(8)) == [0, 0, 0, 0, 0, 0, 0, 0])

            let executed = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", cookies: connected.setCookies), body: executeBody(logonRops("alice")))
            let executePayload = try checkInnerStream(executed)
            let executeResponse = try MAPIHTTPExecuteResponse.decode(executePayload)
            guard case let .success(result) = executeResponse.body else { Issue.record("Execute failed"); return }
            #expect(result.errorCode == .success)
            #expect(result.flags == 0)
            let out = try ExtendedBuffer.decodeChain(result.ropBuffer)
            #expect(out.last?.header.flags.contains(.last) == true)
            let firstPayload = try #require(out.first)
            let rops = try RopBuffer.decode(firstPayload.bytes)
            let logon = try #require(try RopResponseReader.decodeAll(rops.ropsList).first)
            guard case let .logon(logonResponse) = logon.response, case .privateMailbox = logonResponse.body else {
                Issue.record("RopLogon: \(logon.response)"); return
            }
            #expect(rops.handleTable.count == 1)

            // Nothing subscribed, nothing pending: a wait would be held; deliver first so it answers at once.
            let admin = try #require(HeraldDataDirectory(path: server.dataDirectory).readServerInfo())
            _ = try await AdminClient(info: admin).deliver(.init(to: "bob", subject: "not for alice"))
            let disconnected = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Disconnect", cookies: executed.setCookies), body: [0, 0, 0, 0])
            let disconnectPayload = try checkInnerStream(disconnected)
            // 2.2.4.3.2: StatusCode 0, ErrorCode 0, AuxiliaryBufferSize 0.
            #expect(disconnectPayload == [UInt8](repeating: 0, count: 12))
            let after = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("Execute", cookies: disconnected.setCookies), body: executeBody(logonRops("alice")))
            #expect(after.header("X-ResponseCode") == "10")
        }
    }

    @Test("Two sessions of one user: a delivery wakes the watching session's held wait; Execute returns the RopNotify")
    func twoSessions() async throws {
        try await LiveHerald.with { server in
            let (watcher, _, folders) = try await subscribedSession(server)
            let (other, _, _) = try await subscribedSession(server)
            // The wait is held: nothing is pending yet.
            let waiting = Task { try await watcher.notificationWait() }
            let info = try #require(HeraldDataDirectory(path: server.dataDirectory).readServerInfo())
            let receipt = try await AdminClient(info: info).deliver(.init(to: "alice", subject: "hello"))
            let woke = try await waiting.value
            #expect(woke.pending && woke.errorCode == .success)
            let (notifies, pending) = try notifications(try await watcher.execute(RopBuffer(ropsList: [], handleTable: [])))
            #expect(!pending)
            let newMail = notifies.filter { $0.notificationData.flags.type == .newMail }
            #expect(newMail.count == 1)
            #expect(newMail.first?.notificationData.folderID == folders.inbox)
            #expect(newMail.first?.notificationData.messageID.description == receipt.messageID)
            // The other session has its own copy.
            let (otherNotifies, _) = try notifications(try await other.execute(RopBuffer(ropsList: [], handleTable: [])))
            #expect(otherNotifies.contains { $0.notificationData.flags.type == .newMail })
            // Bob's delivery is not alice's business.
            _ = try await AdminClient(info: info).deliver(.init(to: "bob", subject: "x"))
            let (none, _) = try notifications(try await watcher.execute(RopBuffer(ropsList: [], handleTable: [])))
            #expect(none.isEmpty)
            try await watcher.disconnect()
            try await other.disconnect()
        }
    }

    @Test("A tiny MaxRopOut spreads notifications over several Executes with RopPending until drained")
    func ropPending() async throws {
        try await LiveHerald.with { server in
            let (session, _, _) = try await subscribedSession(server, types: [.newMail])
            let info = try #require(HeraldDataDirectory(path: server.dataDirectory).readServerInfo())
            for index in 0..<12 { _ = try await AdminClient(info: info).deliver(.init(to: "alice", subject: "m\(index)")) }
            var received = 0
            var rounds = 0
            var sawPending = false
            while rounds < 50 {
                rounds += 1
                let (notifies, pending) = try notifications(try await session.execute(RopBuffer(ropsList: [], handleTable: []),
                                                                                       options: .init(maxRopOut: 0x100)))
                received += notifies.count
                sawPending = sawPending || pending
                if !pending { break }
            }
            #expect(received == 12)
            #expect(sawPending)
            #expect(rounds > 1)
        }
    }

    @Test("XOR-obfuscated and compressed requests decode; response Flags NoXorMagic/NoCompression are honoured")
    func xorAndCompression() async throws {
        try await LiveHerald.with { server in
            let client = server.client()
            let session = MailboxClientSession(client: client)
            try await session.connect(userDN: LiveHerald.essdn("alice"))
            for (compress, obfuscate) in [(false, true), (true, false), (true, true)] {
                let reply = try await client.send("Execute", body: executeBody(logonRops("alice"), flags: 0, compress: compress, obfuscate: obfuscate))
                guard case let .success(result) = try MAPIHTTPExecuteResponse.decode(reply.body).body else { Issue.record("Execute failed"); continue }
                let chain = try ExtendedBuffer.decodeChain(result.ropBuffer)
                let firstPayload = try #require(chain.first)
                let rops = try RopBuffer.decode(firstPayload.bytes)
                guard case let .logon(logon)? = try RopResponseReader.decodeAll(rops.ropsList).first?.response else { Issue.record("no logon"); continue }
                #expect(logon.returnValue == .success, "compress \(compress) xor \(obfuscate)")
            }
            // NoCompression | NoXorMagic: the response payload is plain.
            let plain = try await client.send("Execute", body: executeBody(logonRops("alice"), flags: 0x3))
            guard case let .success(result) = try MAPIHTTPExecuteResponse.decode(plain.body).body else { Issue.record("Execute failed"); return }
            for payload in try ExtendedBuffer.decodeChain(result.ropBuffer) {
                #expect(!payload.header.flags.contains(.xorMagic))
                #expect(!payload.header.flags.contains(.compressed))
            }
        }
    }

    @Test("A held NotificationWait sends PENDING keep-alives and times out with EventPending 0")
    func heldWaitFraming() async throws {
        try await LiveHerald.with({ options in
            options.pendingPeriodMilliseconds = 200
            options.notificationWaitTimeoutMilliseconds = 1_100
        }) { server in
            let (session, _, _) = try await subscribedSession(server)
            let cookies = await session.client.currentCookies
            var body: [UInt8] = []
            MAPIHTTPNotificationWaitRequest().encode(into: &body)
            let held = try await RawHTTPClient.send(port: server.port, headers: mapiHeaders("NotificationWait", cookies: cookies), body: body)
            #expect(held.header("X-PendingPeriod") == "200")
            let payload = try checkInnerStream(held, pendings: 1...100)
            // 2.2.4.4.2: StatusCode 0, ErrorCode 0, EventPending 0, AuxiliaryBufferSize 0.
            #expect(payload == [UInt8](repeating: 0, count: 16))
            // Every chunk after PROCESSING up to DONE is one PENDING keep-alive on its own.
            let chunks = try #require(held.chunks)
            let keepAlives = chunks.dropFirst().prefix { $0 == Array("PENDING\r\n".utf8) }
            #expect(keepAlives.count >= 1)
        }
    }

    @Test("A second concurrent NotificationWait on one session is rejected (0x7EE); the first is still answered")
    func secondWaitRejected() async throws {
        try await LiveHerald.with({ $0.notificationWaitTimeoutMilliseconds = 10_000 }) { server in
            let (session, _, _) = try await subscribedSession(server)
            let first = Task { try await session.notificationWait() }
            try await Task.sleep(for: .milliseconds(500))
            let second = try await session.notificationWait()
            #expect(second.errorCode == .rejected)
            #expect(second.pending == false)
            let info = try #require(HeraldDataDirectory(path: server.dataDirectory).readServerInfo())
            _ = try await AdminClient(info: info).deliver(.init(to: "alice"))
            let answered = try await first.value
            #expect(answered.pending && answered.errorCode == .success)
        }
    }

    @Test("Graceful shutdown answers held waits (Exiting) before the server stops")
    func shutdownCompletesWaits() async throws {
        let server = try await LiveHerald.start()
        let (session, _, _) = try await subscribedSession(server)
        let waiting = Task { try await session.notificationWait() }
        try await Task.sleep(for: .milliseconds(300))
        try await server.stop()
        let outcome = try await waiting.value
        #expect(outcome.errorCode == .exiting)
        #expect(!outcome.pending)
    }
}

/// An Execute that may run long leaves the request's thread before it runs (docs/MAPIHTTP.md); its
/// answer and the notifications it causes are the same as for any other Execute.
@Suite("herald serve: an Execute that may run long")
struct LongExecuteTests {
    @Test("RopEmptyFolder over MAPI/HTTP empties the Inbox; the watcher hears the message deleted and the Inbox's new counts")
    func emptyFolderOverHTTP() async throws {
        try await LiveHerald.with { server in
            let (session, logonHandle, folders) = try await subscribedSession(server)
            let admin = try #require(HeraldDataDirectory(path: server.dataDirectory).readServerInfo())
            _ = try await AdminClient(info: admin).deliver(.init(to: "alice", subject: "to be emptied"))
            _ = try await session.execute(RopBuffer(ropsList: [], handleTable: []))  // drain NewMail / ObjectCreated

            var rops: [UInt8] = []
            RopOpenFolderRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, folderID: folders.inbox, openModeFlags: 0).encode(into: &rops)
            RopEmptyFolderRequest(logonID: 0, inputHandleIndex: 1, wantAsynchronous: false, wantDeleteAssociated: false).encode(into: &rops)
            let reply = try await session.execute(RopBuffer(ropsList: rops, handleTable: [logonHandle, RopBuffer.unusedHandle]))
            let buffer = try #require(reply.first)
            let responses = try RopResponseReader.decodeAll(buffer.ropsList)
            guard responses.count >= 2, case let .emptyFolder(emptied) = responses[1].response else {
                Issue.record("expected RopOpenFolder then RopEmptyFolder: \(responses.map(\.response))")
                return
            }
            #expect(emptied.returnValue == .success)
            #expect(!emptied.partialCompletion)
            var heard = try notifications(reply).notifies
            if heard.isEmpty { heard = try notifications(try await session.execute(RopBuffer(ropsList: [], handleTable: []))).notifies }
            // The message is deleted for its subscribers, as with RopDeleteMessages ...
            #expect(heard.contains {
                $0.notificationData.flags.type == .objectDeleted && $0.notificationData.flags.isMessage
                    && $0.notificationData.folderID == folders.inbox
            }, "heard: \(heard)")
            // ... and the Inbox reports its new counts (ObjectModified with TotalMessageCount, MS-OXCNOTIF 2.2.1.4.1.2).
            #expect(heard.contains {
                $0.notificationData.flags.type == .objectModified && $0.notificationData.folderID == folders.inbox
                    && $0.notificationData.totalMessageCount == 0
            }, "heard: \(heard)")
        }
    }
}
