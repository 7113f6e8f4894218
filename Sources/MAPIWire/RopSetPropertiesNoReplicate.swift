/// RopSetPropertiesNoReplicate (MS-OXCROPS 2.2.8.7, RopId 0x79): RopSetProperties without folder
/// replication, in the same layouts (``SetPropertiesRequestLayout``, ``PropertyProblemsResponse``).
public enum RopSetPropertiesNoReplicate: RopIdentity {
    public static let ropID = RopID.setPropertiesNoReplicate
}

/// RopSetPropertiesNoReplicate request (MS-OXCROPS 2.2.8.7.1).
public typealias RopSetPropertiesNoReplicateRequest = SetPropertiesRequestLayout<RopSetPropertiesNoReplicate>

/// RopSetPropertiesNoReplicate response (MS-OXCROPS 2.2.8.7.2, 2.2.8.7.3): the success fields follow the
/// header only when ReturnValue is zero; a failure response is the 6-byte header.
public typealias RopSetPropertiesNoReplicateResponse = PropertyProblemsResponse<RopSetPropertiesNoReplicate>
