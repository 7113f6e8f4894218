import MAPIWire

/// One p_cont_elem_t: a presentation context proposal (C706 12.6.3.1).
public struct PresentationContextElement: Sendable, Hashable {
    public var contextID: UInt16
    public var abstractSyntax: SyntaxIdentifier
    public var transferSyntaxes: [SyntaxIdentifier]

    public init(contextID: UInt16, abstractSyntax: SyntaxIdentifier, transferSyntaxes: [SyntaxIdentifier]) {
        self.contextID = contextID
        self.abstractSyntax = abstractSyntax
        self.transferSyntaxes = transferSyntaxes
    }
}

/// bind (PTYPE 11) and alter_context (PTYPE 14) share one layout (C706 12.6.4.3, 12.6.4.1).
public struct BindPDU: Sendable, Hashable {
    public var isAlterContext: Bool
    public var flags: PFCFlags
    public var callID: UInt32
    public var maxTransmitFragment: UInt16
    public var maxReceiveFragment: UInt16
    public var associationGroupID: UInt32
    public var contexts: [PresentationContextElement]
    public var verifier: AuthVerifier?

    public init(isAlterContext: Bool = false, flags: PFCFlags = .singleFragment, callID: UInt32,
                maxTransmitFragment: UInt16 = 4280, maxReceiveFragment: UInt16 = 4280, associationGroupID: UInt32 = 0,
                contexts: [PresentationContextElement], verifier: AuthVerifier? = nil) {
        self.isAlterContext = isAlterContext
        self.flags = flags
        self.callID = callID
        self.maxTransmitFragment = maxTransmitFragment
        self.maxReceiveFragment = maxReceiveFragment
        self.associationGroupID = associationGroupID
        self.contexts = contexts
        self.verifier = verifier
    }

    public func encode() -> [UInt8] {
        let header = CommonHeader(packetType: isAlterContext ? .alterContext : .bind, flags: flags, callID: callID)
        return encodePDU(header, verifier: verifier) { buffer in
            buffer.appendUInt16(maxTransmitFragment)
            buffer.appendUInt16(maxReceiveFragment)
            buffer.appendUInt32(associationGroupID)
            buffer.appendUInt8(UInt8(truncatingIfNeeded: contexts.count))
            buffer.appendUInt8(0)
            buffer.appendUInt16(0)
            for context in contexts {
                buffer.appendUInt16(context.contextID)
                buffer.appendUInt8(UInt8(truncatingIfNeeded: context.transferSyntaxes.count))
                buffer.appendUInt8(0)
                context.abstractSyntax.encode(into: &buffer)
                for syntax in context.transferSyntaxes { syntax.encode(into: &buffer) }
            }
        }
    }

    static func decode(_ frame: FramedPDU) throws(WireError) -> BindPDU {
        var reader = frame.bodyReader
        let maxTransmit = try reader.readUInt16("max_xmit_frag")
        let maxReceive = try reader.readUInt16("max_recv_frag")
        let group = try reader.readUInt32("assoc_group_id")
        let count = try reader.readUInt8("n_context_elem")
        try reader.skip(3, "reserved")
        var contexts: [PresentationContextElement] = []
        for _ in 0..<count {
            let id = try reader.readUInt16("p_cont_id")
            let syntaxCount = try reader.readUInt8("n_transfer_syn")
            try reader.skip(1, "reserved")
            let abstract = try SyntaxIdentifier.decode(from: &reader, "abstract_syntax")
            // C706: at least one transfer syntax per element.
            guard syntaxCount > 0 else { throw reader.error("n_transfer_syn", .invalidValue(0)) }
            try reader.require(Int(syntaxCount) * SyntaxIdentifier.size, field: "transfer_syntaxes")
            var syntaxes: [SyntaxIdentifier] = []
            for _ in 0..<syntaxCount { syntaxes.append(try SyntaxIdentifier.decode(from: &reader, "transfer_syntax")) }
            contexts.append(PresentationContextElement(contextID: id, abstractSyntax: abstract, transferSyntaxes: syntaxes))
        }
        return BindPDU(isAlterContext: frame.header.packetType == .alterContext, flags: frame.header.flags,
                       callID: frame.header.callID, maxTransmitFragment: maxTransmit, maxReceiveFragment: maxReceive,
                       associationGroupID: group, contexts: contexts, verifier: frame.verifier)
    }
}
