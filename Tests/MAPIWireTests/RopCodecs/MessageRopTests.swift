import MAPIWire
import Testing

@Suite("Message ROP codecs (MS-OXCROPS 2.2.6, 2.2.7.1) and RecipientRow (MS-OXCDATA 2.8.3)")
struct MessageRopTests {
    /// An SMTP RecipientRow (MS-OXCDATA 2.8.3.2) over the recipient columns [PidTagObjectType]:
    /// RecipientFlags 0x021B = Type SMTP (3) | E | D | U, EmailAddress "a@b", DisplayName "A",
    /// RecipientColumnCount 1, StandardPropertyRow with PidTagObjectType 6 (MAPI_MAILUSER). 21 bytes.
    static let smtpRecipientRow = """
        1B 02 61 00 40 00 62 00 00 00 41 00 00 00 01 00 00 06 00 00 00
        """
    static let recipientColumns = [ropTagObjectType]

    static var smtpRecipient: RecipientRow {
        RecipientRow(
            flags: RecipientRow.Flags(rawValue: 0x021B), emailAddress: .unicode("a@b"), displayName: .unicode("A"),
            properties: PropertyRow(values: [.integer32(6)]))
    }

    @Test("RecipientRow: MS-OXCDATA 2.8.3.2 field order and flag-selected fields")
    func recipientRow() throws {
        var reader = ByteReader(hex(Self.smtpRecipientRow))
        let row = try RecipientRow.decode(columns: Self.recipientColumns, from: &reader)
        #expect(reader.isAtEnd)
        #expect(row == Self.smtpRecipient)
        #expect(row.flags.type == RecipientRow.AddressType.smtp)
        var encoded: [UInt8] = []
        row.encode(columns: Self.recipientColumns, into: &encoded)
        #expect(encoded == hex(Self.smtpRecipientRow))
        expectPrefixesThrow(hex(Self.smtpRecipientRow)) { reader throws(WireError) in
            _ = try RecipientRow.decode(columns: Self.recipientColumns, from: &reader)
        }

        // X500DN type with 8-bit strings: AddressPrefixUsed, DisplayType, X500DN, then D (8-bit); a
        // zero-column PropertyRow is still its Flag byte.
        let x500 = hex("11 00 02 00 2F 6F 00 58 00 00 00 00")
        var x500Reader = ByteReader(x500)
        let x500Row = try RecipientRow.decode(columns: [], from: &x500Reader)
        #expect(x500Row.x500 == .init(addressPrefixUsed: 2, displayType: 0, x500DN: Array("/o".utf8)))
        #expect(x500Row.displayName == .eightBit([0x58]))
        var x500Encoded: [UInt8] = []
        x500Row.encode(columns: [], into: &x500Encoded)
        #expect(x500Encoded == x500)

        // Personal distribution list (Type 6): EntryIdSize/EntryID, SearchKeySize/SearchKey.
        let list = hex("06 00 01 00 AA 02 00 BB CC 00 00 00")
        var listReader = ByteReader(list)
        let listRow = try RecipientRow.decode(columns: [], from: &listReader)
        #expect(listRow.distributionList == .init(entryID: [0xAA], searchKey: [0xBB, 0xCC]))

        // NoType with the O flag: AddressType string.
        let custom = hex("00 80 58 00 00 00 00")
        var customReader = ByteReader(custom)
        #expect(try RecipientRow.decode(columns: [], from: &customReader).addressType == [0x58])

        // RecipientColumnCount above the column list is malformed.
        var tooMany = ByteReader(hex("00 00 02 00 00 06 00 00 00"))
        #expect(throws: WireError.self) { try RecipientRow.decode(columns: Self.recipientColumns, from: &tooMany) }
    }

