import MAPIWire
import Testing

@Suite("Store ROP codecs (MS-OXCROPS 2.2.3)")
struct StoreRopTests {
    static let mailboxGuid = "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF"
    static let replGuid = "F0 E1 D2 C3 B4 A5 96 87 78 69 5A 4B 3C 2D 1E 0F"

    @Test("RopLogon request: MS-OXCROPS 2.2.3.1.1")
    func logonRequest() throws {
        let request = try expectRequestRoundTrip(RopLogonRequest.self, """
            FE 00 03          # RopId, LogonId, OutputHandleIndex
            01                # LogonFlags: Private
            04 00 00 01       # OpenFlags: HOME_LOGON | USE_PER_MDB_REPLID_MAPPING
            00 00 00 00       # StoreState
            05 00 2F 6F 3D 78 00  # EssdnSize 5, "/o=x" + NUL
            """.strippingComments)
        #expect(request.outputHandleIndex == 3)
        #expect(request.isPrivate)
        #expect(request.openFlags == RopLogonRequest.OpenFlags.homeLogon | RopLogonRequest.OpenFlags.usePerMDBReplidMapping)
        #expect(request.distinguishedName == "/o=x")
        let built = RopLogonRequest(logonID: 0, outputHandleIndex: 3, logonFlags: 1, openFlags: 0x0100_0004, distinguishedName: "/o=x")
        #expect(built == request)
    }

    @Test("RopLogon private-mailbox success response: 166 bytes, MS-OXCROPS 2.2.3.1.2")
    func logonPrivateResponse() throws {
        let fids = (1...13).map { fidHex(UInt8($0)) }.joined(separator: " ")
        let text = """
            FE 03 00 00 00 00   # RopId, OutputHandleIndex, ReturnValue
            01                  # LogonFlags
            \(fids)             # FolderIds ×13
            07                  # ResponseFlags: Reserved | OwnerRight | SendAsRight
            \(Self.mailboxGuid) # MailboxGuid
            01 00               # ReplId
            \(Self.replGuid)    # ReplGuid
            1E 2D 0E 00 1D 0B EA 07  # LogonTime 2026-11-29 (Sunday) 14:45:30
            01 02 03 04 05 06 07 08  # GwartTime
            00 00 00 00         # StoreState
            """.strippingComments
        #expect(hex(text).count == 166)
        let response = try expectResponseRoundTrip(RopLogonResponse.self, text)
        guard case let .privateMailbox(mailbox) = response.body else {
            Issue.record("expected a private-mailbox response")
            return
        }
        #expect(mailbox.folderIDs.root == makeFID(1))
        #expect(mailbox.folderIDs.inbox == makeFID(5))
        #expect(mailbox.folderIDs.shortcuts == makeFID(13))
        #expect(mailbox.replID == 1)
        #expect(mailbox.logonTime == LogonTime(seconds: 30, minutes: 45, hour: 14, dayOfWeek: 0, day: 29, month: 11, year: 2026))
        #expect(mailbox.mailboxGuid == GUID(bytes: hex(Self.mailboxGuid)))
    }

    @Test("RopLogon public-folder success response: MS-OXCROPS 2.2.3.1.3")
    func logonPublicResponse() throws {
        let fids = (1...13).map { fidHex(UInt8($0)) }.joined(separator: " ")
        let response = try expectResponseRoundTrip(RopLogonResponse.self, """
            FE 00 00 00 00 00 00 \(fids) 02 00 \(Self.replGuid) \(Self.mailboxGuid)
            """)
        guard case let .publicFolders(folders) = response.body else {
            Issue.record("expected a public-folder response")
            return
        }
        #expect(folders.replID == 2 && folders.folderIDs.count == 13)
    }

