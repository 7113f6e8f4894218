/// A ROP response whose rows are PropertyRows over columns that the response does not carry: the
/// table's last RopSetColumns (RopQueryRows, RopFindRow, RopExpandRow), the request's PropertyTags
/// (RopGetPropertiesSpecific) or the Message object's recipient columns (RopReadRecipients).
///
/// The columns are kept in the value so that it encodes on its own; they are not written.
public protocol RopColumnDependentResponseCodec: Hashable, Sendable {
    static var ropID: RopID { get }
    var columns: [PropertyTag] { get }
    func encode(into buffer: inout [UInt8])
    /// Reads the response; the reader stands on its RopId byte.
    static func decode(from reader: inout ByteReader, columns: [PropertyTag]) throws(WireError) -> Self
}
