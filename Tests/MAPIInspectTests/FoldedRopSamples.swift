import MAPIInspect

/// One request and one response of every ROP whose codec is a shared layout (MS-OXCROPS 2.2.3.9,
/// 2.2.3.11, 2.2.4.3, 2.2.4.9–2.2.4.14, 2.2.6.10, 2.2.8.6–2.2.8.9, 2.2.9.3, 2.2.9.4), each as a
/// one-ROP RopsList.
enum FoldedRopSamples {
    static let lti = "01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 00 00 00 00 00 42 00 00"
    static let all: [(name: String, direction: Inspector.Direction, hex: String)] = [
        ("RopDeleteMessages request", .request, "1E 00 00 00 01 01 00 01 00 00 00 00 00 00 30"),
        ("RopHardDeleteMessages request", .request, "91 00 00 01 00 00 00"),
        ("RopEmptyFolder request", .request, "58 00 00 00 01"),
        ("RopHardDeleteMessagesAndSubfolders request", .request, "92 00 00 01 00"),
        ("RopDeleteProperties request", .request, "0B 00 01 02 00 1F 00 37 00 03 00 07 0E"),
        ("RopDeletePropertiesNoReplicate request", .request, "7A 00 01 01 00 1F 00 37 00"),
        ("RopSetProperties request", .request, "0A 00 00 24 00 02 00 1F 00 3D 00 00 00 1F 00 1D 0E 48 00 65 00 6C 00 6C 00 6F 00 20 00 57 00 6F 00 72 00 6C 00 64 00 00 00"),
        ("RopSetPropertiesNoReplicate request", .request, "79 00 00 0A 00 01 00 03 00 07 0E 01 00 00 00"),
        ("RopWriteStream request", .request, "2D 00 01 03 00 48 69 00"),
        ("RopWriteStreamExtended request", .request, "A3 00 01 02 00 48 69"),
        ("RopIdFromLongTermId request", .request, "44 00 00 " + lti),
        ("RopGetPerUserGuid request", .request, "61 00 00 " + lti),
        ("RopDeleteFolder request", .request, "1D 00 00 05 01 00 00 00 00 00 00 20"),
        ("RopSetReadFlags request", .request, "66 00 00 00 04 02 00 01 00 00 00 00 00 00 30 01 00 00 00 00 00 00 31"),
        ("RopGetHierarchyTable request", .request, "04 00 00 01 04"),
        ("RopGetContentsTable request", .request, "05 00 00 01 40"),
        ("RopDeleteMessages response", .response, "1E 00 00 00 00 00 01"),
        ("RopHardDeleteMessages response", .response, "91 00 00 00 00 00 00"),
        ("RopEmptyFolder response", .response, "58 00 00 00 00 00 00"),
        ("RopHardDeleteMessagesAndSubfolders response", .response, "92 00 02 01 04 80 00"),
        ("RopDeleteProperties response", .response, "0B 01 00 00 00 00 01 00 01 00 03 00 07 0E 02 01 04 80"),
        ("RopDeletePropertiesNoReplicate response", .response, "7A 01 02 01 04 80"),
        ("RopSetProperties response", .response, "0A 00 00 00 00 00 00 00"),
        ("RopSetPropertiesNoReplicate response", .response, "79 00 00 00 00 00 01 00 00 00 1F 00 37 00 02 01 04 80"),
        ("RopWriteStream response", .response, "2D 01 00 00 00 00 03 00"),
        ("RopWriteStreamExtended response", .response, "A3 01 00 00 00 00 02 00 00 00"),
        ("RopIdFromLongTermId response", .response, "44 00 00 00 00 00 01 00 00 00 00 00 00 42"),
        ("RopGetPerUserGuid response", .response, "61 00 00 00 00 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10"),
        ("RopDeleteFolder response", .response, "1D 00 00 00 00 00 00"),
        ("RopSetReadFlags response", .response, "66 00 00 00 00 00 01"),
        ("RopGetHierarchyTable response", .response, "04 01 00 00 00 00 03 00 00 00"),
        ("RopGetContentsTable response", .response, "05 01 02 01 04 80"),
    ]
}
