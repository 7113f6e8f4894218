import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Raw-bytes tests of the processor core: RopLogon, handles, RopRelease, notifications, unsupported
/// ROPs, malformed buffers, output limits.
@Suite struct ProcessorCoreTests {
    @Test func logonToOwnMailboxReturnsTheThirteenFoldersAndAHandle() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let output = try fixture.run(session, EMSMDBFixture.logonRequest("alice"), handles: [0xFFFF_FFFF])
        let mailbox = fixture.mailbox("alice")
        var expected = hex("FE 00 00000000 01")  // RopId, OutputHandleIndex, success, LogonFlags Private
        for id in try fixture.store.logonFolderIDs(mailbox.id) { expected += id.wire }
        expected.append(0x07)  // Reserved | OwnerRight | SendAsRight (MS-OXCSTOR 2.2.1.1.3)
        mailbox.mailboxGuid.encode(into: &expected)
        expected += [UInt8(mailbox.replicaID & 0xFF), UInt8(mailbox.replicaID >> 8)]
        mailbox.replGuid.encode(into: &expected)
        expected += hex("00 00 06 00 1D 0B EA07")  // 06:00:00, Sunday, 29 Nov 2026 (MS-OXCROPS 2.2.3.1.2 LogonTime)
        expected += hex("0000000000000000 00000000")  // GwartTime, StoreState
        #expect(hexString(output.ropsList) == hexString(expected))
        #expect(output.ropsList.count == 166)
        #expect(output.handles.count == 1 && output.handles[0] != 0xFFFF_FFFF)
        #expect(session.handleCount == 1)
    }

    @Test func logonToAnotherUsersMailboxIsRefused() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let output = try fixture.run(session, EMSMDBFixture.logonRequest("bob"), handles: [0xFFFF_FFFF])
        // ecAccessDenied 0x80070005 (MS-OXCSTOR 3.2.5.1.3); no handle issued.
        #expect(hexString(output.ropsList) == "FE 00 05 00 07 80")
        #expect(output.handles == [0xFFFF_FFFF])
        #expect(session.handleCount == 0)
        let unknown = try fixture.run(session, EMSMDBFixture.logonRequest("nobody"), handles: [0xFFFF_FFFF])
        #expect(hexString(unknown.ropsList) == "FE 00 EB 03 00 00")  // ecUnknownUser
    }

    @Test func storeStateAndReceiveFolder() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        let inbox = try fixture.folderID("alice", .inbox)
        // RopGetStoreState, RopGetReceiveFolder("IPM.Note")
        let output = try fixture.run(session, hex("7B 00 00") + hex("27 00 00") + Array("IPM.Note".utf8) + [0], handles: [logon])
        #expect(hexString(output.ropsList) == hexString(hex("7B 00 00000000 00000000") + hex("27 00 00000000") + inbox.wire + Array("IPM".utf8) + [0]))
        let invalid = try fixture.run(session, hex("27 00 00") + Array("IPM..Note".utf8) + [0], handles: [logon])
        #expect(hexString(invalid.ropsList) == "27 00 57 00 07 80")  // ecInvalidParameter
    }

    @Test func badHandlesAreAnsweredPerSpec() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        // Index beyond the table, 0xFFFFFFFF slot, a handle never issued: ecNullObject 0x4B9.
        let output = try fixture.run(session, hex("7B 00 05") + hex("7B 00 01") + hex("7B 00 02"), handles: [logon, 0xFFFF_FFFF, 0x00AB_CDEF])
        #expect(hexString(output.ropsList) == "7B 05 B9 04 00 00 7B 01 B9 04 00 00 7B 02 B9 04 00 00")
        // Released handle: ecInvalidObject 0x80040108 (MS-OXCROPS 3.2.5.4).
        let released = try fixture.run(session, hex("01 00 00") + hex("7B 00 00"), handles: [logon])
        #expect(hexString(released.ropsList) == "7B 00 08 01 04 80")
        #expect(session.handleCount == 0)
    }

    @Test func unsupportedRopsGetTheirFailureResponse() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        // RopGetPermissionsTable (0x3E, measured only): ecNotSupported 0x80040102 echoing
        // OutputHandleIndex. (RopGetHierarchyTable has a handler now: on a Logon it is ecNullObject.)
        let output = try fixture.run(session, hex("04 00 00 01 00") + hex("3E 00 00 01 00"), handles: [logon, 0xFFFF_FFFF])
        #expect(hexString(output.ropsList) == "04 01 B9 04 00 00 3E 01 02 01 04 80")
        #expect(output.handles == [logon, 0xFFFF_FFFF])
    }

    @Test func malformedBuffersFailTheCallAndChangeNothing() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        // A RopRelease then a truncated RopGetStoreState; a reserved RopId; a RopSize past the end.
        for ropsList in [hex("01 00 00 7B 00"), hex("01 00 00 62 00 00")] {
            var input: [UInt8] = []
            RopBuffer(ropsList: ropsList, handleTable: [logon]).encode(into: &input)
            #expect(throws: EMSMDBCallError.self) { try fixture.server.executeRops(session: session, ropBuffer: input, maxRopOut: 0x8000) }
            do {
                _ = try fixture.server.executeRops(session: session, ropBuffer: input, maxRopOut: 0x8000)
            } catch {
                #expect(error.code == .rpcFormat)
            }
        }
        #expect(throws: EMSMDBCallError.self) { try fixture.server.executeRops(session: session, ropBuffer: hex("10 00 01"), maxRopOut: 0x8000) }
        // The RopRelease before the bad bytes did not run.
        #expect(session.handleCount == 1)
        let still = try fixture.run(session, hex("7B 00 00"), handles: [logon])
        #expect(hexString(still.ropsList) == hexString(hex("7B 00 00000000 00000000")))
    }

    @Test func registerNotifyAcrossTwoSessionsAndRelease() throws {
        let fixture = try EMSMDBFixture()
        let writer = fixture.connect("alice")
        let reader = fixture.connect("alice")
        _ = try fixture.logon(writer)
        let readerLogon = try fixture.logon(reader)
        let subscription = try fixture.subscribeWholeStore(reader, logonHandle: readerLogon, types: [.objectCreated])
        let mailbox = fixture.mailbox("alice").id
        let (created, _) = try fixture.store.createFolder(mailbox, parent: try fixture.folderID("alice", .ipmSubtree), name: "Projects")

        // The writer hears nothing; the reader's empty poll carries one RopNotify on its subscription.
        #expect(try fixture.poll(writer).ropsList.isEmpty)
        let poll = try fixture.poll(reader)
        let responses = try poll.responses()
        #expect(responses.count == 1)
        guard case let .notify(notify)? = responses.first else { Issue.record("no RopNotify"); return }
        #expect(notify.notificationHandle == subscription)
        #expect(notify.logonID == 0)
        #expect(notify.notificationData.flags.type == .objectCreated)
        #expect(notify.notificationData.folderID == created)
        #expect(Array(poll.ropsList.prefix(6)) == [0x2A] + subscription.le + [0x00])
        #expect(try fixture.poll(reader).ropsList.isEmpty)

        // After RopRelease (no response) nothing more is queued, and the handle is ecInvalidObject.
        let release = try fixture.run(reader, hex("01 00 00"), handles: [subscription])
        #expect(release.ropsList.isEmpty)
        _ = try fixture.store.createFolder(mailbox, parent: try fixture.folderID("alice", .ipmSubtree), name: "More")
        #expect(try fixture.poll(reader).ropsList.isEmpty)
        #expect(reader.handleCount == 1)
    }

    @Test func outputLimitEndsWithBufferTooSmall() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        // Three RopGetStoreState (10 bytes each) in 2 + 4 + 25 bytes: the first runs (10 + reserve
        // 3 + 6 for the rest), then RopBufferTooSmall carries the last two requests.
        let requests = hex("7B 00 00 7B 00 00 7B 00 00")
        let output = try fixture.run(session, requests, handles: [logon], maxRopOut: 2 + 4 + 25)
        #expect(hexString(output.ropsList) == "7B 00 00 00 00 00 00 00 00 00 FF 00 80 7B 00 00 7B 00 00")
        // Not even the first response fits, nor RopBufferTooSmall: the call fails with ecBufferTooSmall.
        do {
            _ = try fixture.run(session, requests, handles: [logon], maxRopOut: 2 + 4 + 8)
            Issue.record("expected ecBufferTooSmall")
        } catch let error as EMSMDBCallError {
            #expect(error.code == .bufferTooSmall)
        }
    }

    @Test func executeFramesTheResponseAsTheRequestFlagsAllow() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        var ropBuffer: [UInt8] = []
        RopBuffer(ropsList: EMSMDBFixture.logonRequest("alice"), handleTable: [0xFFFF_FFFF]).encode(into: &ropBuffer)
        var rgbIn: [UInt8] = []
        ExtendedBuffer.encode(payload: ropBuffer, compress: true, obfuscate: true, last: true, into: &rgbIn)
        let plain = try fixture.server.execute(session: session, rgbIn: rgbIn, maxRgbOut: 0x8008, flags: [.noCompression, .noXorMagic])
        #expect(Array(plain.prefix(4)) == hex("0000 0400"))  // Version 0, Flags Last only
        let obfuscated = try fixture.server.execute(session: session, rgbIn: rgbIn, maxRgbOut: 0x8008, flags: [.noCompression])
        #expect(Array(obfuscated.prefix(4)) == hex("0000 0600"))  // Last | XorMagic
        let payloads = try ExtendedBuffer.decodeChain(obfuscated)
        let decoded = try RopBuffer.decode(payloads[0].bytes)
        #expect(decoded.ropsList.first == 0xFE && decoded.handleTable[0] != 0xFFFF_FFFF)
        // Garbage is ecRpcFormat.
        #expect(throws: EMSMDBCallError.self) { try fixture.server.execute(session: session, rgbIn: hex("0000 0400 0500 0500 01"), maxRgbOut: 0x8008, flags: []) }
    }
}

