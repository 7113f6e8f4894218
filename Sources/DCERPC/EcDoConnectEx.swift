import MAPIWire

/// EcDoConnectEx [in] parameters (MS-OXCRPC 3.1.4.1, opnum 10). `hBinding` has no wire form.
public struct EcDoConnectExRequest: Sendable, Hashable {
    public var userDN: [UInt8]
    public var flags: UInt32
    public var connectionModulus: UInt32
    public var limit: UInt32
    public var codePage: UInt32
    public var lcidString: UInt32
    public var lcidSort: UInt32
    /// ulIcxrLink: 0xFFFFFFFF = no session linking (MS-OXCRPC 3.1.4.1).
    public var icxrLink: UInt32
    public var canConvertCodePages: UInt16
    public var clientVersion: [UInt16]
    public var timeStamp: UInt32
    public var auxIn: [UInt8]
    /// pcbAuxOut in: the most auxiliary output the client accepts (≤ 0x1008).
    public var maxAuxOut: UInt32

    public init(userDN: [UInt8], flags: UInt32 = 0, connectionModulus: UInt32 = 0, limit: UInt32 = 0, codePage: UInt32 = 1252,
                lcidString: UInt32 = 0x409, lcidSort: UInt32 = 0x409, icxrLink: UInt32 = 0xFFFF_FFFF, canConvertCodePages: UInt16 = 1,
                clientVersion: [UInt16] = [0, 0, 0], timeStamp: UInt32 = 0, auxIn: [UInt8] = [], maxAuxOut: UInt32 = 0x1008) {
        self.userDN = userDN
        self.flags = flags
        self.connectionModulus = connectionModulus
        self.limit = limit
        self.codePage = codePage
        self.lcidString = lcidString
        self.lcidSort = lcidSort
        self.icxrLink = icxrLink
        self.canConvertCodePages = canConvertCodePages
        self.clientVersion = clientVersion
        self.timeStamp = timeStamp
        self.auxIn = auxIn
        self.maxAuxOut = maxAuxOut
    }

    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcDoConnectExRequest {
        let (request, auxMaxCount, cbAuxIn) = try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            let dn = try reader.readString("szUserDN", limit: EMSMDBLimits.maxUserDN)
            let flags = try reader.readUInt32("ulFlags")
            let conMod = try reader.readUInt32("ulConMod")
            let limit = try reader.readUInt32("cbLimit")
            let cpid = try reader.readUInt32("ulCpid")
            let lcidString = try reader.readUInt32("ulLcidString")
            let lcidSort = try reader.readUInt32("ulLcidSort")
            let link = try reader.readUInt32("ulIcxrLink")
            let convert = try reader.readUInt16("usFCanConvertCodePages")
            let version = [try reader.readUInt16("rgwClientVersion[0]"), try reader.readUInt16("rgwClientVersion[1]"), try reader.readUInt16("rgwClientVersion[2]")]
            let timeStamp = try reader.readUInt32("pulTimeStamp")
            // Read with the SMALL_RANGE limit: the size_is parameter cbAuxIn follows the array.
            let aux = try reader.readConformantBytes("rgbAuxIn", limit: Int(EMSMDBLimits.smallRange))
            let cbAuxIn = try reader.readUInt32("cbAuxIn")
            let maxAuxOut = try reader.readUInt32("pcbAuxOut")
            return (EcDoConnectExRequest(userDN: dn, flags: flags, connectionModulus: conMod, limit: limit, codePage: cpid,
                                         lcidString: lcidString, lcidSort: lcidSort, icxrLink: link, canConvertCodePages: convert,
                                         clientVersion: version, timeStamp: timeStamp, auxIn: aux, maxAuxOut: maxAuxOut),
                    aux.count, cbAuxIn)
        }
        try checkRange(cbAuxIn, max: EMSMDBLimits.smallRange, "cbAuxIn")
        try checkConformance(auxMaxCount, cbAuxIn, "rgbAuxIn")
        try checkRange(request.maxAuxOut, max: EMSMDBLimits.smallRange, "pcbAuxOut")
        return request
    }

    /// Client-side marshalling (tests and tools).
    public func encode() -> [UInt8] {
        var writer = NDRWriter()
        writer.writeString(userDN)
        for value in [flags, connectionModulus, limit, codePage, lcidString, lcidSort, icxrLink] { writer.writeUInt32(value) }
        writer.writeUInt16(canConvertCodePages)
        for index in 0..<3 { writer.writeUInt16(index < clientVersion.count ? clientVersion[index] : 0) }
        writer.writeUInt32(timeStamp)
        writer.writeConformantBytes(auxIn)
        writer.writeUInt32(UInt32(truncatingIfNeeded: auxIn.count))
        writer.writeUInt32(maxAuxOut)
        return writer.bytes
    }
}