    @Test("RopOpenMessage: MS-OXCROPS 2.2.6.1")
    func openMessage() throws {
        let request = try expectRequestRoundTrip(RopOpenMessageRequest.self, "03 00 00 01 FF 0F \(fidHex(5)) 01 \(fidHex(0x9A))")
        #expect(request.codePageID == 0x0FFF && request.openModeFlags == 1 && request.messageID == makeFID(0x9A))
        let response = try expectResponseRoundTrip(RopOpenMessageResponse.self, """
            03 01 00 00 00 00          # RopId, OutputHandleIndex, ReturnValue
            00                         # HasNamedProperties
            00                         # SubjectPrefix: TypedString, no string
            04 48 00 69 00 00 00       # NormalizedSubject: TypedString UTF-16 "Hi"
            01 00                      # RecipientCount
            01 00 03 00 FE 0F          # ColumnCount 1, PidTagObjectType
            01                         # RowCount
            01 E4 04 00 00 15 00       # RecipientType To, CodePageId 1252, Reserved, RecipientRowSize 21
            \(Self.smtpRecipientRow)
            """.strippingComments)
        let success = try #require(response.outcome.successValue)
        #expect(success.subjectPrefix == .absent && success.normalizedSubject == .unicode("Hi"))
        #expect(success.recipientColumns == Self.recipientColumns)
        #expect(success.recipientRows == [OpenRecipientRow(recipientType: 1, codePageID: 1252, recipientRow: Self.smtpRecipient)])
        try expectResponseRoundTrip(RopOpenMessageResponse.self, "03 01 0F 01 04 80")
        // RecipientRowSize larger than the row: trailing bytes inside the row are malformed.
        var reader = ByteReader(hex("03 01 00 00 00 00 00 00 01 01 00 01 00 03 00 FE 0F 01 01 E4 04 00 00 16 00 \(Self.smtpRecipientRow) 00"))
        #expect(throws: WireError.self) { try RopOpenMessageResponse.decode(from: &reader) }
    }

    @Test("RopCreateMessage: MS-OXCROPS 2.2.6.2 (HasMessageId selects MessageId)")
    func createMessage() throws {
        let request = try expectRequestRoundTrip(RopCreateMessageRequest.self, "06 00 00 01 FF 0F \(fidHex(5)) 00")
        #expect(!request.associatedFlag)
        let withID = try expectResponseRoundTrip(RopCreateMessageResponse.self, "06 01 00 00 00 00 01 \(fidHex(0x9B))")
        #expect(withID.outcome == .success(.init(messageID: makeFID(0x9B))))
        let withoutID = try expectResponseRoundTrip(RopCreateMessageResponse.self, "06 01 00 00 00 00 00")
        #expect(withoutID.outcome == .success(.init(messageID: nil)))
        try expectResponseRoundTrip(RopCreateMessageResponse.self, "06 01 05 00 07 80")
    }

    @Test("RopSaveChangesMessage: MS-OXCROPS 2.2.6.3 (ResponseHandleIndex header)")
    func saveChanges() throws {
        let request = try expectRequestRoundTrip(RopSaveChangesMessageRequest.self, "0C 00 01 02 0A")
        #expect(request.responseHandleIndex == 1 && request.inputHandleIndex == 2 && request.saveFlags == 0x0A)
        let response = try expectResponseRoundTrip(RopSaveChangesMessageResponse.self, "0C 01 00 00 00 00 02 \(fidHex(0x9B))")
        #expect(response.outcome == .success(.init(inputHandleIndex: 2, messageID: makeFID(0x9B))))
        try expectResponseRoundTrip(RopSaveChangesMessageResponse.self, "0C 01 09 01 04 80")
    }