    @Test("RopLogon redirect response (ecWrongServer): MS-OXCROPS 2.2.3.1.4")
    func logonRedirect() throws {
        let response = try expectResponseRoundTrip(RopLogonResponse.self, """
            FE 00 78 04 00 00   # ReturnValue 0x00000478 ecWrongServer
            01                  # LogonFlags
            04 73 72 76 00      # ServerNameSize 4, "srv" + NUL
            """.strippingComments)
        #expect(response.body == .redirect(.init(logonFlags: 1, serverName: Array("srv".utf8))))
        #expect(response.returnValue == .wrongServer)
        // ServerNameSize that disagrees with the NUL position is malformed.
        var reader = ByteReader(hex("FE 00 78 04 00 00 01 05 73 72 76 00 00"))
        #expect(throws: WireError.self) { try RopLogonResponse.decode(from: &reader) }
    }

    @Test("RopLogon failure response: header only, MS-OXCROPS 2.2.3.1.5")
    func logonFailure() throws {
        let response = try expectResponseRoundTrip(RopLogonResponse.self, "FE 00 EB 03 00 00")
        #expect(response.body == .failure(.unknownUser))
    }

    @Test("RopGetReceiveFolder: MS-OXCROPS 2.2.3.2")
    func getReceiveFolder() throws {
        let request = try expectRequestRoundTrip(RopGetReceiveFolderRequest.self, "27 00 00 49 50 4D 2E 4E 6F 74 65 00")
        #expect(request.messageClass == Array("IPM.Note".utf8))
        let response = try expectResponseRoundTrip(RopGetReceiveFolderResponse.self, "27 00 00 00 00 00 \(fidHex(5)) 49 50 4D 00")
        #expect(response.outcome == .success(.init(folderID: makeFID(5), explicitMessageClass: Array("IPM".utf8))))
        let failure = try expectResponseRoundTrip(RopGetReceiveFolderResponse.self, "27 00 57 00 07 80")
        #expect(failure.outcome == .failure(.invalidParameter))
    }

    @Test("RopGetStoreState: MS-OXCROPS 2.2.3.5")
    func getStoreState() throws {
        try expectRequestRoundTrip(RopGetStoreStateRequest.self, "7B 00 00")
        let notImplemented = try expectResponseRoundTrip(RopGetStoreStateResponse.self, "7B 00 FF 0F 04 80")
        #expect(notImplemented.returnValue == .notImplemented)
        let success = try expectResponseRoundTrip(RopGetStoreStateResponse.self, "7B 00 00 00 00 00 00 00 00 01")
        #expect(success.outcome == .success(.init(storeState: 0x0100_0000)))
    }

    @Test("RopLongTermIdFromId and RopIdFromLongTermId: MS-OXCROPS 2.2.3.8, 2.2.3.9")
    func longTermIDs() throws {
        let longTermID = "\(Self.replGuid) 00 00 00 00 00 2A 00 00"  // REPLGUID, GlobalCounter 0x2A, Pad
        let request = try expectRequestRoundTrip(RopLongTermIdFromIdRequest.self, "43 00 00 \(fidHex(0x2A))")
        #expect(request.objectID == makeFID(0x2A))
        let response = try expectResponseRoundTrip(RopLongTermIdFromIdResponse.self, "43 00 00 00 00 00 \(longTermID)")
        let expected = LongTermID(databaseGuid: GUID(bytes: hex(Self.replGuid))!, globalCounter: 0x2A)
        #expect(response.outcome == .success(.init(longTermID: expected)))
        try expectRequestRoundTrip(RopIdFromLongTermIdRequest.self, "44 00 00 \(longTermID)")
        let back = try expectResponseRoundTrip(RopIdFromLongTermIdResponse.self, "44 00 00 00 00 00 \(fidHex(0x2A))")
        #expect(back.outcome.successValue?.objectID == makeFID(0x2A))
        try expectResponseRoundTrip(RopIdFromLongTermIdResponse.self, "44 00 50 04 00 00")
    }
}

extension String {
    /// Drops `#` comments so hex vectors can annotate their fields.
    var strippingComments: String {
        split(separator: "\n").map { line in line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            .joined(separator: "\n")
    }
}
