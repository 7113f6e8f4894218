import MAPIWire

/// p_cont_def_result_t (C706 12.6.3.1; MS-RPCE 2.2.2.4 adds negotiate_ack).
public enum PresentationResult: UInt16, Sendable, Hashable {
    case acceptance = 0
    case userRejection = 1
    case providerRejection = 2
    /// MS-RPCE 2.2.2.4: answer to a bind time feature negotiation context; the reason field carries
    /// the ``BindTimeFeatures`` the server supports.
    case negotiateAck = 3
}

/// p_provider_reason_t (C706 12.6.3.1).
public enum ProviderReason: UInt16, Sendable, Hashable {
    case notSpecified = 0
    case abstractSyntaxNotSupported = 1
    case proposedTransferSyntaxesNotSupported = 2
    case localLimitExceeded = 3
}

/// One p_result_t.
public struct PresentationContextResult: Sendable, Hashable {
    public var result: PresentationResult
    /// A ``ProviderReason`` raw value, or the ``BindTimeFeatures`` bitmask for negotiate_ack.
    public var reason: UInt16
    public var transferSyntax: SyntaxIdentifier

    public init(result: PresentationResult, reason: UInt16, transferSyntax: SyntaxIdentifier) {
        self.result = result
        self.reason = reason
        self.transferSyntax = transferSyntax
    }

    public static func accepted(_ syntax: SyntaxIdentifier) -> Self { .init(result: .acceptance, reason: 0, transferSyntax: syntax) }
    public static func rejected(_ reason: ProviderReason) -> Self { .init(result: .providerRejection, reason: reason.rawValue, transferSyntax: .zero) }
}

/// bind_ack (PTYPE 12) and alter_context_resp (PTYPE 15) (C706 12.6.4.4, 12.6.4.2).
public struct BindAckPDU: Sendable, Hashable {
    public var isAlterContextResponse: Bool
    public var flags: PFCFlags
    public var callID: UInt32
    public var maxTransmitFragment: UInt16
    public var maxReceiveFragment: UInt16
    public var associationGroupID: UInt32
    /// port_any_t sec_addr: the server's port as an ASCII string without its terminator (empty on
    /// alter_context_resp, where the length is 0 and no terminator is sent).
    public var secondaryAddress: String
    public var results: [PresentationContextResult]
    public var verifier: AuthVerifier?

    public init(isAlterContextResponse: Bool = false, flags: PFCFlags = .singleFragment, callID: UInt32,
                maxTransmitFragment: UInt16, maxReceiveFragment: UInt16, associationGroupID: UInt32,
                secondaryAddress: String, results: [PresentationContextResult], verifier: AuthVerifier? = nil) {
        self.isAlterContextResponse = isAlterContextResponse
        self.flags = flags
        self.callID = callID
        self.maxTransmitFragment = maxTransmitFragment
        self.maxReceiveFragment = maxReceiveFragment
        self.associationGroupID = associationGroupID
        self.secondaryAddress = secondaryAddress
        self.results = results
        self.verifier = verifier
    }

    public func encode() -> [UInt8] {
        let header = CommonHeader(packetType: isAlterContextResponse ? .alterContextResponse : .bindAck, flags: flags, callID: callID)
        return encodePDU(header, verifier: verifier) { buffer in
            buffer.appendUInt16(maxTransmitFragment)
            buffer.appendUInt16(maxReceiveFragment)
            buffer.appendUInt32(associationGroupID)
            let address = Array(secondaryAddress.utf8)
            if address.isEmpty {
                buffer.appendUInt16(0)
            } else {
                buffer.appendUInt16(UInt16(truncatingIfNeeded: address.count + 1))
                buffer.append(contentsOf: address)
                buffer.append(0)
            }
            // The result list is 4-byte aligned relative to the PDU start (C706 12.6.4.4 "pad").
            buffer.append(contentsOf: repeatElement(0, count: (4 - buffer.count % 4) % 4))
            buffer.appendUInt8(UInt8(truncatingIfNeeded: results.count))
            buffer.appendUInt8(0)
            buffer.appendUInt16(0)
            for result in results {
                buffer.appendUInt16(result.result.rawValue)
                buffer.appendUInt16(result.reason)
                result.transferSyntax.encode(into: &buffer)
            }
        }
    }

    static func decode(_ frame: FramedPDU) throws(WireError) -> BindAckPDU {
        var reader = frame.bodyReader
        let maxTransmit = try reader.readUInt16("max_xmit_frag")
        let maxReceive = try reader.readUInt16("max_recv_frag")
        let group = try reader.readUInt32("assoc_group_id")
        let addressLength = Int(try reader.readUInt16("sec_addr.length"))
        var address = try reader.readBytes(addressLength, "sec_addr.port_spec")
        if address.last == 0 { address.removeLast() }
        try reader.skip((4 - reader.offset % 4) % 4, "pad")
        let count = try reader.readUInt8("n_results")
        try reader.skip(3, "reserved")
        var results: [PresentationContextResult] = []
        for _ in 0..<count {
            let raw = try reader.readUInt16("result")
            guard let result = PresentationResult(rawValue: raw) else { throw reader.error("result", .invalidValue(UInt64(raw))) }
            let reason = try reader.readUInt16("reason")
            let syntax = try SyntaxIdentifier.decode(from: &reader, "transfer_syntax")
            results.append(PresentationContextResult(result: result, reason: reason, transferSyntax: syntax))
        }
        return BindAckPDU(isAlterContextResponse: frame.header.packetType == .alterContextResponse, flags: frame.header.flags,
                          callID: frame.header.callID, maxTransmitFragment: maxTransmit, maxReceiveFragment: maxReceive,
                          associationGroupID: group, secondaryAddress: String(decoding: address, as: UTF8.self),
                          results: results, verifier: frame.verifier)
    }
}
