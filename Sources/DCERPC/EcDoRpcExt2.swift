import MAPIWire

/// EcDoRpcExt2 [in] parameters (MS-OXCRPC 3.1.4.2, opnum 11).
public struct EcDoRpcExt2Request: Sendable, Hashable {
    public var handle: ContextHandle
    /// pulFlags in: NoCompression 0x1, NoXorMagic 0x2, Chain 0x4.
    public var flags: UInt32
    /// rgbIn: one or more extended buffers (RPC_HEADER_EXT + payload).
    public var ropIn: [UInt8]
    /// pcbOut in: the largest rgbOut the client accepts (BIG_RANGE_ULONG).
    public var maxRopOut: UInt32
    public var auxIn: [UInt8]
    /// pcbAuxOut in (SMALL_RANGE_ULONG).
    public var maxAuxOut: UInt32

    public init(handle: ContextHandle, flags: UInt32, ropIn: [UInt8], maxRopOut: UInt32, auxIn: [UInt8] = [], maxAuxOut: UInt32 = 0x1008) {
        self.handle = handle
        self.flags = flags
        self.ropIn = ropIn
        self.maxRopOut = maxRopOut
        self.auxIn = auxIn
        self.maxAuxOut = maxAuxOut
    }

    /// Faults with RPC_X_BAD_STUB_DATA for cbIn > 0x40000, pcbOut > 0x40000, cbAuxIn or pcbAuxOut > 0x1008
    /// (MS-OXCRPC 3.1.4.2). The semantic lower bounds (cbIn < 8, pcbOut < 8 → ecRpcFailed) are the
    /// handler's to answer with a return value, not a fault.
    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcDoRpcExt2Request {
        let (request, inCount, cbIn, auxCount, cbAuxIn) = try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            let handle = try ContextHandle.decode(from: &reader, "pcxh")
            let flags = try reader.readUInt32("pulFlags")
            let ropIn = try reader.readConformantBytes("rgbIn", limit: Int(EMSMDBLimits.bigRange))
            let cbIn = try reader.readUInt32("cbIn")
            let maxOut = try reader.readUInt32("pcbOut")
            let auxIn = try reader.readConformantBytes("rgbAuxIn", limit: Int(EMSMDBLimits.smallRange))
            let cbAuxIn = try reader.readUInt32("cbAuxIn")
            let maxAuxOut = try reader.readUInt32("pcbAuxOut")
            return (EcDoRpcExt2Request(handle: handle, flags: flags, ropIn: ropIn, maxRopOut: maxOut, auxIn: auxIn, maxAuxOut: maxAuxOut),
                    ropIn.count, cbIn, auxIn.count, cbAuxIn)
        }
        try checkRange(cbIn, max: EMSMDBLimits.bigRange, "cbIn")
        try checkConformance(inCount, cbIn, "rgbIn")
        try checkRange(request.maxRopOut, max: EMSMDBLimits.bigRange, "pcbOut")
        try checkRange(cbAuxIn, max: EMSMDBLimits.smallRange, "cbAuxIn")
        try checkConformance(auxCount, cbAuxIn, "rgbAuxIn")
        try checkRange(request.maxAuxOut, max: EMSMDBLimits.smallRange, "pcbAuxOut")
        return request
    }

    public func encode() -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(handle)
        writer.writeUInt32(flags)
        writer.writeConformantBytes(ropIn)
        writer.writeUInt32(UInt32(truncatingIfNeeded: ropIn.count))
        writer.writeUInt32(maxRopOut)
        writer.writeConformantBytes(auxIn)
        writer.writeUInt32(UInt32(truncatingIfNeeded: auxIn.count))
        writer.writeUInt32(maxAuxOut)
        return writer.bytes
    }
}

/// EcDoRpcExt2 [out] parameters and return value (MS-OXCRPC 3.1.4.2).
public struct EcDoRpcExt2Response: Sendable, Hashable {
    /// The same handle on success; ``ContextHandle/null`` destroys the session.
    public var handle: ContextHandle
    /// pulFlags out: SHOULD be 0.
    public var flags: UInt32
    public var ropOut: [UInt8]
    public var auxOut: [UInt8]
    /// pulTransTime: server execution time in ms.
    public var transactionTime: UInt32
    public var returnValue: UInt32

    public init(handle: ContextHandle, flags: UInt32 = 0, ropOut: [UInt8], auxOut: [UInt8] = [], transactionTime: UInt32 = 0, returnValue: UInt32 = 0) {
        self.handle = handle
        self.flags = flags
        self.ropOut = ropOut
        self.auxOut = auxOut
        self.transactionTime = transactionTime
        self.returnValue = returnValue
    }

    public func encode() -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(handle)
        writer.writeUInt32(flags)
        writer.writeConformantVaryingBytes(ropOut)
        writer.writeUInt32(UInt32(truncatingIfNeeded: ropOut.count))
        writer.writeConformantVaryingBytes(auxOut)
        writer.writeUInt32(UInt32(truncatingIfNeeded: auxOut.count))
        writer.writeUInt32(transactionTime)
        writer.writeUInt32(returnValue)
        return writer.bytes
    }

    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcDoRpcExt2Response {
        try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            let handle = try ContextHandle.decode(from: &reader, "pcxh")
            let flags = try reader.readUInt32("pulFlags")
            let out = try reader.readConformantVaryingBytes("rgbOut", limit: 0x100000).bytes
            _ = try reader.readUInt32("pcbOut")
            let aux = try reader.readConformantVaryingBytes("rgbAuxOut", limit: Int(EMSMDBLimits.smallRange)).bytes
            _ = try reader.readUInt32("pcbAuxOut")
            let time = try reader.readUInt32("pulTransTime")
            let result = try reader.readUInt32("return")
            return EcDoRpcExt2Response(handle: handle, flags: flags, ropOut: out, auxOut: aux, transactionTime: time, returnValue: result)
        }
    }
}
