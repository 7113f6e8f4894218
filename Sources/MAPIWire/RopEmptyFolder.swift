/// RopEmptyFolder (MS-OXCROPS 2.2.4.9, RopId 0x58): soft-deletes a folder's messages and subfolders.
/// Its layouts are RopHardDeleteMessagesAndSubfolders' too (``EmptyFolderRequestLayout``,
/// ``PartialCompletionResponse``).
public enum RopEmptyFolder: RopIdentity {
    public static let ropID = RopID.emptyFolder
}

/// RopEmptyFolder request (MS-OXCROPS 2.2.4.9.1).
public typealias RopEmptyFolderRequest = EmptyFolderRequestLayout<RopEmptyFolder>

/// RopEmptyFolder response (MS-OXCROPS 2.2.4.9.2): one layout whatever the ReturnValue.
public typealias RopEmptyFolderResponse = PartialCompletionResponse<RopEmptyFolder>
