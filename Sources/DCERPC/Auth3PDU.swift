import MAPIWire

/// rpc_auth_3 (PTYPE 16) (MS-RPCE 2.2.2.10): the client's third authentication leg, after bind_ack.
/// Four bytes of padding precede the verifier.
public struct Auth3PDU: Sendable, Hashable {
    public var callID: UInt32
    public var verifier: AuthVerifier

    public init(callID: UInt32, verifier: AuthVerifier) {
        self.callID = callID
        self.verifier = verifier
    }

    public func encode() -> [UInt8] {
        encodePDU(CommonHeader(packetType: .auth3, flags: .singleFragment, callID: callID), verifier: verifier) { buffer in
            buffer.appendUInt32(0)
        }
    }

    static func decode(_ frame: FramedPDU) throws(WireError) -> Auth3PDU {
        guard let verifier = frame.verifier else {
            throw WireError(offset: 10, field: "auth_length", kind: .invalidValue(0))
        }
        return Auth3PDU(callID: frame.header.callID, verifier: verifier)
    }
}

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
