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
    /// payload; more is ecRpcFormat, as is any malformed header. The response is one payload with
    /// Last, compressed (only when smaller) unless ``ExecuteFlags/noCompression``, and XORed unless
    /// ``ExecuteFlags/noXorMagic``. `maxRgbOut` is pcbOut / MaxRopOut and includes the 8-byte
    /// header; the ROP output itself is further capped at 32 KB. Response chaining (Chain) is not
    /// used: no handled ROP fills more than one payload yet.
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
        let maxRopOut = maxRgbOut - RPCHeaderExt.encodedSize
        guard maxRopOut > 0 else { throw EMSMDBCallError(.bufferTooSmall, detail: "pcbOut \(maxRgbOut)") }
        let ropOut = try executeRops(session: session, ropBuffer: payload.bytes, maxRopOut: maxRopOut)
        var rgbOut: [UInt8] = []
        rgbOut.reserveCapacity(RPCHeaderExt.encodedSize + ropOut.count)
        ExtendedBuffer.encode(
            payload: ropOut, compress: !flags.contains(.noCompression), obfuscate: !flags.contains(.noXorMagic), last: true,
            into: &rgbOut)
        return rgbOut
    }
}
