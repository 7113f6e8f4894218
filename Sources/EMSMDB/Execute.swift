import MAPIWire

/// pulFlags of EcDoRpcExt2 (MS-OXCRPC 3.1.4.2) and Flags of a MAPI/HTTP Execute request
/// (MS-OXCMAPIHTTP 2.2.4.2.1): the same bits.
public struct ExecuteFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Do not compress the response payload.
    public static let noCompression = ExecuteFlags(rawValue: 0x1)
    /// Do not obfuscate (XorMagic) the response payload.
    public static let noXorMagic = ExecuteFlags(rawValue: 0x2)
    /// The client accepts chained response payloads (MS-OXCRPC 3.1.4.2.1.2.2).
    public static let chain = ExecuteFlags(rawValue: 0x4)
}

extension EMSMDBServer {
    /// The RPC_HEADER_EXT layer shared by both transports: `rgbIn` of EcDoRpcExt2 or the RopBuffer of
    /// a MAPI/HTTP Execute request in, `rgbOut` / the response RopBuffer out (MS-OXCRPC 3.1.4.2.1).
    ///
    /// The request chain is un-XORed and decompressed by `ExtendedBuffer.decodeChain` (each payload
    /// with its own flags). Herald advertises no packed-upload capability, so the request must be one
    /// payload; more is ecRpcFormat, as is any malformed header. Each response payload is compressed
    /// (only when smaller) unless ``ExecuteFlags/noCompression``, and XORed unless
    /// ``ExecuteFlags/noXorMagic``; the final one has Last. `maxRgbOut` is pcbOut / MaxRopOut and
    /// includes the 8-byte headers; the ROP output of each payload is further capped at 32 KB.
    ///
    /// Without ``ExecuteFlags/chain`` the response is one payload. With it, when the request's last
    /// ROP is RopQueryRows or RopReadStream and there is more to read, further payloads follow under
    /// the rule of ``ResponseChain`` (MS-OXCRPC 3.1.4.2.1.2.2): each re-runs that ROP for the rows /
    /// bytes still owed, until the data or the client's count is exhausted, the residual space drops
    /// below 32 KB / 8 KB, or 96 payloads. RopNotify / RopPending are in the first payload only.
    public func execute(session: EMSMDBSession, rgbIn: [UInt8], maxRgbOut: Int, flags: ExecuteFlags) throws(EMSMDBCallError) -> [UInt8] {
        try execute(prepareExecute(rgbIn: rgbIn, maxRgbOut: maxRgbOut, flags: flags), session: session)
    }

    /// The first half of ``execute(session:rgbIn:maxRgbOut:flags:)``: decodes and checks the request
    /// (every ecRpcFormat / ecBufferTooSmall it can raise) without touching the session, so a
    /// transport can look at what it asks for before running it.
    public func prepareExecute(rgbIn: [UInt8], maxRgbOut: Int, flags: ExecuteFlags) throws(EMSMDBCallError) -> PreparedExecute {
        let payloads: [ExtendedBuffer.Payload]
        do {
            payloads = try ExtendedBuffer.decodeChain(rgbIn)
        } catch {
            throw EMSMDBCallError(.rpcFormat, detail: "\(error)")
        }
        guard payloads.count == 1, let payload = payloads.first else {
            throw EMSMDBCallError(.rpcFormat, detail: "\(payloads.count) request payloads; packed uploads are not supported")
        }
        guard maxRgbOut > RPCHeaderExt.encodedSize else { throw EMSMDBCallError(.bufferTooSmall, detail: "pcbOut \(maxRgbOut)") }
        return PreparedExecute(parsed: try ParsedRopBuffer(payload.bytes), maxRgbOut: maxRgbOut, flags: flags)
    }

    /// The second half: runs a prepared request on the session.
    public func execute(_ prepared: PreparedExecute, session: EMSMDBSession) throws(EMSMDBCallError) -> [UInt8] {
        try session.withLock { state throws(EMSMDBCallError) -> [UInt8] in
            guard state.connected else { throw EMSMDBCallError(.generalFailure, detail: "session disconnected") }
            return try chainedOutput(prepared.parsed, maxRgbOut: prepared.maxRgbOut, flags: prepared.flags, session: session, state: state)
        }
    }
}

/// A decoded Execute / EcDoRpcExt2 request, ready for ``EMSMDBServer/execute(_:session:)``.
public struct PreparedExecute {
    let parsed: EMSMDBServer.ParsedRopBuffer
    let maxRgbOut: Int
    let flags: ExecuteFlags

    /// The ROPs whose work grows with the mailbox rather than with the request: they copy, move or
    /// delete whole folders or many messages, run a search, or commit or send a message with all its
    /// recipients and attachments.
    static let workGrowsWithMailbox: Set<UInt8> = Set([
        RopID.copyFolder, .moveFolder, .deleteFolder, .emptyFolder, .hardDeleteMessagesAndSubfolders,
        .moveCopyMessages, .deleteMessages, .hardDeleteMessages, .setReadFlags, .copyTo, .copyProperties,
        .setSearchCriteria, .saveChangesMessage, .saveChangesAttachment, .submitMessage, .transportSend,
    ].map(\.rawValue))

    /// Whether the request contains a ROP that may take long (``workGrowsWithMailbox``). A MAPI/HTTP
    /// transport uses this to let such a request leave the handler's thread first, so `PROCESSING`
    /// and the `PENDING` keep-alives go out while it runs (MS-OXCMAPIHTTP 3.2.5.2); every other
    /// request runs inline and is answered without a thread hop.
    public var mayRunLong: Bool {
        parsed.requests.contains { Self.workGrowsWithMailbox.contains($0.request.ropID.rawValue) }
    }
}
