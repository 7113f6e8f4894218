import MAPIWire
import Testing

/// One ROP of a twin check: the RopId its bytes must start with, its encoding, and whether decoding
/// bytes gives the same value back.
private struct TwinSide {
    var ropID: RopID
    var bytes: [UInt8]
    var decodesBack: (inout ByteReader) throws(WireError) -> Bool

    init<R: RopRequestCodec>(request value: R) {
        var bytes: [UInt8] = []
        value.encode(into: &bytes)
        self.init(ropID: R.ropID, bytes: bytes) { reader throws(WireError) in try R.decode(from: &reader) == value }
    }

    init<R: RopResponseCodec>(response value: R) {
        var bytes: [UInt8] = []
        value.encode(into: &bytes)
        self.init(ropID: R.ropID, bytes: bytes) { reader throws(WireError) in try R.decode(from: &reader) == value }
    }

    init(ropID: RopID, bytes: [UInt8], decodesBack: @escaping (inout ByteReader) throws(WireError) -> Bool) {
        self.ropID = ropID
        self.bytes = bytes
        self.decodesBack = decodesBack
    }
}

private func expectTwins<A: RopRequestCodec, B: RopRequestCodec>(
    _ a: A, _ b: B, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    try expectTwins(TwinSide(request: a), TwinSide(request: b), sourceLocation: sourceLocation)
}

private func expectTwins<A: RopResponseCodec, B: RopResponseCodec>(
    _ a: A, _ b: B, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    try expectTwins(TwinSide(response: a), TwinSide(response: b), sourceLocation: sourceLocation)
}

/// Checks that two ROPs folded onto one layout give the same bytes for the same field values, but for
/// the RopId byte (always the first byte of a ROP request or response buffer, MS-OXCROPS 2.2.1), and
/// that each decodes its own bytes back and refuses its twin's.
private func expectTwins(_ a: TwinSide, _ b: TwinSide, sourceLocation: SourceLocation) throws {
    #expect(a.ropID != b.ropID, sourceLocation: sourceLocation)
    let aFirst = try #require(a.bytes.first, sourceLocation: sourceLocation)
    let bFirst = try #require(b.bytes.first, sourceLocation: sourceLocation)
    #expect(aFirst == a.ropID.rawValue && bFirst == b.ropID.rawValue, sourceLocation: sourceLocation)
    #expect(hexString(Array(a.bytes.dropFirst())) == hexString(Array(b.bytes.dropFirst())), sourceLocation: sourceLocation)
    var aReader = ByteReader(a.bytes), bReader = ByteReader(b.bytes)
    #expect(try a.decodesBack(&aReader), sourceLocation: sourceLocation)
    #expect(try b.decodesBack(&bReader), sourceLocation: sourceLocation)
    #expect(aReader.isAtEnd && bReader.isAtEnd, sourceLocation: sourceLocation)
    var crossed = ByteReader(b.bytes)
    #expect(throws: WireError.self, sourceLocation: sourceLocation) { _ = try a.decodesBack(&crossed) }
}

@Suite("ROPs that share a wire layout differ only in the RopId byte")
struct SharedLayoutTests {
    @Test("RopDeleteMessages and RopHardDeleteMessages: MS-OXCROPS 2.2.4.11, 2.2.4.12")
    func deleteMessages() throws {
        let ids = [makeFID(0x30), makeFID(0x31)]
        try expectTwins(
            RopDeleteMessagesRequest(logonID: 2, inputHandleIndex: 3, wantAsynchronous: true, notifyNonRead: false, messageIDs: ids),
            RopHardDeleteMessagesRequest(logonID: 2, inputHandleIndex: 3, wantAsynchronous: true, notifyNonRead: false, messageIDs: ids))
        try expectTwins(
            RopDeleteMessagesResponse(inputHandleIndex: 3, returnValue: .success, partialCompletion: true),
            RopHardDeleteMessagesResponse(inputHandleIndex: 3, returnValue: .success, partialCompletion: true))
    }

    @Test("RopEmptyFolder and RopHardDeleteMessagesAndSubfolders: MS-OXCROPS 2.2.4.9, 2.2.4.10")
    func emptyFolder() throws {
        try expectTwins(
            RopEmptyFolderRequest(logonID: 1, inputHandleIndex: 4, wantAsynchronous: false, wantDeleteAssociated: true),
            RopHardDeleteMessagesAndSubfoldersRequest(logonID: 1, inputHandleIndex: 4, wantAsynchronous: false, wantDeleteAssociated: true))
        try expectTwins(
            RopEmptyFolderResponse(inputHandleIndex: 4, returnValue: ErrorCode(0x8004_0102), partialCompletion: false),
            RopHardDeleteMessagesAndSubfoldersResponse(inputHandleIndex: 4, returnValue: ErrorCode(0x8004_0102), partialCompletion: false))
    }

    @Test("RopDeleteProperties and RopDeletePropertiesNoReplicate: MS-OXCROPS 2.2.8.8, 2.2.8.9")
    func deleteProperties() throws {
        let tags = [PropertyTag(0x0037_001F), PropertyTag(0x0E07_0003)]
        try expectTwins(
            RopDeletePropertiesRequest(logonID: 0, inputHandleIndex: 1, propertyTags: tags),
            RopDeletePropertiesNoReplicateRequest(logonID: 0, inputHandleIndex: 1, propertyTags: tags))
        let problem = PropertyProblem(index: 1, propertyTag: PropertyTag(0x0E07_0003), errorCode: ErrorCode(0x8004_0102))
        try expectTwins(
            RopDeletePropertiesResponse(inputHandleIndex: 1, outcome: .success(.init(propertyProblems: [problem]))),
            RopDeletePropertiesNoReplicateResponse(inputHandleIndex: 1, outcome: .success(.init(propertyProblems: [problem]))))
        try expectTwins(
            RopDeletePropertiesResponse(inputHandleIndex: 1, outcome: .failure(ErrorCode(0x8004_0102))),
            RopDeletePropertiesNoReplicateResponse(inputHandleIndex: 1, outcome: .failure(ErrorCode(0x8004_0102))))
    }