/// Which requests a transport may run inline (see `PreparedExecute.mayRunLong`, docs/MAPIHTTP.md).
@Suite("Execute requests that may run long")
struct PreparedExecuteTests {
    func prepared(_ fixture: EMSMDBFixture, _ ropsList: [UInt8]) throws -> PreparedExecute {
        var ropBuffer: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: [0xFFFF_FFFF, 0xFFFF_FFFF]).encode(into: &ropBuffer)
        var rgbIn: [UInt8] = []
        ExtendedBuffer.encode(payload: ropBuffer, compress: false, obfuscate: false, last: true, into: &rgbIn)
        return try fixture.server.prepareExecute(rgbIn: rgbIn, maxRgbOut: 0x8008, flags: [])
    }

    func ropsList(_ requests: [RopRequest]) -> [UInt8] {
        var bytes: [UInt8] = []
        for request in requests { request.encode(into: &bytes) }
        return bytes
    }

    @Test("The empty poll and bounded ROPs run inline; folder and message bulk operations do not")
    func classification() throws {
        let fixture = try EMSMDBFixture()
        #expect(try !prepared(fixture, []).mayRunLong)
        #expect(try !prepared(fixture, EMSMDBFixture.logonRequest("alice")).mayRunLong)
        let open = RopRequest.openFolder(RopOpenFolderRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, folderID: ObjectID(replicaID: 1, globalCounter: 1), openModeFlags: 0))
        #expect(try !prepared(fixture, ropsList([open])).mayRunLong)
        let empty = RopRequest.emptyFolder(RopEmptyFolderRequest(logonID: 0, inputHandleIndex: 1, wantAsynchronous: false, wantDeleteAssociated: false))
        // One long ROP anywhere in the buffer is enough.
        #expect(try prepared(fixture, ropsList([open, empty])).mayRunLong)
        let delete = RopRequest.deleteMessages(RopDeleteMessagesRequest(logonID: 0, inputHandleIndex: 1, wantAsynchronous: false, notifyNonRead: false, messageIDs: []))
        #expect(try prepared(fixture, ropsList([delete])).mayRunLong)
    }

    @Test("Preparing checks what the one-call Execute checks: garbage is ecRpcFormat, a tiny pcbOut ecBufferTooSmall")
    func preparingValidates() throws {
        let fixture = try EMSMDBFixture()
        #expect(throws: EMSMDBCallError.self) { try fixture.server.prepareExecute(rgbIn: hex("0000 0400 0500 0500 01"), maxRgbOut: 0x8008, flags: []) }
        var ropBuffer: [UInt8] = []
        RopBuffer(ropsList: [], handleTable: []).encode(into: &ropBuffer)
        var rgbIn: [UInt8] = []
        ExtendedBuffer.encode(payload: ropBuffer, compress: false, obfuscate: false, last: true, into: &rgbIn)
        do {
            _ = try fixture.server.prepareExecute(rgbIn: rgbIn, maxRgbOut: 8, flags: [])
            Issue.record("expected ecBufferTooSmall")
        } catch {
            #expect(error.code == .bufferTooSmall)
        }
    }
}
