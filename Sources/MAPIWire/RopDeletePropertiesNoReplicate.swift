/// RopDeletePropertiesNoReplicate (MS-OXCROPS 2.2.8.9, RopId 0x7A): RopDeleteProperties without folder
/// replication, in the same layouts (``DeletePropertiesRequestLayout``, ``PropertyProblemsResponse``).
public enum RopDeletePropertiesNoReplicate: RopIdentity {
    public static let ropID = RopID.deletePropertiesNoReplicate
}

/// RopDeletePropertiesNoReplicate request (MS-OXCROPS 2.2.8.9.1).
public typealias RopDeletePropertiesNoReplicateRequest = DeletePropertiesRequestLayout<RopDeletePropertiesNoReplicate>

/// RopDeletePropertiesNoReplicate response (MS-OXCROPS 2.2.8.9.2, 2.2.8.9.3): the success fields follow
/// the header only when ReturnValue is zero; a failure response is the 6-byte header.
public typealias RopDeletePropertiesNoReplicateResponse = PropertyProblemsResponse<RopDeletePropertiesNoReplicate>
