import MAPIInspect
import MAPIWire
import Testing

/// `herald decode --json` of the ROPs that now share a codec, as it was before they shared one (captured
/// from the per-ROP codecs): folding twins onto one layout must not rename or reorder a field.
@Suite("herald decode --json of the ROPs with a shared layout")
struct SharedLayoutJSONTests {
    static let expected: [String: String] = [
        "RopDeleteMessages request": #"{"Direction":"request","RopsList":[{"RopId":"0x1E","Rop":"RopDeleteMessages","LogonId":0,"InputHandleIndex":0,"WantAsynchronous":false,"NotifyNonRead":true,"MessageIDs":["0x3000000000000001"]}]}"#,
        "RopHardDeleteMessages request": #"{"Direction":"request","RopsList":[{"RopId":"0x91","Rop":"RopHardDeleteMessages","LogonId":0,"InputHandleIndex":0,"WantAsynchronous":true,"NotifyNonRead":false,"MessageIDs":""}]}"#,
        "RopEmptyFolder request": #"{"Direction":"request","RopsList":[{"RopId":"0x58","Rop":"RopEmptyFolder","LogonId":0,"InputHandleIndex":0,"WantAsynchronous":false,"WantDeleteAssociated":true}]}"#,
        "RopHardDeleteMessagesAndSubfolders request": #"{"Direction":"request","RopsList":[{"RopId":"0x92","Rop":"RopHardDeleteMessagesAndSubfolders","LogonId":0,"InputHandleIndex":0,"WantAsynchronous":true,"WantDeleteAssociated":false}]}"#,
        "RopDeleteProperties request": #"{"Direction":"request","RopsList":[{"RopId":"0x0B","Rop":"RopDeleteProperties","LogonId":0,"InputHandleIndex":1,"PropertyTags":["0x0037001F","0x0E070003"]}]}"#,
        "RopDeletePropertiesNoReplicate request": #"{"Direction":"request","RopsList":[{"RopId":"0x7A","Rop":"RopDeletePropertiesNoReplicate","LogonId":0,"InputHandleIndex":1,"PropertyTags":["0x0037001F"]}]}"#,
        "RopSetProperties request": #"{"Direction":"request","RopsList":[{"RopId":"0x0A","Rop":"RopSetProperties","LogonId":0,"InputHandleIndex":0,"PropertyValues":[{"Tag":"0x003D001F","Value":{"String":""}},{"Tag":"0x0E1D001F","Value":{"String":"Hello World"}}]}]}"#,
        "RopSetPropertiesNoReplicate request": #"{"Direction":"request","RopsList":[{"RopId":"0x79","Rop":"RopSetPropertiesNoReplicate","LogonId":0,"InputHandleIndex":0,"PropertyValues":[{"Tag":"0x0E070003","Value":{"Integer32":1}}]}]}"#,
        "RopWriteStream request": #"{"Direction":"request","RopsList":[{"RopId":"0x2D","Rop":"RopWriteStream","LogonId":0,"InputHandleIndex":1,"Data":"486900"}]}"#,
        "RopWriteStreamExtended request": #"{"Direction":"request","RopsList":[{"RopId":"0xA3","Rop":"RopWriteStreamExtended","LogonId":0,"InputHandleIndex":1,"Data":"4869"}]}"#,
        "RopIdFromLongTermId request": #"{"Direction":"request","RopsList":[{"RopId":"0x44","Rop":"RopIdFromLongTermId","LogonId":0,"InputHandleIndex":0,"LongTermId":{"DatabaseGuid":"04030201-0605-0807-090A-0B0C0D0E0F10","GlobalCounter":66,"Pad":0}}]}"#,
        "RopGetPerUserGuid request": #"{"Direction":"request","RopsList":[{"RopId":"0x61","Rop":"RopGetPerUserGuid","LogonId":0,"InputHandleIndex":0,"LongTermId":{"DatabaseGuid":"04030201-0605-0807-090A-0B0C0D0E0F10","GlobalCounter":66,"Pad":0}}]}"#,
        "RopDeleteFolder request": #"{"Direction":"request","RopsList":[{"RopId":"0x1D","Rop":"RopDeleteFolder","LogonId":0,"InputHandleIndex":0,"DeleteFolderFlags":5,"FolderId":"0x2000000000000001"}]}"#,
        "RopSetReadFlags request": #"{"Direction":"request","RopsList":[{"RopId":"0x66","Rop":"RopSetReadFlags","LogonId":0,"InputHandleIndex":0,"WantAsynchronous":false,"ReadFlags":4,"MessageIDs":["0x3000000000000001","0x3100000000000001"]}]}"#,
        "RopGetHierarchyTable request": #"{"Direction":"request","RopsList":[{"RopId":"0x04","Rop":"RopGetHierarchyTable","LogonId":0,"InputHandleIndex":0,"OutputHandleIndex":1,"TableFlags":4}]}"#,
        "RopGetContentsTable request": #"{"Direction":"request","RopsList":[{"RopId":"0x05","Rop":"RopGetContentsTable","LogonId":0,"InputHandleIndex":0,"OutputHandleIndex":1,"TableFlags":64}]}"#,
        "RopDeleteMessages response": #"{"Direction":"response","RopsList":[{"RopId":"0x1E","Rop":"RopDeleteMessages","InputHandleIndex":0,"ReturnValue":"0x00000000","PartialCompletion":true}]}"#,
        "RopHardDeleteMessages response": #"{"Direction":"response","RopsList":[{"RopId":"0x91","Rop":"RopHardDeleteMessages","InputHandleIndex":0,"ReturnValue":"0x00000000","PartialCompletion":false}]}"#,
        "RopEmptyFolder response": #"{"Direction":"response","RopsList":[{"RopId":"0x58","Rop":"RopEmptyFolder","InputHandleIndex":0,"ReturnValue":"0x00000000","PartialCompletion":false}]}"#,
        "RopHardDeleteMessagesAndSubfolders response": #"{"Direction":"response","RopsList":[{"RopId":"0x92","Rop":"RopHardDeleteMessagesAndSubfolders","InputHandleIndex":0,"ReturnValue":"0x80040102","PartialCompletion":false}]}"#,
        "RopDeleteProperties response": #"{"Direction":"response","RopsList":[{"RopId":"0x0B","Rop":"RopDeleteProperties","InputHandleIndex":1,"Outcome":{"Success":{"PropertyProblems":[{"Index":1,"PropertyTag":"0x0E070003","ErrorCode":"0x80040102"}]}}}]}"#,
        "RopDeletePropertiesNoReplicate response": #"{"Direction":"response","RopsList":[{"RopId":"0x7A","Rop":"RopDeletePropertiesNoReplicate","InputHandleIndex":1,"Outcome":{"Failure":"0x80040102"}}]}"#,
        "RopSetProperties response": #"{"Direction":"response","RopsList":[{"RopId":"0x0A","Rop":"RopSetProperties","InputHandleIndex":0,"Outcome":{"Success":{"PropertyProblems":""}}}]}"#,
        "RopSetPropertiesNoReplicate response": #"{"Direction":"response","RopsList":[{"RopId":"0x79","Rop":"RopSetPropertiesNoReplicate","InputHandleIndex":0,"Outcome":{"Success":{"PropertyProblems":[{"Index":0,"PropertyTag":"0x0037001F","ErrorCode":"0x80040102"}]}}}]}"#,
        "RopWriteStream response": #"{"Direction":"response","RopsList":[{"RopId":"0x2D","Rop":"RopWriteStream","InputHandleIndex":1,"ReturnValue":"0x00000000","WrittenSize":3}]}"#,
        "RopWriteStreamExtended response": #"{"Direction":"response","RopsList":[{"RopId":"0xA3","Rop":"RopWriteStreamExtended","InputHandleIndex":1,"ReturnValue":"0x00000000","WrittenSize":2}]}"#,
        "RopIdFromLongTermId response": #"{"Direction":"response","RopsList":[{"RopId":"0x44","Rop":"RopIdFromLongTermId","InputHandleIndex":0,"Outcome":{"Success":{"ObjectId":"0x4200000000000001"}}}]}"#,
        "RopGetPerUserGuid response": #"{"Direction":"response","RopsList":[{"RopId":"0x61","Rop":"RopGetPerUserGuid","InputHandleIndex":0,"Outcome":{"Success":{"DatabaseGuid":"04030201-0605-0807-090A-0B0C0D0E0F10"}}}]}"#,
        "RopDeleteFolder response": #"{"Direction":"response","RopsList":[{"RopId":"0x1D","Rop":"RopDeleteFolder","InputHandleIndex":0,"ReturnValue":"0x00000000","PartialCompletion":false}]}"#,
        "RopSetReadFlags response": #"{"Direction":"response","RopsList":[{"RopId":"0x66","Rop":"RopSetReadFlags","InputHandleIndex":0,"ReturnValue":"0x00000000","PartialCompletion":true}]}"#,
        "RopGetHierarchyTable response": #"{"Direction":"response","RopsList":[{"RopId":"0x04","Rop":"RopGetHierarchyTable","OutputHandleIndex":1,"Outcome":{"Success":{"RowCount":3}}}]}"#,
        "RopGetContentsTable response": #"{"Direction":"response","RopsList":[{"RopId":"0x05","Rop":"RopGetContentsTable","OutputHandleIndex":1,"Outcome":{"Failure":"0x80040102"}}]}"#,
    ]

    @Test("each sample decodes to its pinned JSON", arguments: FoldedRopSamples.all.map(\.name))
    func pinnedJSON(_ name: String) throws {
        let sample = try #require(FoldedRopSamples.all.first { $0.name == name })
        let bytes = try HexInput.parse(sample.hex)
        let json = try Inspector.inspect(bytes, input: .ropsList, direction: sample.direction).json.serialized(pretty: false)
        #expect(json == Self.expected[name])
    }
}
