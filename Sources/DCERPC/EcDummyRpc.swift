import MAPIWire

/// EcDummyRpc (MS-OXCRPC 3.1.4.9, opnum 6): no [in] stub; returns 0.
public enum EcDummyRpc {
    public static func decode(_ stub: [UInt8]) throws(StubFault) {
        try decodeStub(stub) { (_: inout NDRReader) throws(WireError) in () }
    }

    public static func encodeResponse(returnValue: UInt32 = 0) -> [UInt8] {
        var writer = NDRWriter()
        writer.writeUInt32(returnValue)
        return writer.bytes
    }
}
