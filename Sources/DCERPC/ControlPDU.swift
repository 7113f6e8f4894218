import MAPIWire

/// co_cancel (PTYPE 18), orphaned (PTYPE 19) and shutdown (PTYPE 17): a common header and at most a
/// verifier (C706 12.6.4.6, 12.6.4.8, 12.6.4.11).
public struct ControlPDU: Sendable, Hashable {
    public var packetType: RPCPacketType
    public var flags: PFCFlags
    public var callID: UInt32
    public var verifier: AuthVerifier?

    public init(packetType: RPCPacketType, flags: PFCFlags = .singleFragment, callID: UInt32, verifier: AuthVerifier? = nil) {
        self.packetType = packetType
        self.flags = flags
        self.callID = callID
        self.verifier = verifier
    }

    public func encode() -> [UInt8] {
        encodePDU(CommonHeader(packetType: packetType, flags: flags, callID: callID), verifier: verifier) { _ in }
    }
}
