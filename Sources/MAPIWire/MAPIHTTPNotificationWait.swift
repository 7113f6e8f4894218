/// NotificationWait request body (MS-OXCMAPIHTTP 2.2.4.4.1): Flags (4, reserved: the client sends 0
/// and the server ignores it), AuxiliaryBufferSize (4), AuxiliaryBuffer.
public struct MAPIHTTPNotificationWaitRequest: Hashable, Sendable {
    public var flags: UInt32
    public var auxiliaryBuffer: [UInt8]

    public init(flags: UInt32 = 0, auxiliaryBuffer: [UInt8] = []) {
        self.flags = flags
        self.auxiliaryBuffer = auxiliaryBuffer
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt32(flags)
        buffer.appendSizedBytes32(auxiliaryBuffer)
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPNotificationWaitRequest {
        var reader = ByteReader(bytes)
        let request = MAPIHTTPNotificationWaitRequest(
            flags: try reader.readUInt32("Flags"),
            auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        try reader.expectEnd("RequestBody")
        return request
    }
}

/// NotificationWait response body (MS-OXCMAPIHTTP 2.2.4.4.2 success: StatusCode 0, ErrorCode,
/// EventPending, AuxiliaryBufferSize, AuxiliaryBuffer; 2.2.4.4.3 failure).
public struct MAPIHTTPNotificationWaitResponse: Hashable, Sendable {
    public struct Success: Hashable, Sendable {
        /// The EcDoAsyncWaitEx return value: 0, 0x000007EE ecRejected or 0x000003ED ecExiting.
        public var errorCode: ErrorCode
        /// EventPending (4): 0x00000001 when events are pending on the session context, else 0.
        public var eventPending: UInt32
        public var auxiliaryBuffer: [UInt8]

        public static let eventPendingFlag: UInt32 = 0x0000_0001

        public init(errorCode: ErrorCode = .success, eventPending: UInt32, auxiliaryBuffer: [UInt8] = []) {
            self.errorCode = errorCode
            self.eventPending = eventPending
            self.auxiliaryBuffer = auxiliaryBuffer
        }
    }

    public var body: MAPIHTTPResponseBody<Success>

    public init(_ body: MAPIHTTPResponseBody<Success>) { self.body = body }

    public func encode(into buffer: inout [UInt8]) {
        body.encode(into: &buffer) { success, buffer in
            buffer.appendUInt32(success.errorCode.rawValue)
            buffer.appendUInt32(success.eventPending)
            buffer.appendSizedBytes32(success.auxiliaryBuffer)
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> MAPIHTTPNotificationWaitResponse {
        MAPIHTTPNotificationWaitResponse(try .decode(bytes) { reader throws(WireError) in
            Success(
                errorCode: ErrorCode(try reader.readUInt32("ErrorCode")),
                eventPending: try reader.readUInt32("EventPending"),
                auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        })
    }
}
