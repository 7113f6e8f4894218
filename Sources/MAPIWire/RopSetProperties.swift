/// RopSetProperties (MS-OXCROPS 2.2.8.6, RopId 0x0A): sets property values on an object. Its layouts
/// are RopSetPropertiesNoReplicate's too (``SetPropertiesRequestLayout``, ``PropertyProblemsResponse``).
public enum RopSetProperties: RopIdentity {
    public static let ropID = RopID.setProperties
}

/// RopSetProperties request (MS-OXCROPS 2.2.8.6.1).
public typealias RopSetPropertiesRequest = SetPropertiesRequestLayout<RopSetProperties>

/// RopSetProperties response (MS-OXCROPS 2.2.8.6.2, 2.2.8.6.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public typealias RopSetPropertiesResponse = PropertyProblemsResponse<RopSetProperties>
