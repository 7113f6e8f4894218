import MAPIWire

/// p_reject_reason_t (C706 12.6.3.1; MS-RPCE 2.2.2.5 adds values 8 and 9).
public enum BindRejectReason: UInt16, Sendable, Hashable {
    case notSpecified = 0
    case temporaryCongestion = 1
    case localLimitExceeded = 2
    case calledAddressUnknown = 3
    case protocolVersionNotSupported = 4
    case defaultContextNotSupported = 5
    case userDataNotReadable = 6
    case noPSAPAvailable = 7
    case authenticationTypeNotRecognized = 8
    case invalidChecksum = 9
}

/// bind_nak (PTYPE 13) (C706 12.6.4.5): the reason and the protocol versions the server speaks (5.0).
public struct BindNakPDU: Sendable, Hashable {
    public var callID: UInt32
    public var reason: BindRejectReason

    public init(callID: UInt32, reason: BindRejectReason) {
        self.callID = callID
        self.reason = reason
    }

    public func encode() -> [UInt8] {
        encodePDU(CommonHeader(packetType: .bindNak, flags: .singleFragment, callID: callID), verifier: nil) { buffer in
            buffer.appendUInt16(reason.rawValue)
            buffer.appendUInt8(1)      // n_protocols
            buffer.appendUInt8(5)      // rpc_vers
            buffer.appendUInt8(0)      // rpc_vers_minor
            buffer.append(contentsOf: [0, 0, 0]) // pad to a 4-byte multiple
        }
    }

    static func decode(_ frame: FramedPDU) throws(WireError) -> BindNakPDU {
        var reader = frame.bodyReader
        let raw = try reader.readUInt16("provider_reject_reason")
        guard let reason = BindRejectReason(rawValue: raw) else { throw reader.error("provider_reject_reason", .invalidValue(UInt64(raw))) }
        return BindNakPDU(callID: frame.header.callID, reason: reason)
    }
}
