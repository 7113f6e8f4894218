import MAPIWire
import Testing

@Suite("Folder ROP codecs (MS-OXCROPS 2.2.4)")
struct FolderRopTests {
    /// ExistRestriction (MS-OXCDATA 2.12.9) on PidTagSubject: RestrictType 0x08, PropTag.
    static let existSubject = "08 1F 00 37 00"

    @Test("RopOpenFolder: MS-OXCROPS 2.2.4.1")
    func openFolder() throws {
        let request = try expectRequestRoundTrip(RopOpenFolderRequest.self, "02 00 00 01 \(fidHex(5)) 00")
        #expect(request.folderID == makeFID(5) && request.outputHandleIndex == 1)
        let success = try expectResponseRoundTrip(RopOpenFolderResponse.self, "02 01 00 00 00 00 00 00")
        #expect(success.outcome == .success(.init(hasRules: false)))
        let ghosted = try expectResponseRoundTrip(RopOpenFolderResponse.self, """
            02 01 00 00 00 00 01 01   # HasRules, IsGhosted
            02 00 01 00 61 00 62 00   # ServerCount 2, CheapServerCount 1, "a", "b"
            """.strippingComments)
        #expect(ghosted.outcome.successValue?.ghosted == GhostedFolderServers(cheapServerCount: 1, servers: [[0x61], [0x62]]))
        try expectResponseRoundTrip(RopOpenFolderResponse.self, "02 01 0F 01 04 80")
    }

    @Test("RopCreateFolder: MS-OXCROPS 2.2.4.2; a private-mailbox success is 15 bytes")
    func createFolder() throws {
        let request = try expectRequestRoundTrip(RopCreateFolderRequest.self, """
            1C 00 00 01          # RopId, LogonId, InputHandleIndex, OutputHandleIndex
            01 01 00 00          # FolderType generic, UseUnicodeStrings, OpenExisting, Reserved
            48 00 69 00 00 00    # DisplayName "Hi"
            00 00                # Comment ""
            """.strippingComments)
        #expect(request.displayName == .unicode("Hi") && request.comment == .unicode(""))
        #expect(request.folderType == 1 && request.useUnicodeStrings && !request.openExisting)
        let eightBit = try expectRequestRoundTrip(RopCreateFolderRequest.self, "1C 00 00 01 02 00 01 00 48 69 00 00")
        #expect(eightBit.displayName == .eightBit(Array("Hi".utf8)) && eightBit.openExisting)
        let text = "1C 01 00 00 00 00 \(fidHex(0x20)) 00"
        #expect(hex(text).count == 15)
        let response = try expectResponseRoundTrip(RopCreateFolderResponse.self, text)
        #expect(response.outcome == .success(.init(folderID: makeFID(0x20))))
        let existing = try expectResponseRoundTrip(RopCreateFolderResponse.self, "1C 01 00 00 00 00 \(fidHex(0x20)) 01 01 00")
        #expect(existing.outcome.successValue?.existingFolder == .init(hasRules: true))
        try expectResponseRoundTrip(RopCreateFolderResponse.self, "1C 01 04 06 04 80")
    }

    @Test("RopDeleteFolder: MS-OXCROPS 2.2.4.3, one response layout")
    func deleteFolder() throws {
        let request = try expectRequestRoundTrip(RopDeleteFolderRequest.self, "1D 00 00 05 \(fidHex(0x20))")
        #expect(request.deleteFolderFlags == 0x05)
        let partial = try expectResponseRoundTrip(RopDeleteFolderResponse.self, "1D 00 00 00 00 00 01")
        #expect(partial.partialCompletion && partial.returnValue == .success)
        let denied = try expectResponseRoundTrip(RopDeleteFolderResponse.self, "1D 00 05 00 07 80 00")
        #expect(denied.returnValue == .accessDenied && !denied.partialCompletion)
    }

    @Test("RopSetSearchCriteria and RopGetSearchCriteria: MS-OXCROPS 2.2.4.4, 2.2.4.5")
    func searchCriteria() throws {
        let request = try expectRequestRoundTrip(RopSetSearchCriteriaRequest.self, """
            30 00 00
            05 00 \(Self.existSubject)   # RestrictionDataSize, RestrictionData
            01 00 \(fidHex(5))           # FolderIdCount, FolderIds
            02 00 00 00                  # SearchFlags RESTART_SEARCH
            """.strippingComments)
        #expect(request.folderIDs == [makeFID(5)] && request.searchFlags == 2)
        try RestrictionScanner.validate(request.restrictionData)
        try expectResponseRoundTrip(RopSetSearchCriteriaResponse.self, "30 00 00 00 00 00")
        try expectResponseRoundTrip(RopSetSearchCriteriaResponse.self, "30 00 61 04 00 00")

        let get = try expectRequestRoundTrip(RopGetSearchCriteriaRequest.self, "31 00 00 01 01 01")
        #expect(get.useUnicode && get.includeRestriction && get.includeFolders)
        let response = try expectResponseRoundTrip(RopGetSearchCriteriaResponse.self, """
            31 00 00 00 00 00
            05 00 \(Self.existSubject)   # RestrictionDataSize, RestrictionData
            07                           # LogonId
            01 00 \(fidHex(5))           # FolderIdCount, FolderIds
            00 10 00 00                  # SearchFlags SEARCH_COMPLETE
            """.strippingComments)
        #expect(response.outcome.successValue?.logonID == 7)
        #expect(response.outcome.successValue?.searchFlags == 0x1000)
        try expectResponseRoundTrip(RopGetSearchCriteriaResponse.self, "31 00 61 04 00 00")
    }

