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

/// A decoded EMSMDB or AsyncEMSMDB call, chosen by interface and opnum (MS-OXCRPC 3.1.4, 3.3.4).
public enum EMSMDBCall: Sendable, Hashable {
    case disconnect(EcDoDisconnectRequest)
    case registerPushNotification(EcRRegisterPushNotificationRequest)
    case dummy
    case connectEx(EcDoConnectExRequest)
    case rpcExt2(EcDoRpcExt2Request)
    case asyncConnectEx(EcDoAsyncConnectExRequest)
    case asyncWaitEx(EcDoAsyncWaitExRequest)

    /// Unknown or reserved opnums → nca_s_op_rng_error; other interfaces → nca_s_unk_if; bad NDR →
    /// RPC_X_BAD_STUB_DATA.
    public static func decode(interface: SyntaxIdentifier, opnum: UInt16, stub: [UInt8]) throws(StubFault) -> EMSMDBCall {
        if interface.uuid == SyntaxIdentifier.emsmdb.uuid {
            switch opnum {
            case 1: return .disconnect(try .decode(stub))
            case 4: return .registerPushNotification(try .decode(stub))
            case 6: try EcDummyRpc.decode(stub); return .dummy
            case 10: return .connectEx(try .decode(stub))
            case 11: return .rpcExt2(try .decode(stub))
            case 14: return .asyncConnectEx(try .decode(stub))
            default: throw StubFault(.operationRangeError, "EMSMDB opnum \(opnum)")
            }
        }
        if interface.uuid == SyntaxIdentifier.asyncEMSMDB.uuid {
            guard opnum == 0 else { throw StubFault(.operationRangeError, "AsyncEMSMDB opnum \(opnum)") }
            return .asyncWaitEx(try .decode(stub))
        }
        throw StubFault(.unknownInterface, "interface \(interface)")
    }
}
