/// One ROP, named by its RopId (MS-OXCROPS 2.2.2), for a layout that several ROPs share.
///
/// When MS-OXCROPS gives two ROPs the same fields in the same order, one generic layout encodes and
/// decodes them all, and each ROP's own file declares a caseless enum conforming to this protocol plus
/// typealiases that name its request and response. The enum is never instantiated: it only carries the
/// RopId, so the twins stay distinct types.
public protocol RopIdentity: Sendable {
    static var ropID: RopID { get }
}