/// EcDoConnectEx [out] parameters and return value (MS-OXCRPC 3.1.4.1).
public struct EcDoConnectExResponse: Sendable, Hashable {
    public var handle: ContextHandle
    public var pollsMax: UInt32
    public var retryCount: UInt32
    public var retryDelay: UInt32
    /// picxr: the session index RopPending reports (MS-OXCNOTIF 2.2.1.3.4).
    public var sessionIndex: UInt16
    /// szDNPrefix / szDisplayName; nil marshals a NULL unique pointer (on failure).
    public var dnPrefix: [UInt8]?
    public var displayName: [UInt8]?
    public var serverVersion: [UInt16]
    public var bestVersion: [UInt16]
    public var timeStamp: UInt32
    public var auxOut: [UInt8]
    public var returnValue: UInt32

    public init(handle: ContextHandle, pollsMax: UInt32 = 60_000, retryCount: UInt32 = 6, retryDelay: UInt32 = 10_000,
                sessionIndex: UInt16, dnPrefix: [UInt8]?, displayName: [UInt8]?, serverVersion: [UInt16], bestVersion: [UInt16],
                timeStamp: UInt32, auxOut: [UInt8] = [], returnValue: UInt32 = 0) {
        self.handle = handle
        self.pollsMax = pollsMax
        self.retryCount = retryCount
        self.retryDelay = retryDelay
        self.sessionIndex = sessionIndex
        self.dnPrefix = dnPrefix
        self.displayName = displayName
        self.serverVersion = serverVersion
        self.bestVersion = bestVersion
        self.timeStamp = timeStamp
        self.auxOut = auxOut
        self.returnValue = returnValue
    }

    public func encode() -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(handle)
        writer.writeUInt32(pollsMax)
        writer.writeUInt32(retryCount)
        writer.writeUInt32(retryDelay)
        writer.writeUInt16(sessionIndex)
        for string in [dnPrefix, displayName] {
            if let string {
                writer.writeReferentID()
                writer.writeString(string)
            } else {
                writer.writeNullPointer()
            }
        }
        for index in 0..<3 { writer.writeUInt16(index < serverVersion.count ? serverVersion[index] : 0) }
        for index in 0..<3 { writer.writeUInt16(index < bestVersion.count ? bestVersion[index] : 0) }
        writer.writeUInt32(timeStamp)
        // size_is and length_is both name *pcbAuxOut, whose [out] value is the bytes returned.
        writer.writeConformantVaryingBytes(auxOut)
        writer.writeUInt32(UInt32(truncatingIfNeeded: auxOut.count))
        writer.writeUInt32(returnValue)
        return writer.bytes
    }

    /// Client-side unmarshalling (tests and tools).
    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EcDoConnectExResponse {
        try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            let handle = try ContextHandle.decode(from: &reader, "pcxh")
            let polls = try reader.readUInt32("pcmsPollsMax")
            let retry = try reader.readUInt32("pcRetry")
            let delay = try reader.readUInt32("pcmsRetryDelay")
            let index = try reader.readUInt16("picxr")
            let prefix = try reader.readReferentID("szDNPrefix") == 0 ? nil : try reader.readString("szDNPrefix", limit: 0x10000)
            let name = try reader.readReferentID("szDisplayName") == 0 ? nil : try reader.readString("szDisplayName", limit: 0x10000)
            var server: [UInt16] = [], best: [UInt16] = []
            for _ in 0..<3 { server.append(try reader.readUInt16("rgwServerVersion")) }
            for _ in 0..<3 { best.append(try reader.readUInt16("rgwBestVersion")) }
            let stamp = try reader.readUInt32("pulTimeStamp")
            let aux = try reader.readConformantVaryingBytes("rgbAuxOut", limit: Int(EMSMDBLimits.smallRange)).bytes
            _ = try reader.readUInt32("pcbAuxOut")
            let result = try reader.readUInt32("return")
            return EcDoConnectExResponse(handle: handle, pollsMax: polls, retryCount: retry, retryDelay: delay, sessionIndex: index,
                                         dnPrefix: prefix, displayName: name, serverVersion: server, bestVersion: best,
                                         timeStamp: stamp, auxOut: aux, returnValue: result)
        }
    }
}
