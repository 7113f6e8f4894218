import EMSMDB
import MAPIWire
import MailboxStore
import NotificationEngine
import Testing

/// Issue 5 notification scenarios across two sessions of the same user, and hostile buffers.
@Suite struct NotificationScenarioTests {
    @Test func hundredsOfEventsDrainUnderATinyOutputLimit() throws {
        let fixture = try EMSMDBFixture()
        let writer = fixture.connect("alice")
        let reader = fixture.connect("alice")
        let readerLogon = try fixture.logon(reader)
        let subscription = try fixture.subscribeWholeStore(reader, logonHandle: readerLogon, types: [.objectCreated])
        let ipm = try fixture.folderID("alice", .ipmSubtree)
        let handles = try fixture.openFolders(writer, [ipm]) + [RopBuffer.unusedHandle]
        var created: [FolderID] = []
        for index in 0..<300 {
            let output = try fixture.run(writer, EMSMDBFixture.createFolderRequest("F\(index)"), handles: handles)
            created.append(try #require(ObjectID.decodeWire(Array(output.ropsList[6..<14]))))
        }

        // 160-byte output buffers: a few RopNotify, then RopPending naming the reader, until the last
        // poll carries the tail without RopPending; then an empty response (MS-OXCNOTIF 3.1.5.5–3.1.5.7).
        var seen: [FolderID] = []
        var polls = 0
        while true {
            polls += 1
            let output = try fixture.poll(reader, maxRopOut: 160)
            #expect(output.ropsList.count + 2 <= 160)
            let responses = try output.responses()
            if responses.isEmpty { break }
            var notifies = 0
            for (position, response) in responses.enumerated() {
                switch response {
                case let .notify(notify):
                    #expect(notify.notificationHandle == subscription)
                    seen.append(notify.notificationData.folderID)
                    notifies += 1
                case let .pending(pending):
                    #expect(position == responses.count - 1)
                    #expect(pending.sessionIndex == reader.index.rawValue)
                default:
                    Issue.record("unexpected \(response)")
                }
            }
            #expect(notifies > 0)
            let pendingLast = if case .pending = responses.last { true } else { false }
            #expect(pendingLast == (seen.count < created.count))
            if polls > 400 { Issue.record("does not drain"); break }
        }
        #expect(seen == created)
        #expect(polls > 10)
    }

    @Test func folderCountChangesCarryTheLatestCounts() throws {
        let fixture = try EMSMDBFixture()
        let writer = fixture.connect("alice")
        let reader = fixture.connect("alice")
        let inbox = try fixture.folderID("alice", .inbox)
        let first = try fixture.addMessage("alice", inbox, subject: "one", read: false)
        let second = try fixture.addMessage("alice", inbox, subject: "two", read: false)
        try fixture.addMessage("alice", inbox, subject: "three", read: true)
        let handles = try fixture.openFolders(writer, [inbox])
        let readerLogon = try fixture.logon(reader)
        // Folder-scoped subscription on the Inbox: ObjectModified only.
        let request = RopRegisterNotificationRequest(
            logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: [.objectModified],
            scope: .object(folderID: inbox, messageID: .zero))
        let subscribed = try fixture.run(reader, [.registerNotification(request)], handles: [readerLogon, RopBuffer.unusedHandle])
        #expect(hexString(subscribed.ropsList) == "29 01 00 00 00 00")

        // Two deletions in two ROP buffers: coalesced into one ObjectModified with the latest counts
        // (total 1, unread 0), T and U bits set (MS-OXCNOTIF 2.2.1.4.1.2).
        _ = try fixture.run(writer, hex("91 00 01 00 00 0100") + first.wire, handles: handles)
        _ = try fixture.run(writer, hex("91 00 01 00 00 0100") + second.wire, handles: handles)
        let folderEvents = try fixture.notifications(reader).filter { $0.notificationData.folderID == inbox && $0.notificationData.messageID.isZero }
        let last = try #require(folderEvents.last?.notificationData)
        #expect(last.flags.type == .objectModified)
        #expect(last.flags.rawValue & NotificationFlags.totalMessageCountBit != 0)
        #expect(last.flags.rawValue & NotificationFlags.unreadMessageCountBit != 0)
        #expect(last.totalMessageCount == 1 && last.unreadMessageCount == 0)
    }

    @Test func requestWhoseAnswersOverflowEndsWithBufferTooSmallAndResumes() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let ipm = try fixture.folderID("alice", .ipmSubtree)
        let handles = try fixture.openFolders(session, [ipm]) + [RopBuffer.unusedHandle]
        // Two RopCreateFolder, then 40 RopGetStoreState (3-byte requests, 10-byte answers): the
        // answers outgrow a 200-byte output buffer.
        let creates = EMSMDBFixture.createFolderRequest("N0") + EMSMDBFixture.createFolderRequest("N1", output: 3)
        let ropsList = creates + Array(repeating: hex("7B 00 00"), count: 40).joined()
        let output = try fixture.run(session, ropsList, handles: handles + [RopBuffer.unusedHandle], maxRopOut: 200)
        #expect(output.ropsList.count + 2 + 4 * 4 <= 200)
        let responses = try output.responses()
        guard case let .bufferTooSmall(tooSmall)? = responses.last else { Issue.record("no RopBufferTooSmall"); return }
        let answered = responses.dropLast()
        #expect(answered.prefix(2).allSatisfy { if case let .createFolder(r) = $0 { r.returnValue == .success } else { false } })
        let states = answered.dropFirst(2).filter { if case let .getStoreState(r) = $0 { r.returnValue == .success } else { false } }
        #expect(states.count == answered.count - 2 && states.count > 0 && states.count < 40)
        // SizeNeeded = the most Herald returns; RequestBuffers = exactly the unprocessed requests.
        #expect(tooSmall.sizeNeeded == 0x8000)
        #expect(tooSmall.requestBuffers == Array(repeating: hex("7B 00 00"), count: 40 - states.count).joined().map { $0 })
        // Both folders exist; resending RequestBuffers answers the rest.
        let mailbox = fixture.mailbox("alice").id
        for name in ["N0", "N1"] { #expect(try fixture.store.createFolder(mailbox, parent: ipm, name: name, openExisting: true).existed) }
        let resent = try fixture.run(session, tooSmall.requestBuffers, handles: handles)
        #expect(try resent.responses().count == 40 - states.count)
    }

    @Test func hostileBuffersLeaveTheStoreAndOtherSessionsAlone() throws {
        let fixture = try EMSMDBFixture()
        let attacker = fixture.connect("alice")
        let bystander = fixture.connect("alice")
        let inbox = try fixture.folderID("alice", .inbox)
        let message = try fixture.addMessage("alice", inbox, subject: "keep", read: true)
        let handles = try fixture.openFolders(attacker, [inbox])
        let bystanderLogon = try fixture.logon(bystander)
        let subscription = try fixture.subscribeWholeStore(bystander, logonHandle: bystanderLogon, types: .allEvents)
        let mailbox = fixture.mailbox("alice").id

        // Oversized count: RopDeleteMessages claiming 0xFFFF MIDs with one present → ecRpcFormat, nothing deleted.
        let oversized = hex("1E 00 01 00 00 FFFF") + message.wire
        // Truncated ROP after a valid one; a handle table that is not a multiple of 4.
        let truncated = hex("1E 00 01 00 00 0100") + message.wire + hex("1E 00")
        for ropsList in [oversized, truncated] {
            var input: [UInt8] = []
            RopBuffer(ropsList: ropsList, handleTable: handles).encode(into: &input)
            do {
                _ = try fixture.server.executeRops(session: attacker, ropBuffer: input, maxRopOut: 0x8000)
                Issue.record("expected ecRpcFormat")
            } catch let error as EMSMDBCallError {
                #expect(error.code == .rpcFormat)
            }
        }
        var badTable: [UInt8] = []
        RopBuffer(ropsList: hex("7B 00 00"), handleTable: handles).encode(into: &badTable)
        badTable.append(0xAA)
        #expect(throws: EMSMDBCallError.self) { try fixture.server.executeRops(session: attacker, ropBuffer: badTable, maxRopOut: 0x8000) }

        // Bad handle indexes on every folder ROP: ecNullObject, store untouched.
        let badIndexes = hex("1E 00 09 00 00 0100") + message.wire  // DeleteMessages, index 9
            + hex("33 00 09 01 0100") + message.wire + hex("00 00")  // MoveCopyMessages, source 9
            + hex("58 00 07 00 00")  // EmptyFolder, index 7
        let answered = try fixture.run(attacker, badIndexes, handles: handles)
        #expect(hexString(answered.ropsList) == "1E 09 B9 04 00 00 00 33 09 B9 04 00 00 00 58 07 B9 04 00 00 00")
        #expect(try fixture.store.folderProperties(mailbox, inbox, [Tags.contentCount]).first == .value(.integer32(1)))

        // The bystander heard nothing (nothing changed) and still works.
        #expect(try fixture.poll(bystander).ropsList.isEmpty)
        let state = try fixture.run(bystander, hex("7B 00 00"), handles: [bystanderLogon])
        #expect(hexString(state.ropsList) == hexString(hex("7B 00 00000000 00000000")))
        #expect(bystander.handleCount == 2)
        _ = subscription
    }

    @Test func linkedSessionsGetRopPendingForEachOther() throws {
        let fixture = try EMSMDBFixture()
        let first = fixture.connect("alice")
        let second = fixture.connect("alice", linkTo: first)
        #expect(second.linkedTo == first.index)
        let logon = try fixture.logon(first)
        _ = try fixture.subscribeWholeStore(first, logonHandle: logon, types: [.objectCreated])
        _ = try fixture.store.createFolder(fixture.mailbox("alice").id, parent: try fixture.folderID("alice", .ipmSubtree), name: "Linked")
        // The second session's empty poll announces the first's pending notifications.
        let output = try fixture.poll(second)
        #expect(hexString(output.ropsList) == hexString([0x6E] + [UInt8(first.index.rawValue & 0xFF), UInt8(first.index.rawValue >> 8)]))
    }

    @Test func disconnectReleasesEverything() throws {
        let fixture = try EMSMDBFixture()
        let session = fixture.connect("alice")
        let logon = try fixture.logon(session)
        _ = try fixture.subscribeWholeStore(session, logonHandle: logon, types: .allEvents)
        #expect(fixture.hub.metrics.subscriptions == 1)
        fixture.server.disconnect(session)
        #expect(fixture.hub.metrics.subscriptions == 0)
        #expect(session.handleCount == 0 && !session.isConnected)
        #expect(fixture.server.session(session.index) == nil)
        #expect(throws: EMSMDBCallError.self) { try fixture.poll(session) }
    }

    @Test func handleLimitIsEnforcedAndTheSessionKeepsWorking() throws {
        var configuration = EMSMDBConfiguration()
        configuration.maximumHandlesPerSession = 3
        let fixture = try EMSMDBFixture(configuration: configuration)
        let session = fixture.connect("alice")
        let inbox = try fixture.folderID("alice", .inbox)
        let handles = try fixture.openFolders(session, [inbox, inbox])  // 3 objects
        let output = try fixture.run(session, EMSMDBFixture.openFolderRequest(inbox), handles: [handles[0], RopBuffer.unusedHandle])
        #expect(hexString(output.ropsList) == "02 01 0E 00 07 80")  // ecNotEnoughMemory (MAPI_E_NOT_ENOUGH_MEMORY)
        _ = try fixture.run(session, hex("01 00 01"), handles: handles)
        let reopened = try fixture.run(session, EMSMDBFixture.openFolderRequest(inbox), handles: [handles[0], RopBuffer.unusedHandle])
        #expect(hexString(reopened.ropsList) == "02 01 00 00 00 00 00 00")
    }
}
