import MAPIWire

/// Any connection-oriented PDU (C706 12.6.4).
public enum PDU: Sendable, Hashable {
    case bind(BindPDU)
    case bindAck(BindAckPDU)
    case bindNak(BindNakPDU)
    case request(RequestPDU)
    case response(ResponsePDU)
    case fault(FaultPDU)
    case auth3(Auth3PDU)
    /// co_cancel, orphaned, shutdown.
    case control(ControlPDU)

    /// Decodes exactly one PDU; `bytes.count` must equal its frag_length.
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> PDU {
        var peek = ByteReader(bytes)
        let header = try CommonHeader.decode(from: &peek)
        switch header.packetType {
        case .bind, .alterContext:
            return .bind(try BindPDU.decode(FramedPDU(bytes, minimumBody: 12)))
        case .bindAck, .alterContextResponse:
            return .bindAck(try BindAckPDU.decode(FramedPDU(bytes, minimumBody: 10)))
        case .bindNak:
            return .bindNak(try BindNakPDU.decode(FramedPDU(bytes, minimumBody: 2)))
        case .request:
            let minimum = RequestPDU.fixedBodySize + (header.flags.contains(.objectUUID) ? 16 : 0)
            return .request(try RequestPDU.decode(FramedPDU(bytes, minimumBody: minimum)))
        case .response:
            return .response(try ResponsePDU.decode(FramedPDU(bytes, minimumBody: ResponsePDU.fixedBodySize)))
        case .fault:
            return .fault(try FaultPDU.decode(FramedPDU(bytes, minimumBody: FaultPDU.fixedBodySize)))
        case .auth3:
            return .auth3(try Auth3PDU.decode(FramedPDU(bytes, minimumBody: 4)))
        case .shutdown, .coCancel, .orphaned:
            let frame = try FramedPDU(bytes, minimumBody: 0)
            return .control(ControlPDU(packetType: header.packetType, flags: header.flags, callID: header.callID, verifier: frame.verifier))
        default:
            throw WireError(offset: 2, field: "PTYPE", kind: .invalidValue(UInt64(header.packetType.rawValue)))
        }
    }

    public func encode() -> [UInt8] {
        switch self {
        case let .bind(pdu): pdu.encode()
        case let .bindAck(pdu): pdu.encode()
        case let .bindNak(pdu): pdu.encode()
        case let .request(pdu): pdu.encode()
        case let .response(pdu): pdu.encode()
        case let .fault(pdu): pdu.encode()
        case let .auth3(pdu): pdu.encode()
        case let .control(pdu): pdu.encode()
        }
    }
}
