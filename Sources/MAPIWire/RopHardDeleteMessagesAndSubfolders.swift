/// RopHardDeleteMessagesAndSubfolders (MS-OXCROPS 2.2.4.10, RopId 0x92): RopEmptyFolder with hard
/// deletion, in the same layouts (``EmptyFolderRequestLayout``, ``PartialCompletionResponse``).
public enum RopHardDeleteMessagesAndSubfolders: RopIdentity {
    public static let ropID = RopID.hardDeleteMessagesAndSubfolders
}

/// RopHardDeleteMessagesAndSubfolders request (MS-OXCROPS 2.2.4.10.1).
public typealias RopHardDeleteMessagesAndSubfoldersRequest = EmptyFolderRequestLayout<RopHardDeleteMessagesAndSubfolders>

/// RopHardDeleteMessagesAndSubfolders response (MS-OXCROPS 2.2.4.10.2): one layout whatever the ReturnValue.
public typealias RopHardDeleteMessagesAndSubfoldersResponse = PartialCompletionResponse<RopHardDeleteMessagesAndSubfolders>
