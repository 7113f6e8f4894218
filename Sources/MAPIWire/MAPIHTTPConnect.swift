/// Connect request body (MS-OXCMAPIHTTP 2.2.4.1.1): UserDn (NUL-terminated ASCII), Flags (4),
/// DefaultCodePage (4), LcidSort (4), LcidString (4), AuxiliaryBufferSize (4), AuxiliaryBuffer.
///
/// LcidSort comes before LcidString — the reverse of EcDoConnectEx's parameter order.
public struct MAPIHTTPConnectRequest: Hashable, Sendable {
    /// ASCII DN of the user, without its NUL.
    public var userDN: [UInt8]
    public var flags: UInt32
    public var defaultCodePage: UInt32
    public var lcidSort: UInt32
    public var lcidString: UInt32
    public var auxiliaryBuffer: [UInt8]

    public init(userDN: [UInt8], flags: UInt32, defaultCodePage: UInt32, lcidSort: UInt32, lcidString: UInt32, auxiliaryBuffer: [UInt8] = []) {
        self.userDN = userDN
        self.flags = flags
        self.defaultCodePage = defaultCodePage
        self.lcidSort = lcidSort
        self.lcidString = lcidString
        self.auxiliaryBuffer = auxiliaryBuffer
    }

    public func encode(into buffer: inout [UInt8]) {
        PropertyValue.encodeString8(userDN, into: &buffer)
        buffer.appendUInt32(flags)
        buffer.appendUInt32(defaultCodePage)
        buffer.appendUInt32(lcidSort)
        buffer.appendUInt32(lcidString)
        buffer.appendSizedBytes32(auxiliaryBuffer)
    }

    /// Decodes a whole request body.
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPConnectRequest {
        var reader = ByteReader(bytes)
        let request = MAPIHTTPConnectRequest(
            userDN: try reader.readString8("UserDn"),
            flags: try reader.readUInt32("Flags"),
            defaultCodePage: try reader.readUInt32("DefaultCodePage"),
            lcidSort: try reader.readUInt32("LcidSort"),
            lcidString: try reader.readUInt32("LcidString"),
            auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        try reader.expectEnd("RequestBody")
        return request
    }
}

/// Connect response body (MS-OXCMAPIHTTP 2.2.4.1.2 success, 2.2.4.1.3 failure).
public struct MAPIHTTPConnectResponse: Hashable, Sendable {
    /// Success body after StatusCode 0: ErrorCode (4, the EcDoConnectEx return value), PollsMax (4),
    /// RetryCount (4), RetryDelay (4), DnPrefix (NUL-terminated ASCII), DisplayName (NUL-terminated
    /// UTF-16LE), AuxiliaryBufferSize (4), AuxiliaryBuffer.
    public struct Success: Hashable, Sendable {
        public var errorCode: ErrorCode
        public var pollsMax: UInt32
        public var retryCount: UInt32
        public var retryDelay: UInt32
        /// ASCII, without its NUL.
        public var dnPrefix: [UInt8]
        public var displayName: String
        public var auxiliaryBuffer: [UInt8]

        public init(
            errorCode: ErrorCode = .success, pollsMax: UInt32, retryCount: UInt32, retryDelay: UInt32, dnPrefix: [UInt8],
            displayName: String, auxiliaryBuffer: [UInt8] = []
        ) {
            self.errorCode = errorCode
            self.pollsMax = pollsMax
            self.retryCount = retryCount
            self.retryDelay = retryDelay
            self.dnPrefix = dnPrefix
            self.displayName = displayName
            self.auxiliaryBuffer = auxiliaryBuffer
        }
    }

    public var body: MAPIHTTPResponseBody<Success>

    public init(_ body: MAPIHTTPResponseBody<Success>) { self.body = body }

    public func encode(into buffer: inout [UInt8]) {
        body.encode(into: &buffer) { success, buffer in
            buffer.appendUInt32(success.errorCode.rawValue)
            buffer.appendUInt32(success.pollsMax)
            buffer.appendUInt32(success.retryCount)
            buffer.appendUInt32(success.retryDelay)
            PropertyValue.encodeString8(success.dnPrefix, into: &buffer)
            PropertyValue.encodeUTF16(success.displayName, into: &buffer)
            buffer.appendSizedBytes32(success.auxiliaryBuffer)
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPConnectResponse {
        MAPIHTTPConnectResponse(try .decode(bytes) { reader throws(WireError) in
            Success(
                errorCode: ErrorCode(try reader.readUInt32("ErrorCode")),
                pollsMax: try reader.readUInt32("PollsMax"),
                retryCount: try reader.readUInt32("RetryCount"),
                retryDelay: try reader.readUInt32("RetryDelay"),
                dnPrefix: try reader.readString8("DnPrefix"),
                displayName: String(decoding: try reader.readUTF16("DisplayName"), as: UTF16.self),
                auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        })
    }
}
