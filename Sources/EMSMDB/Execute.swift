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
        let parsed = try ParsedRopBuffer(payload.bytes)
        return try session.withLock { state throws(EMSMDBCallError) -> [UInt8] in
            guard state.connected else { throw EMSMDBCallError(.generalFailure, detail: "session disconnected") }
            return try chainedOutput(parsed, maxRgbOut: maxRgbOut, flags: flags, session: session, state: state)
        }
    }
}