    @Test("RopMoveCopyMessages incl. the null-destination failure: MS-OXCROPS 2.2.4.6")
    func moveCopyMessages() throws {
        let request = try expectRequestRoundTrip(RopMoveCopyMessagesRequest.self, """
            33 00 01 02                       # RopId, LogonId, SourceHandleIndex, DestHandleIndex
            02 00 \(fidHex(0x30)) \(fidHex(0x31))  # MessageIdCount, MessageIds
            00 01                             # WantAsynchronous, WantCopy
            """.strippingComments)
        #expect(request.messageIDs == [makeFID(0x30), makeFID(0x31)] && request.wantCopy)
        let ok = try expectResponseRoundTrip(RopMoveCopyMessagesResponse.self, "33 01 00 00 00 00 00")
        #expect(ok.sourceHandleIndex == 1 && !ok.partialCompletion)
        let nullDestination = try expectResponseRoundTrip(RopMoveCopyMessagesResponse.self, """
            33 01 03 05 00 00   # ReturnValue 0x00000503 ecDstNullObject
            02 00 00 00         # DestHandleIndex (4 bytes)
            00                  # PartialCompletion
            """.strippingComments)
        #expect(nullDestination.destHandleIndex == 2 && nullDestination.returnValue == .nullDestinationObject)
    }

    @Test("RopMoveFolder and RopCopyFolder: MS-OXCROPS 2.2.4.7, 2.2.4.8")
    func moveAndCopyFolder() throws {
        let move = try expectRequestRoundTrip(RopMoveFolderRequest.self, "35 00 01 02 00 01 \(fidHex(0x20)) 4E 00 65 00 77 00 00 00")
        #expect(move.newFolderName == .unicode("New") && move.folderID == makeFID(0x20))
        try expectResponseRoundTrip(RopMoveFolderResponse.self, "35 01 00 00 00 00 00")
        try expectResponseRoundTrip(RopMoveFolderResponse.self, "35 01 03 05 00 00 02 00 00 00 01")
        let copy = try expectRequestRoundTrip(RopCopyFolderRequest.self, "36 00 01 02 00 01 00 \(fidHex(0x20)) 58 00")
        #expect(copy.wantRecursive && !copy.useUnicode && copy.newFolderName == .eightBit([0x58]))
        try expectResponseRoundTrip(RopCopyFolderResponse.self, "36 01 00 00 00 00 01")
    }

    @Test("RopEmptyFolder and RopHardDeleteMessagesAndSubfolders: MS-OXCROPS 2.2.4.9, 2.2.4.10")
    func emptyFolder() throws {
        let empty = try expectRequestRoundTrip(RopEmptyFolderRequest.self, "58 00 00 00 01")
        #expect(empty.wantDeleteAssociated && !empty.wantAsynchronous)
        try expectResponseRoundTrip(RopEmptyFolderResponse.self, "58 00 00 00 00 00 00")
        try expectRequestRoundTrip(RopHardDeleteMessagesAndSubfoldersRequest.self, "92 00 00 00 00")
        try expectResponseRoundTrip(RopHardDeleteMessagesAndSubfoldersResponse.self, "92 00 02 01 04 80 00")
    }

    @Test("RopDeleteMessages and RopHardDeleteMessages: MS-OXCROPS 2.2.4.11, 2.2.4.12")
    func deleteMessages() throws {
        let request = try expectRequestRoundTrip(RopDeleteMessagesRequest.self, "1E 00 00 00 01 01 00 \(fidHex(0x30))")
        #expect(request.notifyNonRead && request.messageIDs == [makeFID(0x30)])
        try expectResponseRoundTrip(RopDeleteMessagesResponse.self, "1E 00 00 00 00 00 01")
        try expectRequestRoundTrip(RopHardDeleteMessagesRequest.self, "91 00 00 00 00 00 00")
        try expectResponseRoundTrip(RopHardDeleteMessagesResponse.self, "91 00 00 00 00 00 00")
    }

    @Test("RopGetHierarchyTable and RopGetContentsTable: MS-OXCROPS 2.2.4.13, 2.2.4.14")
    func tables() throws {
        let hierarchy = try expectRequestRoundTrip(RopGetHierarchyTableRequest.self, "04 00 00 01 04")
        #expect(hierarchy.tableFlags == 0x04)
        let rows = try expectResponseRoundTrip(RopGetHierarchyTableResponse.self, "04 01 00 00 00 00 03 00 00 00")
        #expect(rows.outcome == .success(.init(rowCount: 3)))
        try expectResponseRoundTrip(RopGetHierarchyTableResponse.self, "04 01 02 01 04 80")
        try expectRequestRoundTrip(RopGetContentsTableRequest.self, "05 00 00 01 40")
        try expectResponseRoundTrip(RopGetContentsTableResponse.self, "05 01 00 00 00 00 00 00 00 00")
    }

    @Test("Oversized counts are rejected before allocation")
    func hostileCounts() {
        // MessageIdCount 0xFFFF with 8 bytes of data.
        var reader = ByteReader(hex("1E 00 00 00 00 FF FF \(fidHex(1))"))
        #expect(throws: WireError.self) { try RopDeleteMessagesRequest.decode(from: &reader) }
        // A wrong RopId is refused.
        var wrong = ByteReader(hex("91 00 00 00 00 00 00"))
        #expect(throws: WireError.self) { try RopDeleteMessagesRequest.decode(from: &wrong) }
    }
}
