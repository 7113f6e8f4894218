/// Execute request body (MS-OXCMAPIHTTP 2.2.4.2.1): Flags (4), RopBufferSize (4), RopBuffer,
/// MaxRopOut (4), AuxiliaryBufferSize (4), AuxiliaryBuffer.
///
/// RopBuffer is the rgbIn of EcDoRpcExt2: RPC_HEADER_EXT-framed ROP input buffers.
public struct MAPIHTTPExecuteRequest: Hashable, Sendable {
    /// 0x00000001 NoCompression, 0x00000002 NoXorMagic, 0x00000004 Chain (MS-OXCRPC 3.1.4.2).
    public var flags: UInt32
    public var ropBuffer: [UInt8]
    public var maxRopOut: UInt32
    public var auxiliaryBuffer: [UInt8]

    public init(flags: UInt32, ropBuffer: [UInt8], maxRopOut: UInt32, auxiliaryBuffer: [UInt8] = []) {
        self.flags = flags
        self.ropBuffer = ropBuffer
        self.maxRopOut = maxRopOut
        self.auxiliaryBuffer = auxiliaryBuffer
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt32(flags)
        buffer.appendSizedBytes32(ropBuffer)
        buffer.appendUInt32(maxRopOut)
        buffer.appendSizedBytes32(auxiliaryBuffer)
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPExecuteRequest {
        var reader = ByteReader(bytes)
        let request = MAPIHTTPExecuteRequest(
            flags: try reader.readUInt32("Flags"),
            ropBuffer: try reader.readSizedBytes32("RopBufferSize", "RopBuffer"),
            maxRopOut: try reader.readUInt32("MaxRopOut"),
            auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        try reader.expectEnd("RequestBody")
        return request
    }
}

/// Execute response body (MS-OXCMAPIHTTP 2.2.4.2.2 success, 2.2.4.2.3 failure).
public struct MAPIHTTPExecuteResponse: Hashable, Sendable {
    /// Success body after StatusCode 0: ErrorCode (4, the EcDoRpcExt2 return value), Flags (4, reserved:
    /// the server sends 0), RopBufferSize (4), RopBuffer (rgbOut), AuxiliaryBufferSize (4),
    /// AuxiliaryBuffer.
    public struct Success: Hashable, Sendable {
        public var errorCode: ErrorCode
        public var flags: UInt32
        public var ropBuffer: [UInt8]
        public var auxiliaryBuffer: [UInt8]

        public init(errorCode: ErrorCode = .success, flags: UInt32 = 0, ropBuffer: [UInt8], auxiliaryBuffer: [UInt8] = []) {
            self.errorCode = errorCode
            self.flags = flags
            self.ropBuffer = ropBuffer
            self.auxiliaryBuffer = auxiliaryBuffer
        }
    }

    public var body: MAPIHTTPResponseBody<Success>

    public init(_ body: MAPIHTTPResponseBody<Success>) { self.body = body }

    public func encode(into buffer: inout [UInt8]) {
        body.encode(into: &buffer) { success, buffer in
            buffer.appendUInt32(success.errorCode.rawValue)
            buffer.appendUInt32(success.flags)
            buffer.appendSizedBytes32(success.ropBuffer)
            buffer.appendSizedBytes32(success.auxiliaryBuffer)
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPExecuteResponse {
        MAPIHTTPExecuteResponse(try .decode(bytes) { reader throws(WireError) in
            Success(
                errorCode: ErrorCode(try reader.readUInt32("ErrorCode")),
                flags: try reader.readUInt32("Flags"),
                ropBuffer: try reader.readSizedBytes32("RopBufferSize", "RopBuffer"),
                auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        })
    }
}
