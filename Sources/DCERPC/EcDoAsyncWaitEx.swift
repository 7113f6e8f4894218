import MAPIWire

/// EcDoAsyncWaitEx (MS-OXCRPC 3.3.4.1, AsyncEMSMDB opnum 0): `[in] ACXH acxh, [in] unsigned long ulFlagsIn,
/// [out] unsigned long *pulFlagsOut`.
public struct EcDoAsyncWaitExRequest: Sendable, Hashable {
    /// pulFlagsOut NotificationPending.
    public static let notificationPending: UInt32 = 0x0000_0001

    public var asyncHandle: ContextHandle
    public var flagsIn: UInt32

    public init(asyncHandle: ContextHandle, flagsIn: UInt32 = 0) {
        self.asyncHandle = asyncHandle
        self.flagsIn = flagsIn
    }

    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcDoAsyncWaitExRequest {
        try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            let handle = try ContextHandle.decode(from: &reader, "acxh")
            return EcDoAsyncWaitExRequest(asyncHandle: handle, flagsIn: try reader.readUInt32("ulFlagsIn"))
        }
    }

    public func encode() -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(asyncHandle)
        writer.writeUInt32(flagsIn)
        return writer.bytes
    }

    public static func encodeResponse(flagsOut: UInt32, returnValue: UInt32) -> [UInt8] {
        var writer = NDRWriter()
        writer.writeUInt32(flagsOut)
        writer.writeUInt32(returnValue)
        return writer.bytes
    }
}
