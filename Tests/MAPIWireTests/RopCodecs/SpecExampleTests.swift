import MAPIWire
import Testing

/// Byte sequences printed in the Microsoft specifications' example sections, decoded and re-encoded
/// unchanged.
@Suite("Examples from the Microsoft specifications")
struct SpecExampleTests {
    @Test("MS-OXCFOLD 4.5.1: RopMoveFolder client request buffer (FolderId 0001-00000E8EDF36)")
    func moveFolderRequest() throws {
        let request = try expectRequestRoundTrip(RopMoveFolderRequest.self, """
            35 00 01 02 01 01 01 00 00 00 0E 8E DF 36 46 00
            6F 00 6C 00 64 00 65 00 72 00 31 00 00 00
            """)
        #expect(request.sourceHandleIndex == 1 && request.destHandleIndex == 2)
        #expect(request.wantAsynchronous && request.useUnicode)
        // The example writes the FID as ReplicaId-GlobalCounter: the counter bytes are big-endian.
        #expect(request.folderID == ObjectID(replicaID: 1, globalCounter: 0x0E8E_DF36))
        #expect(request.newFolderName == .unicode("Folder1"))
    }

    @Test("MS-OXCPRPT 4.x: RopSetProperties request setting PidTagSubjectPrefix and PidTagNormalizedSubject")
    func setPropertiesRequest() throws {
        let request = try expectRequestRoundTrip(RopSetPropertiesRequest.self, """
            0A 00 00 24 00 02 00 1F 00 3D 00 00 00 1F 00 1D
            0E 48 00 65 00 6C 00 6C 00 6F 00 20 00 57 00 6F
            00 72 00 6C 00 64 00 00 00
            """)
        #expect(request.propertyValues == [
            TaggedPropertyValue(tag: PropertyTag(0x003D_001F), value: .string("")),
            TaggedPropertyValue(tag: PropertyTag(0x0E1D_001F), value: .string("Hello World")),
        ])
    }

    @Test("MS-OXCTABL 4.5.3.1 and MS-OXORULE 4.2.2: RopQueryRows request, RopSetColumns response")
    func tableExamples() throws {
        let queryRows = try expectRequestRoundTrip(RopQueryRowsRequest.self, "15 00 00 00 01 32 00")
        #expect(queryRows.rowCount == 0x32)
        let setColumns = try expectResponseRoundTrip(RopSetColumnsResponse.self, "12 01 00 00 00 00 00")
        #expect(setColumns.outcome == .success(.init(tableStatus: 0)))
    }
}
