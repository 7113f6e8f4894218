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
