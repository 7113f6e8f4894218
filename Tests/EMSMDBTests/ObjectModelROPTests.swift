@testable import EMSMDB
import Foundation
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Raw-bytes scenarios for the object-model ROPs (issue 7): named properties, ids, streams, receive
/// folders, per-user data. Responses are asserted byte for byte.
@Suite("Object-model ROPs through the processor")
struct ObjectModelROPTests {
    static let unused = RopBuffer.unusedHandle
    /// PS_PUBLIC_STRINGS in packet order.
    static let psPublicStrings = "29 03 02 00 00 00 00 00 C0 00 00 00 00 00 00 46"
    /// Kind 0x01, PS_PUBLIC_STRINGS, "Keywords".
    static var keywords: String { "01 \(psPublicStrings) 12 4B 00 65 00 79 00 77 00 6F 00 72 00 64 00 73 00 00 00" }

    func loggedOn(_ fixture: EMSMDBFixture, _ user: String = "alice") throws -> (EMSMDBSession, UInt32) {
        let session = fixture.connect(user)
        return (session, try fixture.logon(session))
    }

    // MARK: Named properties

    @Test("RopGetPropertyIdsFromNames creates from 0x8000; RopGetNamesFromPropertyIds maps back; unknown without Create is 0")
    func namedPropertiesRoundTrip() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        // Without Create: 0x0000 (MS-OXCPRPT 2.2.12.2).
        var output = try fixture.run(session, hex("56 00 00 00 01 00 \(Self.keywords)"), handles: [logon])
        #expect(hexString(output.ropsList) == "56 00 00 00 00 00 01 00 00 00")
        // With Create (Flags 0x02): 0x8000, and the same again.
        output = try fixture.run(session, hex("56 00 00 02 01 00 \(Self.keywords) 56 00 00 02 01 00 \(Self.keywords)"), handles: [logon])
        #expect(hexString(output.ropsList) == "56 00 00 00 00 00 01 00 00 80 56 00 00 00 00 00 01 00 00 80")
        // Names back: 0x8000 → Keywords, 0x0037 → PS_MAPI LID 0x37, 0x8001 → Kind 0xFF (GUID zero).
        output = try fixture.run(session, hex("55 00 00 03 00 00 80 37 00 01 80"), handles: [logon])
        #expect(hexString(output.ropsList) == hexString(hex("""
            55 00 00 00 00 00 03 00 \(Self.keywords)
            00 28 03 02 00 00 00 00 00 C0 00 00 00 00 00 00 46 37 00 00 00
            FF 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """)))
        // RopQueryNamedProperties: all, then NoStrings.
        output = try fixture.run(session, hex("5F 00 00 00 00 5F 00 00 01 00"), handles: [logon])
        #expect(hexString(output.ropsList) == hexString(hex("5F 00 00 00 00 00 01 00 00 80 \(Self.keywords) 5F 00 00 00 00 00 00 00")))
    }

    @Test("Named properties survive a server restart (file-backed store)")
    func namedPropertiesSurviveRestart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-np-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let server = try EMSMDBServer(backend: try SQLiteBackend(path: path))
            _ = try server.store.createMailbox(userName: "alice", legacyExchangeDN: EMSMDBFixture.legacyDN("alice"))
            let session = try #require(server.connect(userName: "alice"))
            let logon = try ObjectModelROPTests.logon(server, session)
            let output = try ObjectModelROPTests.execute(server, session, hex("56 00 00 02 01 00 \(Self.keywords)"), handles: [logon])
            #expect(hexString(output) == "56 00 00 00 00 00 01 00 00 80")
        }
        let server = try EMSMDBServer(backend: try SQLiteBackend(path: path))
        let session = try #require(server.connect(userName: "alice"))
        let logon = try ObjectModelROPTests.logon(server, session)
        let output = try ObjectModelROPTests.execute(server, session, hex("56 00 00 00 01 00 \(Self.keywords)"), handles: [logon])
        #expect(hexString(output) == "56 00 00 00 00 00 01 00 00 80")
    }

    static func execute(_ server: EMSMDBServer, _ session: EMSMDBSession, _ ropsList: [UInt8], handles: [UInt32]) throws -> [UInt8] {
        var input: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: handles).encode(into: &input)
        return try RopBuffer.decode(try server.executeRops(session: session, ropBuffer: input, maxRopOut: 0x8000)).ropsList
    }

    static func logon(_ server: EMSMDBServer, _ session: EMSMDBSession) throws -> UInt32 {
        var input: [UInt8] = []
        RopBuffer(ropsList: EMSMDBFixture.logonRequest("alice"), handleTable: [unused]).encode(into: &input)
        return try RopBuffer.decode(try server.executeRops(session: session, ropBuffer: input, maxRopOut: 0x8000)).handleTable[0]
    }

    @Test("Hostile named-property requests: unknown Kind fails the call with ecRpcFormat; PS_MAPI strings map to 0")
    func namedPropertiesHostile() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        #expect(throws: EMSMDBCallError.self) {
            try fixture.run(session, hex("56 00 00 02 01 00 07 \(Self.psPublicStrings) 00 00 00 00"), handles: [logon])
        }
        // PS_MAPI with Kind 0x01: cannot be mapped, even with Create (MS-OXCPRPT 2.2.12.2).
        let output = try fixture.run(session, hex("56 00 00 02 01 00 01 28 03 02 00 00 00 00 00 C0 00 00 00 00 00 00 46 04 61 00 00 00"), handles: [logon])
        #expect(hexString(output.ropsList) == "56 00 00 00 00 00 01 00 00 00")
    }

    // MARK: Ids

    @Test("RopLongTermIdFromId / RopIdFromLongTermId round-trip; zero GUID refused; foreign GUID gets REPLID 2")
    func ids() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        let guid = fixture.mailbox("alice").replGuid
        var bytes: [UInt8] = [0x43, 0, 0]
        inbox.encode(into: &bytes)
        var output = try fixture.run(session, bytes, handles: [logon])
        var expected: [UInt8] = [0x43, 0, 0, 0, 0, 0]
        LongTermID(databaseGuid: guid, globalCounter: inbox.globalCounter).encode(into: &expected)
        #expect(output.ropsList == expected)
        let longTerm = Array(expected[6...])
        output = try fixture.run(session, [0x44, 0, 0] + longTerm, handles: [logon])
        #expect(output.ropsList == [0x44, 0, 0, 0, 0, 0] + inbox.wire)
        // All-zero GUID → ecInvalidParameter; unknown REPLID → ecNotFound.
        output = try fixture.run(session, hex("44 00 00 \(String(repeating: "00 ", count: 16)) 00 00 00 00 00 05 00 00"), handles: [logon])
        #expect(hexString(output.ropsList) == "44 00 57 00 07 80")
        output = try fixture.run(session, hex("43 00 00 09 00 00 00 00 00 00 05"), handles: [logon])
        #expect(hexString(output.ropsList) == "43 00 0F 01 04 80")
        // A foreign GUID is registered as REPLID 2, then maps back.
        let foreign = "11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00"
        output = try fixture.run(session, hex("44 00 00 \(foreign) 00 00 00 00 00 07 00 00 43 00 00 02 00 00 00 00 00 00 07"), handles: [logon])
        #expect(hexString(output.ropsList) == "44 00 00 00 00 00 02 00 00 00 00 00 00 07 43 00 00 00 00 00 \(foreign) 00 00 00 00 00 07 00 00")
    }

    @Test("Per-user ROPs with nothing stored: empty list, ecNotFound, empty finished read; a write continuing no stream → ecError")
    func perUser() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        let ltid = String(repeating: "11 ", count: 22) + "00 00"
        let output = try fixture.run(session, hex("""
            60 00 00 \(String(repeating: "11 ", count: 16))
            61 00 00 \(ltid)
            63 00 00 \(ltid) 00 00 00 00 00 00 10
            64 00 00 \(ltid) 01 08 00 00 00 01 00 AA
            """), handles: [logon])
        #expect(hexString(output.ropsList) == "60 00 00 00 00 00 00 00 61 00 0F 01 04 80 63 00 00 00 00 00 01 00 00 64 00 05 40 00 80")
    }

    // MARK: Receive folders

    @Test("RopSetReceiveFolder then RopGetReceiveFolder and RopGetReceiveFolderTable")
    func receiveFolders() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        let outbox = try fixture.folderID("alice", .outbox)
        // "IPM.Task" → Outbox, then look it up.
        var request: [UInt8] = [0x26, 0, 0]
        outbox.encode(into: &request)
        request += Array("IPM.Task".utf8) + [0]
        request += [0x27, 0, 0] + Array("IPM.Task.X".utf8) + [0]
        var output = try fixture.run(session, request, handles: [logon])
        #expect(output.ropsList == [0x26, 0, 0, 0, 0, 0, 0x27, 0, 0, 0, 0, 0] + outbox.wire + Array("IPM.Task".utf8) + [0])
        // The table lists the defaults and the new entry.
        output = try fixture.run(session, hex("68 00 00"), handles: [logon])
        guard case let .getReceiveFolderTable(table)? = try output.responses().first, case let .success(rows) = table.outcome else {
            Issue.record("no table: \(hexString(output.ropsList))")
            return
        }
        let classes = rows.compactMap { row -> String? in
            if case let .value(.string8(bytes)) = row.cells[1] { return String(decoding: bytes, as: UTF8.self) }
            return nil
        }
        #expect(classes == ["", "IPC", "IPM", "IPM.Task", "Report.IPM"])
        // Removing a default entry → ecAccessDenied; a bad class → ecInvalidParameter.
        output = try fixture.run(session, hex("26 00 00 00 00 00 00 00 00 00 00 49 50 4D 00 26 00 00 00 00 00 00 00 00 00 00 2E 41 00"), handles: [logon])
        #expect(hexString(output.ropsList) == "26 00 05 00 07 80 26 00 57 00 07 80")
    }

    // MARK: Streams (on a folder: no message object needed)

    @Test("Folder stream: create, huge write in pieces, seek, read at boundaries, commit, reopen read-only")
    func folderStream() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        // RopOpenFolder (slot 1), RopOpenStream PidTagComment (0x3004001F? use binary 0x67150102) Create (slot 2).
        var open: [UInt8] = [0x02, 0, 0, 1]
        inbox.encode(into: &open)
        open += [0x00]
        open += hex("2B 00 01 02 02 01 15 67 02")
        var output = try fixture.run(session, open, handles: [logon, Self.unused, Self.unused])
        #expect(hexString(output.ropsList.suffix(10)) == "2B 02 00 00 00 00 00 00 00 00")
        var handles = output.handles
        // 5 writes of 60,000 bytes: 300,000 bytes, more than any single ROP can carry.
        let chunk = (0..<60_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        for _ in 0..<5 {
            var write: [UInt8] = [0x2D, 0, 2]
            write.appendUInt16(UInt16(chunk.count))
            write += chunk
            output = try fixture.run(session, write, handles: handles)
            #expect(hexString(output.ropsList) == "2D 02 00 00 00 00 60 EA")
        }
        // Size, seek to the end − 3, read 10 → 3 bytes; read again → 0 bytes (end of stream).
        output = try fixture.run(session, hex("5E 00 02 2E 00 02 02 FD FF FF FF FF FF FF FF 2C 00 02 0A 00 2C 00 02 0A 00"), handles: handles)
        let last = chunk.suffix(3).map { hexString([$0]) }.joined(separator: " ")
        #expect(hexString(output.ropsList) == "5E 02 00 00 00 00 E0 93 04 00 2E 02 00 00 00 00 DD 93 04 00 00 00 00 00 2C 02 00 00 00 00 03 00 \(last) 2C 02 00 00 00 00 00 00")
        // Hostile seeks: before the start, beyond 2^31, bad origin.
        output = try fixture.run(session, hex("2E 00 02 00 FF FF FF FF FF FF FF FF 2E 00 02 00 00 00 00 80 00 00 00 00 2E 00 02 03 00 00 00 00 00 00 00 00"), handles: handles)
        #expect(hexString(output.ropsList) == "2E 02 19 00 03 80 2E 02 19 00 03 80 2E 02 57 00 03 80")
        // Commit, release, reopen read-only: the whole value is there; writing is refused.
        output = try fixture.run(session, hex("5D 00 02 01 00 02 2B 00 01 02 02 01 15 67 00 2D 00 02 01 00 AA"), handles: handles)
        #expect(hexString(output.ropsList) == "5D 02 00 00 00 00 2B 02 00 00 00 00 E0 93 04 00 2D 02 05 00 03 80 00 00")
        handles = output.handles
        // A read larger than the output buffer is cut to what fits.
        output = try fixture.run(session, hex("2C 00 02 BE BA 00 00 10 00"), handles: handles, maxRopOut: 0x1000)
        guard case let .readStream(read)? = try output.responses().first else { Issue.record("no read"); return }
        #expect(read.returnValue == .success && read.data.count > 0 && read.data.count < 0x1000 && Array(read.data.prefix(3)) == Array(chunk.prefix(3)))
    }

    @Test("RopOpenStream failures: missing property read-only, unstreamable type, object that has no properties")
    func openStreamFailures() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        var open: [UInt8] = [0x02, 0, 0, 1]
        inbox.encode(into: &open)
        open += [0x00]
        open += hex("2B 00 01 02 02 01 15 67 00 2B 00 01 02 03 00 15 67 01 2B 00 00 02 02 01 15 67 01")
        let output = try fixture.run(session, open, handles: [logon, Self.unused, Self.unused])
        #expect(hexString(output.ropsList.dropFirst(8)) == "2B 02 0F 01 04 80 2B 02 02 01 04 80 2B 02 02 01 04 80")
    }

    @Test("Stream ROPs on a non-stream object answer ecNotSupported, with their single-layout trailers")
    func streamWrongObjects() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        let output = try fixture.run(session, hex("2C 00 00 10 00 5E 00 00 3A 00 00 01 05 00 00 00 00 00 00 00"), handles: [logon, Self.unused])
        #expect(hexString(output.ropsList) == "2C 00 02 01 04 80 00 00 5E 00 02 01 04 80 3A 00 02 01 04 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")
    }

    @Test("RopCopyToStream between two folder streams, and with no destination (ecDstNullObject + DestHandleIndex)")
    func copyToStream() throws {
        let fixture = try EMSMDBFixture()
        let (session, logon) = try loggedOn(fixture)
        let inbox = try fixture.folderID("alice", .inbox)
        var open: [UInt8] = [0x02, 0, 0, 1]
        inbox.encode(into: &open)
        open += [0x00]
        // Two Create streams on different properties; write 5 bytes to the first, seek it to 1, copy 10 → 4 bytes.
        open += hex("2B 00 01 02 02 01 15 67 02 2B 00 01 03 02 01 16 67 02 2D 00 02 05 00 01 02 03 04 05 2E 00 02 00 01 00 00 00 00 00 00 00")
        open += hex("3A 00 02 03 0A 00 00 00 00 00 00 00 3A 00 02 04 0A 00 00 00 00 00 00 00")
        let output = try fixture.run(session, open, handles: [logon, Self.unused, Self.unused, Self.unused, Self.unused])
        #expect(hexString(output.ropsList.suffix(48)) == hexString(hex("""
            3A 02 00 00 00 00 04 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00
            3A 02 03 05 00 00 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """)))
        let destination = session.withLock { state in state.handles[output.handles[3]] as? StreamObject }
        #expect(destination?.data == [2, 3, 4, 5])
    }
}