    @Test("RopSetProperties and RopSetPropertiesNoReplicate: MS-OXCROPS 2.2.8.6, 2.2.8.7")
    func setProperties() throws {
        let values = [
            TaggedPropertyValue(tag: PropertyTag(0x0037_001F), value: .string("Hello")),
            TaggedPropertyValue(tag: PropertyTag(0x0E07_0003), value: .integer32(1)),
        ]
        try expectTwins(
            RopSetPropertiesRequest(logonID: 0, inputHandleIndex: 0, propertyValues: values),
            RopSetPropertiesNoReplicateRequest(logonID: 0, inputHandleIndex: 0, propertyValues: values))
        let problem = PropertyProblem(index: 0, propertyTag: PropertyTag(0x0037_001F), errorCode: ErrorCode(0x8004_0102))
        try expectTwins(
            RopSetPropertiesResponse(inputHandleIndex: 0, outcome: .success(.init(propertyProblems: [problem]))),
            RopSetPropertiesNoReplicateResponse(inputHandleIndex: 0, outcome: .success(.init(propertyProblems: [problem]))))
    }

    @Test("RopWriteStream and RopWriteStreamExtended requests: MS-OXCROPS 2.2.9.3.1, 2.2.9.4.1")
    func writeStream() throws {
        try expectTwins(
            RopWriteStreamRequest(logonID: 0, inputHandleIndex: 2, data: [0x48, 0x69, 0x00]),
            RopWriteStreamExtendedRequest(logonID: 0, inputHandleIndex: 2, data: [0x48, 0x69, 0x00]))
    }

    @Test("RopWriteStream and RopWriteStreamExtended responses keep their own layouts: WrittenSize is 2 bytes, then 4 (MS-OXCROPS 2.2.9.3.2, 2.2.9.4.2)")
    func writeStreamResponsesDiffer() {
        var short: [UInt8] = [], long: [UInt8] = []
        RopWriteStreamResponse(inputHandleIndex: 2, writtenSize: 3).encode(into: &short)
        RopWriteStreamExtendedResponse(inputHandleIndex: 2, writtenSize: 3).encode(into: &long)
        #expect(hexString(short) == hexString(hex("2D 02 00000000 0300")))
        #expect(hexString(long) == hexString(hex("A3 02 00000000 03000000")))
    }

    @Test("RopIdFromLongTermId and RopGetPerUserGuid requests: MS-OXCROPS 2.2.3.9.1, 2.2.3.11.1")
    func longTermIDRequests() throws {
        let guid = try #require(GUID(bytes: Array(1...16)))
        let longTermID = LongTermID(databaseGuid: guid, globalCounter: 0x42)
        try expectTwins(
            RopIdFromLongTermIdRequest(logonID: 0, inputHandleIndex: 0, longTermID: longTermID),
            RopGetPerUserGuidRequest(logonID: 0, inputHandleIndex: 0, longTermID: longTermID))
    }

    @Test("RopGetHierarchyTable and RopGetContentsTable: MS-OXCROPS 2.2.4.13, 2.2.4.14")
    func tables() throws {
        try expectTwins(
            RopGetHierarchyTableRequest(logonID: 0, inputHandleIndex: 1, outputHandleIndex: 2, tableFlags: 0x40),
            RopGetContentsTableRequest(logonID: 0, inputHandleIndex: 1, outputHandleIndex: 2, tableFlags: 0x40))
        try expectTwins(
            RopGetHierarchyTableResponse(outputHandleIndex: 2, outcome: .success(.init(rowCount: 7))),
            RopGetContentsTableResponse(outputHandleIndex: 2, outcome: .success(.init(rowCount: 7))))
        try expectTwins(
            RopGetHierarchyTableResponse(outputHandleIndex: 2, outcome: .failure(ErrorCode(0x8004_010F))),
            RopGetContentsTableResponse(outputHandleIndex: 2, outcome: .failure(ErrorCode(0x8004_010F))))
    }

    @Test("RopGetAttachmentTable's request is laid out like RopGetContentsTable's: MS-OXCROPS 2.2.6.17.1, 2.2.4.14.1")
    func attachmentTableRequest() throws {
        try expectTwins(
            RopGetAttachmentTableRequest(logonID: 0, inputHandleIndex: 1, outputHandleIndex: 2, tableFlags: 0x40),
            RopGetContentsTableRequest(logonID: 0, inputHandleIndex: 1, outputHandleIndex: 2, tableFlags: 0x40))
    }

    @Test("Every PartialCompletionResponse ROP: MS-OXCROPS 2.2.4.3.2, 2.2.4.9.2, 2.2.4.10.2, 2.2.4.11.2, 2.2.4.12.2, 2.2.6.10.2")
    func partialCompletionResponses() throws {
        let base = RopDeleteMessagesResponse(inputHandleIndex: 5, returnValue: ErrorCode(0x8004_0102), partialCompletion: true)
        try expectTwins(base, RopDeleteFolderResponse(inputHandleIndex: 5, returnValue: ErrorCode(0x8004_0102), partialCompletion: true))
        try expectTwins(base, RopSetReadFlagsResponse(inputHandleIndex: 5, returnValue: ErrorCode(0x8004_0102), partialCompletion: true))
        try expectTwins(base, RopEmptyFolderResponse(inputHandleIndex: 5, returnValue: ErrorCode(0x8004_0102), partialCompletion: true))
    }
}
