import MAPIWire
import Testing

@Suite("Property ROP codecs (MS-OXCROPS 2.2.8) and PropertyProblem (MS-OXCDATA 2.7)")
struct PropertyRopTests {
    @Test("RopGetPropertiesSpecific: MS-OXCROPS 2.2.8.3, row over the requested tags")
    func getPropertiesSpecific() throws {
        let request = try expectRequestRoundTrip(RopGetPropertiesSpecificRequest.self, """
            07 00 01              # RopId, LogonId, InputHandleIndex
            00 00 01 00           # PropertySizeLimit 0, WantUnicode 1 (2 bytes)
            02 00 1F 00 37 00 03 00 07 0E   # PidTagSubject, PidTagMessageFlags
            """.strippingComments)
        let columns = request.propertyTags
        #expect(columns == [ropTagSubject, ropTagMessageFlags] && request.wantUnicode == 1)
        let standard = try expectColumnResponseRoundTrip(RopGetPropertiesSpecificResponse.self, columns: columns, """
            07 01 00 00 00 00 00 48 00 69 00 00 00 09 00 00 00
            """)
        #expect(standard.outcome == .success(PropertyRow(values: [.string("Hi"), .integer32(9)])))
        let flagged = try expectColumnResponseRoundTrip(RopGetPropertiesSpecificResponse.self, columns: columns, """
            07 01 00 00 00 00
            01                        # FlaggedPropertyRow
            00 48 00 69 00 00 00      # value
            0A 0F 01 04 80            # error NotFound
            """.strippingComments)
        #expect(flagged.outcome == .success(PropertyRow(cells: [.value(.string("Hi")), .error(.notFound)])))
        try expectColumnResponseRoundTrip(RopGetPropertiesSpecificResponse.self, columns: columns, "07 01 02 01 04 80")
    }

    @Test("RopGetPropertiesAll and RopGetPropertiesList: MS-OXCROPS 2.2.8.4, 2.2.8.5")
    func getAllAndList() throws {
        try expectRequestRoundTrip(RopGetPropertiesAllRequest.self, "08 00 01 00 00 01 00")
        let all = try expectResponseRoundTrip(RopGetPropertiesAllResponse.self, "08 01 00 00 00 00 01 00 03 00 07 0E 09 00 00 00")
        #expect(all.outcome.successValue?.propertyValues == [TaggedPropertyValue(tag: ropTagMessageFlags, value: .integer32(9))])
        try expectRequestRoundTrip(RopGetPropertiesListRequest.self, "09 00 01")
        let list = try expectResponseRoundTrip(RopGetPropertiesListResponse.self, "09 01 00 00 00 00 01 00 1F 00 37 00")
        #expect(list.outcome.successValue?.propertyTags == [ropTagSubject])
    }

    @Test("RopSetProperties and RopSetPropertiesNoReplicate: MS-OXCROPS 2.2.8.6, 2.2.8.7")
    func setProperties() throws {
        let request = try expectRequestRoundTrip(RopSetPropertiesRequest.self, """
            0A 00 01
            0C 00                             # PropertyValueSize 12 = count + tag + value
            01 00 1F 00 37 00 48 00 69 00 00 00   # PropertyValueCount 1, PidTagSubject "Hi"
            """.strippingComments)
        #expect(request.propertyValues == [TaggedPropertyValue(tag: ropTagSubject, value: .string("Hi"))])
        let problems = try expectResponseRoundTrip(RopSetPropertiesResponse.self, """
            0A 01 00 00 00 00
            01 00 00 00 03 00 07 0E 05 00 07 80   # one PropertyProblem: Index 0, PidTagMessageFlags, AccessDenied
            """.strippingComments)
        #expect(problems.outcome.successValue?.propertyProblems == [
            PropertyProblem(index: 0, propertyTag: ropTagMessageFlags, errorCode: .accessDenied),
        ])
        try expectRequestRoundTrip(RopSetPropertiesNoReplicateRequest.self, "79 00 01 0C 00 01 00 1F 00 37 00 48 00 69 00 00 00")
        try expectResponseRoundTrip(RopSetPropertiesNoReplicateResponse.self, "79 01 00 00 00 00 00 00")
        // PropertyValueSize that disagrees with the values is malformed, in both directions.
        var short = ByteReader(hex("0A 00 01 0B 00 01 00 1F 00 37 00 48 00 69 00 00 00"))
        #expect(throws: WireError.self) { try RopSetPropertiesRequest.decode(from: &short) }
        var long = ByteReader(hex("0A 00 01 0D 00 01 00 1F 00 37 00 48 00 69 00 00 00 00"))
        #expect(throws: WireError.self) { try RopSetPropertiesRequest.decode(from: &long) }
    }

    @Test("RopDeleteProperties and RopDeletePropertiesNoReplicate: MS-OXCROPS 2.2.8.8, 2.2.8.9")
    func deleteProperties() throws {
        let request = try expectRequestRoundTrip(RopDeletePropertiesRequest.self, "0B 00 01 01 00 1F 00 37 00")
        #expect(request.propertyTags == [ropTagSubject])
        try expectResponseRoundTrip(RopDeletePropertiesResponse.self, "0B 01 00 00 00 00 00 00")
        try expectResponseRoundTrip(RopDeletePropertiesResponse.self, "0B 01 02 01 04 80")
        try expectRequestRoundTrip(RopDeletePropertiesNoReplicateRequest.self, "7A 00 01 01 00 1F 00 37 00")
        try expectResponseRoundTrip(RopDeletePropertiesNoReplicateResponse.self, "7A 01 00 00 00 00 01 00 00 00 1F 00 37 00 0F 01 04 80")
    }
}
