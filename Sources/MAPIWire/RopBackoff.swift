/// RopBackoff response (MS-OXCROPS 2.2.15.2.1): tells a throttled client to wait.
///
/// RopId 0xF9, LogonId, Duration (u32 ms, the whole logon), BackoffRopCount, BackoffRopData
/// (BackoffRopCount × {RopIdBackoff, Duration u32}), AdditionalDataSize (u16), AdditionalData.
public struct RopBackoff: RopResponseCodec {
    public static let ropID = RopID.backoff

    public struct BackoffRop: Hashable, Sendable {
        public var ropID: RopID
        public var duration: UInt32
        public init(ropID: RopID, duration: UInt32) {
            self.ropID = ropID
            self.duration = duration
        }
    }

    public var logonID: UInt8
    public var duration: UInt32
    public var backoffRops: [BackoffRop]
    public var additionalData: [UInt8]

    public init(logonID: UInt8, duration: UInt32, backoffRops: [BackoffRop] = [], additionalData: [UInt8] = []) {
        self.logonID = logonID
        self.duration = duration
        self.backoffRops = backoffRops
        self.additionalData = additionalData
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.appendUInt32(duration)
        // BackoffRopCount is one byte: the count written and the entries written must agree.
        let ropCount = min(backoffRops.count, Int(UInt8.max))
        buffer.append(UInt8(ropCount))
        for rop in backoffRops.prefix(ropCount) {
            buffer.append(rop.ropID.rawValue)
            buffer.appendUInt32(rop.duration)
        }
        let count = min(additionalData.count, Int(UInt16.max))
        buffer.appendUInt16(UInt16(count))
        buffer.append(contentsOf: additionalData[0..<count])
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopBackoff {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let duration = try reader.readUInt32("Duration")
        let count = try reader.readUInt8("BackoffRopCount")
        var rops: [BackoffRop] = []
        for _ in 0..<count {
            let id = RopID(try reader.readUInt8("RopIdBackoff"))
            rops.append(BackoffRop(ropID: id, duration: try reader.readUInt32("Duration")))
        }
        let size = Int(try reader.readUInt16("AdditionalDataSize"))
        return RopBackoff(logonID: logonID, duration: duration, backoffRops: rops, additionalData: try reader.readBytes(size, "AdditionalData"))
    }
}
