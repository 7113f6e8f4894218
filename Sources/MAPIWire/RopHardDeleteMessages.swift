/// RopHardDeleteMessages (MS-OXCROPS 2.2.4.12, RopId 0x91): RopDeleteMessages with hard deletion, in
/// the same layouts (``DeleteMessagesRequestLayout``, ``PartialCompletionResponse``).
public enum RopHardDeleteMessages: RopIdentity {
    public static let ropID = RopID.hardDeleteMessages
}

/// RopHardDeleteMessages request (MS-OXCROPS 2.2.4.12.1).
public typealias RopHardDeleteMessagesRequest = DeleteMessagesRequestLayout<RopHardDeleteMessages>

/// RopHardDeleteMessages response (MS-OXCROPS 2.2.4.12.2): one layout whatever the ReturnValue.
public typealias RopHardDeleteMessagesResponse = PartialCompletionResponse<RopHardDeleteMessages>