    @Test("Recipients: RopRemoveAllRecipients, RopModifyRecipients, RopReadRecipients (MS-OXCROPS 2.2.6.4–2.2.6.6)")
    func recipients() throws {
        try expectRequestRoundTrip(RopRemoveAllRecipientsRequest.self, "0D 00 02 00 00 00 00")
        try expectResponseRoundTrip(RopRemoveAllRecipientsResponse.self, "0D 02 00 00 00 00")

        let modify = try expectRequestRoundTrip(RopModifyRecipientsRequest.self, """
            0E 00 02                    # RopId, LogonId, InputHandleIndex
            01 00 03 00 FE 0F           # ColumnCount 1, PidTagObjectType
            02 00                       # RowCount 2
            00 00 00 00 01 15 00 \(Self.smtpRecipientRow)   # RowId 0, To, RecipientRowSize 21
            01 00 00 00 02 00 00        # RowId 1, Cc, RecipientRowSize 0: delete
            """.strippingComments)
        #expect(modify.recipientRows == [
            ModifyRecipientRow(rowID: 0, recipientType: 1, recipientRow: Self.smtpRecipient),
            ModifyRecipientRow(rowID: 1, recipientType: 2, recipientRow: nil),
        ])
        try expectResponseRoundTrip(RopModifyRecipientsResponse.self, "0E 02 00 00 00 00")

        let read = try expectRequestRoundTrip(RopReadRecipientsRequest.self, "0F 00 02 00 00 00 00 00 00")
        #expect(read.rowID == 0)
        let rows = try expectColumnResponseRoundTrip(RopReadRecipientsResponse.self, columns: Self.recipientColumns, """
            0F 02 00 00 00 00 01        # RowCount 1
            00 00 00 00 01 E4 04 00 00 15 00 \(Self.smtpRecipientRow)
            """.strippingComments)
        #expect(rows.outcome.successValue?.first?.recipientRow == Self.smtpRecipient)
        try expectColumnResponseRoundTrip(RopReadRecipientsResponse.self, columns: Self.recipientColumns, "0F 02 0F 01 04 80")
    }

    @Test("RopSetMessageReadFlag: MS-OXCROPS 2.2.6.11 (ClientData only for public logons)")
    func setMessageReadFlag() throws {
        let request = try expectRequestRoundTrip(RopSetMessageReadFlagRequest.self, "11 00 01 02 01")
        #expect(request.clientData == nil && request.readFlags == 0x01)
        let longTermID = "F0 E1 D2 C3 B4 A5 96 87 78 69 5A 4B 3C 2D 1E 0F 00 00 00 00 00 9A 00 00"
        var publicReader = ByteReader(hex("11 00 01 02 00 \(longTermID)"))
        let publicRequest = try RopSetMessageReadFlagRequest.decode(from: &publicReader, publicLogon: true)
        #expect(publicReader.isAtEnd && publicRequest.clientData?.globalCounter == 0x9A)
        var encoded: [UInt8] = []
        publicRequest.encode(into: &encoded)
        #expect(encoded == hex("11 00 01 02 00 \(longTermID)"))

        let privateResponse = try expectResponseRoundTrip(RopSetMessageReadFlagResponse.self, "11 01 00 00 00 00 00")
        #expect(privateResponse.outcome == .success(nil))
        let publicResponse = try expectResponseRoundTrip(RopSetMessageReadFlagResponse.self, "11 01 00 00 00 00 01 03 \(longTermID)")
        #expect(publicResponse.outcome.successValue??.logonID == 3)
        try expectResponseRoundTrip(RopSetMessageReadFlagResponse.self, "11 01 B9 04 00 00")
    }

    @Test("RopSetReadFlags and RopSubmitMessage: MS-OXCROPS 2.2.6.10, 2.2.7.1")
    func readFlagsAndSubmit() throws {
        let request = try expectRequestRoundTrip(RopSetReadFlagsRequest.self, "66 00 01 00 04 01 00 \(fidHex(0x9A))")
        #expect(request.readFlags == 0x04 && request.messageIDs == [makeFID(0x9A)])
        try expectResponseRoundTrip(RopSetReadFlagsResponse.self, "66 01 00 00 00 00 00")
        let submit = try expectRequestRoundTrip(RopSubmitMessageRequest.self, "32 00 02 00")
        #expect(submit.submitFlags == 0)
        try expectResponseRoundTrip(RopSubmitMessageResponse.self, "32 02 00 00 00 00")
    }
}
