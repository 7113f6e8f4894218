import MAPIWire

/// EcDoAsyncConnectEx (MS-OXCRPC 3.1.4.4, opnum 14): `[in] CXH cxh, [out, ref] ACXH *pacxh`.
public struct EcDoAsyncConnectExRequest: Sendable, Hashable {
    public var handle: ContextHandle
    public init(handle: ContextHandle) { self.handle = handle }

    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcDoAsyncConnectExRequest {
        try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            EcDoAsyncConnectExRequest(handle: try ContextHandle.decode(from: &reader, "cxh"))
        }
    }

    public func encode() -> [UInt8] { var writer = NDRWriter(); writer.writeContextHandle(handle); return writer.bytes }

    /// pacxh (NULL on failure) and the return value.
    public static func encodeResponse(asyncHandle: ContextHandle, returnValue: UInt32) -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(asyncHandle)
        writer.writeUInt32(returnValue)
        return writer.bytes
    }
}
