/// RopDeleteMessages (MS-OXCROPS 2.2.4.11, RopId 0x1E): soft-deletes messages in a folder. Its layouts
/// are RopHardDeleteMessages' too (``DeleteMessagesRequestLayout``, ``PartialCompletionResponse``).
public enum RopDeleteMessages: RopIdentity {
    public static let ropID = RopID.deleteMessages
}

/// RopDeleteMessages request (MS-OXCROPS 2.2.4.11.1).
public typealias RopDeleteMessagesRequest = DeleteMessagesRequestLayout<RopDeleteMessages>

/// RopDeleteMessages response (MS-OXCROPS 2.2.4.11.2): one layout whatever the ReturnValue.
public typealias RopDeleteMessagesResponse = PartialCompletionResponse<RopDeleteMessages>
