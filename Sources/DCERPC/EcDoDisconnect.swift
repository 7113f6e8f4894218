import MAPIWire

/// EcDoDisconnect (MS-OXCRPC 3.1.4.3, opnum 1): `[in, out, ref] CXH *pcxh`. The response MUST carry a
/// NULL handle.
public struct EcDoDisconnectRequest: Sendable, Hashable {
    public var handle: ContextHandle
    public init(handle: ContextHandle) { self.handle = handle }

    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcDoDisconnectRequest {
        try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            EcDoDisconnectRequest(handle: try ContextHandle.decode(from: &reader, "pcxh"))
        }
    }

    public func encode() -> [UInt8] { var writer = NDRWriter(); writer.writeContextHandle(handle); return writer.bytes }

    /// pcxh (NULL) and the return value.
    public static func encodeResponse(returnValue: UInt32 = 0) -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(.null)
        writer.writeUInt32(returnValue)
        return writer.bytes
    }
}
