/// RopDeleteProperties (MS-OXCROPS 2.2.8.8, RopId 0x0B): deletes property values from an object. Its
/// layouts are RopDeletePropertiesNoReplicate's too (``DeletePropertiesRequestLayout``,
/// ``PropertyProblemsResponse``).
public enum RopDeleteProperties: RopIdentity {
    public static let ropID = RopID.deleteProperties
}

/// RopDeleteProperties request (MS-OXCROPS 2.2.8.8.1).
public typealias RopDeletePropertiesRequest = DeletePropertiesRequestLayout<RopDeleteProperties>

/// RopDeleteProperties response (MS-OXCROPS 2.2.8.8.2, 2.2.8.8.3): the success fields follow the header
/// only when ReturnValue is zero; a failure response is the 6-byte header.
public typealias RopDeletePropertiesResponse = PropertyProblemsResponse<RopDeleteProperties>
