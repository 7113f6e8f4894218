/// A Folder ID or Message ID (MS-OXCDATA 2.2.1.1, 2.2.1.2): a 16-bit ReplicaId followed by a 48-bit
/// GlobalCounter.
///
/// On the wire the ReplicaId is little-endian and the 6-byte GlobalCounter is big-endian (most
/// significant byte first), as in the GLOBCNT of MS-OXCFXICS 2.2.2.5: replica 1, counter 5 is
/// `01 00 00 00 00 00 00 05` (protocol-reference §10 Q2, rop-reference §3.7).
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var replicaID: UInt16
    /// The 48-bit global counter (the upper 16 bits are always zero).
    public var globalCounter: UInt64

    public static let zero = ObjectID(replicaID: 0, globalCounter: 0)
    public static let maxGlobalCounter: UInt64 = (1 << 48) - 1

    public init(replicaID: UInt16, globalCounter: UInt64) {
        self.replicaID = replicaID
        self.globalCounter = globalCounter & ObjectID.maxGlobalCounter
    }

    /// The 8 bytes read as one little-endian u64 (how many implementations store FIDs/MIDs).
    public init(wireValue: UInt64) {
        replicaID = UInt16(truncatingIfNeeded: wireValue)
        globalCounter = (wireValue & ~0xFFFF).byteSwapped
    }

    /// The 8 wire bytes read as one little-endian u64.
    public var wireValue: UInt64 { UInt64(replicaID) | globalCounter.byteSwapped }

    public var isZero: Bool { replicaID == 0 && globalCounter == 0 }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.replicaID, lhs.globalCounter) < (rhs.replicaID, rhs.globalCounter)
    }

    /// `0x`-prefixed hex of the wire bytes as a little-endian u64, e.g. `0x0500000000000001`.
    public var description: String {
        "0x" + String(wireValue, radix: 16, uppercase: true).leftPadded(to: 16)
    }
}

public typealias FolderID = ObjectID
public typealias MessageID = ObjectID

extension ObjectID {
    /// MS-OXCDATA 2.2.1.1: 8 bytes, ReplicaId (LE) then GlobalCounter (BE).
    @inline(__always)
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt64(wireValue)
    }

    @inline(__always)
    public static func decode(from reader: inout ByteReader, _ field: String) throws(WireError) -> ObjectID {
        ObjectID(wireValue: try reader.readUInt64(field))
    }
}
