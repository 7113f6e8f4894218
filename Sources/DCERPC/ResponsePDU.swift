import MAPIWire

/// response (PTYPE 2) (C706 12.6.4.10): one fragment of a call's output stub.
public struct ResponsePDU: Sendable, Hashable {
    public static let fixedBodySize = 8

    public var flags: PFCFlags
    public var callID: UInt32
    public var allocHint: UInt32
    public var contextID: UInt16
    public var cancelCount: UInt8
    public var stub: [UInt8]
    public var verifier: AuthVerifier?

    public init(flags: PFCFlags = .singleFragment, callID: UInt32, allocHint: UInt32 = 0, contextID: UInt16,
                cancelCount: UInt8 = 0, stub: [UInt8], verifier: AuthVerifier? = nil) {
        self.flags = flags
        self.callID = callID
        self.allocHint = allocHint
        self.contextID = contextID
        self.cancelCount = cancelCount
        self.stub = stub
        self.verifier = verifier
    }

    public func encode() -> [UInt8] {
        encodePDU(CommonHeader(packetType: .response, flags: flags, callID: callID), verifier: verifier) { buffer in
            buffer.appendUInt32(allocHint)
            buffer.appendUInt16(contextID)
            buffer.appendUInt8(cancelCount)
            buffer.appendUInt8(0)
            buffer.append(contentsOf: stub)
        }
    }

    static func decode(_ frame: FramedPDU) throws(WireError) -> ResponsePDU {
        var reader = frame.bodyReader
        let allocHint = try reader.readUInt32("alloc_hint")
        let contextID = try reader.readUInt16("p_cont_id")
        let cancelCount = try reader.readUInt8("cancel_count")
        try reader.skip(1, "reserved")
        return ResponsePDU(flags: frame.header.flags, callID: frame.header.callID, allocHint: allocHint, contextID: contextID,
                           cancelCount: cancelCount, stub: reader.readRemaining(), verifier: frame.verifier)
    }
}
