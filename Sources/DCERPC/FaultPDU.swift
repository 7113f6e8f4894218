import MAPIWire

/// fault (PTYPE 3) (C706 12.6.4.7; MS-RPCE 2.2.2.11 names the byte after cancel_count "reserved").
public struct FaultPDU: Sendable, Hashable {
    public static let fixedBodySize = 16

    public var flags: PFCFlags
    public var callID: UInt32
    public var contextID: UInt16
    public var cancelCount: UInt8
    public var status: FaultStatus

    public init(flags: PFCFlags = .singleFragment, callID: UInt32, contextID: UInt16 = 0, cancelCount: UInt8 = 0, status: FaultStatus) {
        self.flags = flags
        self.callID = callID
        self.contextID = contextID
        self.cancelCount = cancelCount
        self.status = status
    }

    public func encode() -> [UInt8] {
        encodePDU(CommonHeader(packetType: .fault, flags: flags, callID: callID), verifier: nil) { buffer in
            buffer.appendUInt32(0) // alloc_hint
            buffer.appendUInt16(contextID)
            buffer.appendUInt8(cancelCount)
            buffer.appendUInt8(0)
            buffer.appendUInt32(status.rawValue)
            buffer.appendUInt32(0) // reserved
        }
    }

    static func decode(_ frame: FramedPDU) throws(WireError) -> FaultPDU {
        var reader = frame.bodyReader
        _ = try reader.readUInt32("alloc_hint")
        let contextID = try reader.readUInt16("p_cont_id")
        let cancelCount = try reader.readUInt8("cancel_count")
        try reader.skip(1, "reserved")
        let status = FaultStatus(try reader.readUInt32("status"))
        return FaultPDU(flags: frame.header.flags, callID: frame.header.callID, contextID: contextID, cancelCount: cancelCount, status: status)
    }
}
