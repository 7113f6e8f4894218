@testable import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Response chaining through `execute` (MS-OXCRPC 3.1.4.2.1.2.2 rgbOut Output Buffer, example 4.3;
/// protocol-reference §5.3): raw rgbIn in, every payload of rgbOut decoded and checked.
@Suite("Response chaining (packed rgbOut)")
struct ResponseChainTests {
    static let unused = RopBuffer.unusedHandle

    /// One request payload (Last, plain) holding `requests` over `handles`.
    static func rgbIn(_ requests: [RopRequest], handles: [UInt32]) -> [UInt8] {
        var ropsList: [UInt8] = []
        for request in requests { request.encode(into: &ropsList) }
        var ropBuffer: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: handles).encode(into: &ropBuffer)
        var rgbIn: [UInt8] = []
        ExtendedBuffer.encode(payload: ropBuffer, compress: false, obfuscate: false, last: true, into: &rgbIn)
        return rgbIn
    }

    /// Every payload's ROP output buffer; checks the framing rules on the way: Last on the final
    /// header only, at most 32 KB of ROP data each, the whole rgbOut within `maxRgbOut`.
    static func payloads(_ rgbOut: [UInt8], maxRgbOut: Int) throws -> [RopBuffer] {
        #expect(rgbOut.count <= maxRgbOut)
        let payloads = try ExtendedBuffer.decodeChain(rgbOut)
        for (position, payload) in payloads.enumerated() {
            #expect(payload.header.flags.contains(.last) == (position == payloads.count - 1))
            #expect(payload.bytes.count <= 0x8000)
        }
        return try payloads.map { try RopBuffer.decode($0.bytes) }
    }

    /// A subject long enough that a few dozen rows fill a 32 KB payload.
    static func subject(_ number: Int) -> String {
        "Message \(number) " + String(repeating: "x", count: 180)
    }

    /// alice's Inbox with `count` messages and a contents table over it (Mid, Subject).
    static func tableOverInbox(_ fixture: EMSMDBFixture, count: Int) throws -> (client: TableClient, table: UInt32) {
        let client = try TableClient(fixture)
        for number in 0..<count { try addMessage(fixture, "alice", client.inbox, subject: subject(number)) }
        let table = try client.openTable(columns: midSubject).handle
        return (client, table)
    }

    /// The QueryRows responses of chained payloads (the first may carry other responses after it).
    static func queryRowsResponses(_ buffers: [RopBuffer]) throws -> [RopQueryRowsResponse.Success] {
        try buffers.map { buffer in
            var reader = ByteReader(buffer.ropsList)
            let response = try RopQueryRowsResponse.decode(from: &reader, columns: midSubject)
            guard case let .success(success) = response.outcome else { throw FixtureError.unexpected("query rows \(response.returnValue)") }
            return success
        }
    }

    /// Every row from the start, read without Chain (one RopQueryRows per call until zero rows).
    static func plainReadAll(_ client: TableClient, _ table: UInt32) throws -> [MessageID] {
        _ = try client.run(.seekRow(RopSeekRowRequest(logonID: 0, inputHandleIndex: 0, origin: 0, rowCount: 0, wantRowMovedCount: false)), on: table)
        var ids: [MessageID] = []
        while true {
            let rows = try client.queryRows(table, columns: midSubject).rows
            if rows.isEmpty { return ids }
            ids += rows.compactMap(mid(of:))
        }
    }

    /// QueryRowsFlags EnablePackedBuffers (MS-OXCTABL 2.2.2.5.1): the ROP's opt-in to chained responses.
    static let enablePackedBuffers: UInt8 = 0x02

    static func queryRows(count: UInt16, flags: UInt8 = enablePackedBuffers) -> RopRequest {
        .queryRows(RopQueryRowsRequest(logonID: 0, inputHandleIndex: 0, queryRowsFlags: flags, forwardRead: true, rowCount: count))
    }

    @Test("QueryRows + Chain over 300 messages: several payloads, rows contiguous, in order, no duplicates, last Origin END")
    func queryRowsChain() throws {
        let fixture = try EMSMDBFixture()
        let (client, table) = try Self.tableOverInbox(fixture, count: 300)
        let maxRgbOut = 0x40000
        let rgbOut = try fixture.server.execute(
            session: client.session, rgbIn: Self.rgbIn([Self.queryRows(count: 0xFFFF)], handles: [table]), maxRgbOut: maxRgbOut,
            flags: [.noCompression, .noXorMagic, .chain])
        let buffers = try Self.payloads(rgbOut, maxRgbOut: maxRgbOut)
        #expect(buffers.count >= 3)
        // Each extra payload is a whole ROP output buffer: the one response and the handle table.
        for buffer in buffers { #expect(buffer.handleTable == [table]) }
        let responses = try Self.queryRowsResponses(buffers)
        #expect(responses.dropLast().allSatisfy { $0.origin == 0x01 && !$0.rows.isEmpty })
        #expect(responses.last?.origin == 0x02)
        let chained = responses.flatMap { $0.rows.compactMap(mid(of:)) }
        #expect(chained.count == 300)
        #expect(Set(chained).count == 300)
        #expect(chained == (try Self.plainReadAll(client, table)))
    }

    @Test("Chained QueryRows never returns more than RowCount in total; the cursor stops right after them")
    func queryRowsChainHonoursRowCount() throws {
        let fixture = try EMSMDBFixture()
        let (client, table) = try Self.tableOverInbox(fixture, count: 300)
        let all = try Self.plainReadAll(client, table)
        _ = try client.run(.seekRow(RopSeekRowRequest(logonID: 0, inputHandleIndex: 0, origin: 0, rowCount: 0, wantRowMovedCount: false)), on: table)
        let rgbOut = try fixture.server.execute(
            session: client.session, rgbIn: Self.rgbIn([Self.queryRows(count: 150)], handles: [table]), maxRgbOut: 0x40000,
            flags: [.noCompression, .noXorMagic, .chain])
        let responses = try Self.queryRowsResponses(try Self.payloads(rgbOut, maxRgbOut: 0x40000))
        #expect(responses.count >= 2)
        let chained = responses.flatMap { $0.rows.compactMap(mid(of:)) }
        #expect(chained == Array(all.prefix(150)))
        // The next plain read starts at row 151.
        let next = try client.queryRows(table, columns: midSubject, count: 1).rows.compactMap(mid(of:))
        #expect(next == [all[150]])
    }

    @Test("Without Chain, without EnablePackedBuffers, with NoAdvance, or with residual space below 32 KB: one payload; 0x10010 bytes hold exactly two")
    func queryRowsChainLimits() throws {
        let fixture = try EMSMDBFixture()
        let (client, table) = try Self.tableOverInbox(fixture, count: 300)
        func payloadCount(flags: ExecuteFlags, queryRowsFlags: UInt8 = Self.enablePackedBuffers, maxRgbOut: Int) throws -> Int {
            _ = try client.run(.seekRow(RopSeekRowRequest(logonID: 0, inputHandleIndex: 0, origin: 0, rowCount: 0, wantRowMovedCount: false)), on: table)
            let rgbOut = try fixture.server.execute(
                session: client.session, rgbIn: Self.rgbIn([Self.queryRows(count: 0xFFFF, flags: queryRowsFlags)], handles: [table]),
                maxRgbOut: maxRgbOut, flags: flags)
            return try Self.payloads(rgbOut, maxRgbOut: maxRgbOut).count
        }
        #expect(try payloadCount(flags: [.noCompression, .noXorMagic], maxRgbOut: 0x40000) == 1)
        #expect(try payloadCount(flags: [.noCompression, .noXorMagic, .chain], queryRowsFlags: 0x01 | Self.enablePackedBuffers, maxRgbOut: 0x40000) == 1)
        // The first payload holds whole rows only, so it ends a little short of 32 KB: 16 KB more is
        // well below the 32 KB QueryRows threshold.
        #expect(try payloadCount(flags: [.noCompression, .noXorMagic, .chain], maxRgbOut: 0x8008 + 0x4000) == 1)
        #expect(try payloadCount(flags: [.noCompression, .noXorMagic, .chain], maxRgbOut: 0x10010) == 2)
        // Without EnablePackedBuffers in the ROP, Chain alone does not chain QueryRows (MS-OXCTABL 2.2.2.5.1).
        #expect(try payloadCount(flags: [.noCompression, .noXorMagic, .chain], queryRowsFlags: 0x00, maxRgbOut: 0x40000) == 1)
        // The last ROP decides: QueryRows followed by another ROP is not chained.
        _ = try client.run(.seekRow(RopSeekRowRequest(logonID: 0, inputHandleIndex: 0, origin: 0, rowCount: 0, wantRowMovedCount: false)), on: table)
        let mixed = try fixture.server.execute(
            session: client.session,
            rgbIn: Self.rgbIn([Self.queryRows(count: 0xFFFF), .queryPosition(RopQueryPositionRequest(logonID: 0, inputHandleIndex: 0))], handles: [table]),
            maxRgbOut: 0x40000, flags: [.noCompression, .noXorMagic, .chain])
        #expect(try Self.payloads(mixed, maxRgbOut: 0x40000).count == 1)
    }

    @Test("A compressed and XORed chain decodes to the same rows")
    func compressedObfuscatedChain() throws {
        let fixture = try EMSMDBFixture()
        let (client, table) = try Self.tableOverInbox(fixture, count: 300)
        let all = try Self.plainReadAll(client, table)
        _ = try client.run(.seekRow(RopSeekRowRequest(logonID: 0, inputHandleIndex: 0, origin: 0, rowCount: 0, wantRowMovedCount: false)), on: table)
        let rgbOut = try fixture.server.execute(
            session: client.session, rgbIn: Self.rgbIn([Self.queryRows(count: 0xFFFF)], handles: [table]), maxRgbOut: 0x40000, flags: [.chain])
        let headers = try ExtendedBuffer.decodeChain(rgbOut).map(\.header)
        #expect(headers.count >= 3)
        #expect(headers.allSatisfy { $0.flags.contains(.compressed) && $0.flags.contains(.xorMagic) })
        let responses = try Self.queryRowsResponses(try Self.payloads(rgbOut, maxRgbOut: 0x40000))
        #expect(responses.flatMap { $0.rows.compactMap(mid(of:)) } == all)
    }

    /// A message object whose PidTagBody is `body`, with a read stream open on it; returns the stream.
    static func bodyStream(_ fixture: EMSMDBFixture, _ session: EMSMDBSession, body: String, logon: UInt32? = nil) throws -> UInt32 {
        let logon = try logon ?? fixture.logon(session)
        var pending = try fixture.store.createMessage(fixture.mailbox("alice").id, folder: try fixture.folderID("alice", .inbox))
        pending.setProperties([TaggedPropertyValue(tag: Tags.body, value: .string(body))])
        let message = session.withLock { state in
            let logonObject = state.handles[logon] as! LogonObject
            return state.handles.insert(MessageObject(logon: logonObject, message: pending))!
        }
        // RopOpenStream (0x2B) PidTagBody, read-only.
        let output = try fixture.run(session, hex("2B 00 00 01 1F 00 00 10 00"), handles: [message, unused])
        #expect(output.ropsList.prefix(6) == hex("2B 01 00 00 00 00")[...])
        return output.handles[1]
    }

    static func readStream(byteCount: UInt16, maximum: UInt32? = nil) -> RopRequest {
        .readStream(RopReadStreamRequest(logonID: 0, inputHandleIndex: 0, byteCount: byteCount, maximumByteCount: maximum))
    }

    static func streamData(_ buffers: [RopBuffer]) throws -> [[UInt8]] {
        try buffers.map { buffer in
            var reader = ByteReader(buffer.ropsList)
            let response = try RopReadStreamResponse.decode(from: &reader)
            guard response.returnValue == .success else { throw FixtureError.unexpected("read stream \(response.returnValue)") }
            return response.data
        }
    }

    @Test("ReadStream + Chain over a 200 KB body: the whole stream in order across payloads; compressed/XORed too")
    func readStreamChain() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        // 100,000 UTF-16 units: 200,000 bytes, varied enough to be checked byte by byte.
        let body = String((0..<100_000).map { Character(UnicodeScalar(UInt8(0x41 + $0 % 23))) })
        let expected = Array(body.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let stream = try Self.bodyStream(fixture, session, body: body)
        let maxRgbOut = 0x40000
        let rgbOut = try fixture.server.execute(
            session: session, rgbIn: Self.rgbIn([Self.readStream(byteCount: 0xBABE, maximum: 0x7FFF_FFFF)], handles: [stream]),
            maxRgbOut: maxRgbOut, flags: [.noCompression, .noXorMagic, .chain])
        let chunks = try Self.streamData(try Self.payloads(rgbOut, maxRgbOut: maxRgbOut))
        #expect(chunks.count >= 7)
        #expect(chunks.allSatisfy { !$0.isEmpty })
        #expect(chunks.flatMap { $0 } == expected)

        // Again from the start, compressed and XORed.
        _ = try fixture.run(session, [.seekStream(RopSeekStreamRequest(logonID: 0, inputHandleIndex: 0, origin: 0, offset: 0))], handles: [stream])
        let packed = try fixture.server.execute(
            session: session, rgbIn: Self.rgbIn([Self.readStream(byteCount: 0xBABE, maximum: 0x7FFF_FFFF)], handles: [stream]),
            maxRgbOut: maxRgbOut, flags: [.chain])
        #expect(try ExtendedBuffer.decodeChain(packed).allSatisfy { $0.header.flags.contains(.xorMagic) })
        #expect(try Self.streamData(try Self.payloads(packed, maxRgbOut: maxRgbOut)).flatMap { $0 } == expected)
    }

    @Test("Chained ReadStream returns at most ByteCount / MaximumByteCount bytes; stops below 8 KB of residual space")
    func readStreamChainLimits() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let body = String((0..<100_000).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 19))) })
        let expected = Array(body.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let stream = try Self.bodyStream(fixture, session, body: body)
        // MaximumByteCount 100,000 → exactly 100,000 bytes over several payloads.
        let capped = try fixture.server.execute(
            session: session, rgbIn: Self.rgbIn([Self.readStream(byteCount: 0xBABE, maximum: 100_000)], handles: [stream]),
            maxRgbOut: 0x40000, flags: [.noCompression, .noXorMagic, .chain])
        let cappedChunks = try Self.streamData(try Self.payloads(capped, maxRgbOut: 0x40000))
        #expect(cappedChunks.count >= 4)
        #expect(cappedChunks.flatMap { $0 } == Array(expected[0..<100_000]))
        // A 16-bit ByteCount is a total too: 40,000 bytes, the rest chained.
        let small = try fixture.server.execute(
            session: session, rgbIn: Self.rgbIn([Self.readStream(byteCount: 40_000)], handles: [stream]),
            maxRgbOut: 0x40000, flags: [.noCompression, .noXorMagic, .chain])
        let smallChunks = try Self.streamData(try Self.payloads(small, maxRgbOut: 0x40000))
        #expect(smallChunks.count == 2)
        #expect(smallChunks.flatMap { $0 } == Array(expected[100_000..<140_000]))
        // Residual space after the first payload below 8 KB: no second payload.
        let tight = try fixture.server.execute(
            session: session, rgbIn: Self.rgbIn([Self.readStream(byteCount: 0xBABE, maximum: 0x7FFF_FFFF)], handles: [stream]),
            maxRgbOut: 0x8008 + 0x1FFF, flags: [.noCompression, .noXorMagic, .chain])
        let tightChunks = try Self.streamData(try Self.payloads(tight, maxRgbOut: 0x8008 + 0x1FFF))
        #expect(tightChunks.count == 1)
        #expect(tightChunks[0] == Array(expected[140_000..<(140_000 + tightChunks[0].count)]))
    }

    @Test("RopNotify / RopPending never go in the extra payloads; an event that did not fit stays queued and is delivered once")
    func notificationsInFirstPayloadOnly() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        _ = try fixture.subscribeWholeStore(session, logonHandle: logon, types: [.objectCreated])
        let stream = try Self.bodyStream(fixture, session, body: String(repeating: "q", count: 100_000), logon: logon)
        try addMessage(fixture, "alice", try fixture.folderID("alice", .inbox), subject: "event")
        let rgbOut = try fixture.server.execute(
            session: session, rgbIn: Self.rgbIn([Self.readStream(byteCount: 0xBABE, maximum: 0x7FFF_FFFF)], handles: [stream]),
            maxRgbOut: 0x40000, flags: [.noCompression, .noXorMagic, .chain])
        let buffers = try Self.payloads(rgbOut, maxRgbOut: 0x40000)
        #expect(buffers.count >= 2)
        for buffer in buffers.dropFirst() {
            var reader = ByteReader(buffer.ropsList)
            _ = try RopReadStreamResponse.decode(from: &reader)
            #expect(reader.isAtEnd)
        }
        func notifyCount(_ responses: [RopResponse]) -> Int {
            responses.filter { if case .notify = $0 { true } else { false } }.count
        }
        let first = try RopResponseReader.decodeAll(buffers[0].ropsList).map(\.response)
        let later = try fixture.poll(session).responses()
        #expect(notifyCount(first) + notifyCount(later) == 1)
    }
}
