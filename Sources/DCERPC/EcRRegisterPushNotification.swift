import MAPIWire

/// EcRRegisterPushNotification (MS-OXCRPC 3.1.4.5, opnum 4).
public struct EcRRegisterPushNotificationRequest: Sendable, Hashable {
    public var handle: ContextHandle
    /// iRpc: MUST be 0; ignored.
    public var iRpc: UInt32
    /// rgbContext: the opaque blob sent back as the UDP datagram (> 16 bytes → ecTooBig, the handler's answer).
    public var context: [UInt8]
    /// grbitAdviseBits: MUST be 0xFFFFFFFF.
    public var adviseBits: UInt32
    /// rgbCallbackAddress: a SOCKADDR (AF_INET 16 bytes, AF_INET6 28 bytes).
    public var callbackAddress: [UInt8]

    public init(handle: ContextHandle, iRpc: UInt32 = 0, context: [UInt8], adviseBits: UInt32 = 0xFFFF_FFFF, callbackAddress: [UInt8]) {
        self.handle = handle
        self.iRpc = iRpc
        self.context = context
        self.adviseBits = adviseBits
        self.callbackAddress = callbackAddress
    }

    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcRRegisterPushNotificationRequest {
        let (request, cbContext, cbAddress) = try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            let handle = try ContextHandle.decode(from: &reader, "pcxh")
            let iRpc = try reader.readUInt32("iRpc")
            let context = try reader.readConformantBytes("rgbContext", limit: 0xFFFF)
            let cbContext = try reader.readUInt16("cbContext")
            let advise = try reader.readUInt32("grbitAdviseBits")
            let address = try reader.readConformantBytes("rgbCallbackAddress", limit: 0xFFFF)
            let cbAddress = try reader.readUInt16("cbCallbackAddress")
            return (EcRRegisterPushNotificationRequest(handle: handle, iRpc: iRpc, context: context, adviseBits: advise, callbackAddress: address),
                    cbContext, cbAddress)
        }
        try checkConformance(request.context.count, UInt32(cbContext), "rgbContext")
        try checkConformance(request.callbackAddress.count, UInt32(cbAddress), "rgbCallbackAddress")
        return request
    }

    public func encode() -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(handle)
        writer.writeUInt32(iRpc)
        writer.writeConformantBytes(context)
        writer.writeUInt16(UInt16(truncatingIfNeeded: context.count))
        writer.writeUInt32(adviseBits)
        writer.writeConformantBytes(callbackAddress)
        writer.writeUInt16(UInt16(truncatingIfNeeded: callbackAddress.count))
        return writer.bytes
    }

    /// pcxh, hNotification, return value.
    public static func encodeResponse(handle: ContextHandle, notificationHandle: UInt32, returnValue: UInt32) -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(handle)
        writer.writeUInt32(notificationHandle)
        writer.writeUInt32(returnValue)
        return writer.bytes
    }
}
