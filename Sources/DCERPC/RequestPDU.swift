import MAPIWire

/// request (PTYPE 0) (C706 12.6.4.9): one fragment of a call's input stub.
public struct RequestPDU: Sendable, Hashable {
    public static let fixedBodySize = 8

    public var flags: PFCFlags
    public var callID: UInt32
    public var allocHint: UInt32
    public var contextID: UInt16
    public var opnum: UInt16
    /// Present iff ``PFCFlags/objectUUID`` is set.
    public var object: GUID?
    public var stub: [UInt8]
    public var verifier: AuthVerifier?

    public init(flags: PFCFlags = .singleFragment, callID: UInt32, allocHint: UInt32 = 0, contextID: UInt16, opnum: UInt16,
                object: GUID? = nil, stub: [UInt8], verifier: AuthVerifier? = nil) {
        self.flags = flags
        self.callID = callID
        self.allocHint = allocHint
        self.contextID = contextID
        self.opnum = opnum
        self.object = object
        self.stub = stub
        self.verifier = verifier
    }

    public func encode() -> [UInt8] {
        var flags = flags
        if object != nil { flags.insert(.objectUUID) } else { flags.remove(.objectUUID) }
        return encodePDU(CommonHeader(packetType: .request, flags: flags, callID: callID), verifier: verifier) { buffer in
            buffer.appendUInt32(allocHint)
            buffer.appendUInt16(contextID)
            buffer.appendUInt16(opnum)
            object?.encode(into: &buffer)
            buffer.append(contentsOf: stub)
        }
    }

    static func decode(_ frame: FramedPDU) throws(WireError) -> RequestPDU {
        let hasObject = frame.header.flags.contains(.objectUUID)
        var reader = frame.bodyReader
        let allocHint = try reader.readUInt32("alloc_hint")
        let contextID = try reader.readUInt16("p_cont_id")
        let opnum = try reader.readUInt16("opnum")
        let object = hasObject ? try GUID.decode(from: &reader, "object") : nil
        return RequestPDU(flags: frame.header.flags, callID: frame.header.callID, allocHint: allocHint, contextID: contextID,
                          opnum: opnum, object: object, stub: reader.readRemaining(), verifier: frame.verifier)
    }
}
