/// Disconnect request body (MS-OXCMAPIHTTP 2.2.4.3.1): AuxiliaryBufferSize (4), AuxiliaryBuffer.
public struct MAPIHTTPDisconnectRequest: Hashable, Sendable {
    public var auxiliaryBuffer: [UInt8]

    public init(auxiliaryBuffer: [UInt8] = []) { self.auxiliaryBuffer = auxiliaryBuffer }

    public func encode(into buffer: inout [UInt8]) { buffer.appendSizedBytes32(auxiliaryBuffer) }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPDisconnectRequest {
        var reader = ByteReader(bytes)
        let request = MAPIHTTPDisconnectRequest(auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        try reader.expectEnd("RequestBody")
        return request
    }
}

/// Disconnect response body (MS-OXCMAPIHTTP 2.2.4.3.2 success: StatusCode 0, ErrorCode,
/// AuxiliaryBufferSize, AuxiliaryBuffer; 2.2.4.3.3 failure).
public struct MAPIHTTPDisconnectResponse: Hashable, Sendable {
    public struct Success: Hashable, Sendable {
        /// The EcDoDisconnect return value.
        public var errorCode: ErrorCode
        public var auxiliaryBuffer: [UInt8]

        public init(errorCode: ErrorCode = .success, auxiliaryBuffer: [UInt8] = []) {
            self.errorCode = errorCode
            self.auxiliaryBuffer = auxiliaryBuffer
        }
    }

    public var body: MAPIHTTPResponseBody<Success>

    public init(_ body: MAPIHTTPResponseBody<Success>) { self.body = body }

    public func encode(into buffer: inout [UInt8]) {
        body.encode(into: &buffer) { success, buffer in
            buffer.appendUInt32(success.errorCode.rawValue)
            buffer.appendSizedBytes32(success.auxiliaryBuffer)
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPDisconnectResponse {
        MAPIHTTPDisconnectResponse(try .decode(bytes) { reader throws(WireError) in
            Success(
                errorCode: ErrorCode(try reader.readUInt32("ErrorCode")),
                auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        })
    }
}
