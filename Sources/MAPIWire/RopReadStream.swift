/// RopReadStream request (MS-OXCROPS 2.2.9.2.1): ByteCount (2), and MaximumByteCount (4) only when
/// ByteCount is 0xBABE.
public struct RopReadStreamRequest: RopRequestCodec {
    public static let ropID = RopID.readStream

    /// The ByteCount value that announces MaximumByteCount (MS-OXCPRPT 2.2.15.1).
    public static let maximumByteCountMarker: UInt16 = 0xBABE

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var byteCount: UInt16
    /// On the wire only when ``byteCount`` is 0xBABE; ignored otherwise.
    public var maximumByteCount: UInt32?

    public init(logonID: UInt8, inputHandleIndex: UInt8, byteCount: UInt16, maximumByteCount: UInt32? = nil) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.byteCount = byteCount
        self.maximumByteCount = byteCount == Self.maximumByteCountMarker ? (maximumByteCount ?? 0) : nil
    }

    /// How many bytes the client asks for: ByteCount, or MaximumByteCount after 0xBABE.
    public var requestedByteCount: UInt32 {
        byteCount == Self.maximumByteCountMarker ? (maximumByteCount ?? 0) : UInt32(byteCount)
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.appendUInt16(byteCount)
        if byteCount == Self.maximumByteCountMarker { buffer.appendUInt32(maximumByteCount ?? 0) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopReadStreamRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let byteCount = try reader.readUInt16("ByteCount")
        let maximum = byteCount == maximumByteCountMarker ? try reader.readUInt32("MaximumByteCount") : nil
        return RopReadStreamRequest(
            logonID: logonID, inputHandleIndex: inputHandleIndex, byteCount: byteCount, maximumByteCount: maximum)
    }
}

/// RopReadStream response (MS-OXCROPS 2.2.9.2.2): one layout whatever the ReturnValue — DataSize (2)
/// and Data follow the header (a failure sends DataSize 0).
public struct RopReadStreamResponse: RopResponseCodec {
    public static let ropID = RopID.readStream

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode
    public var data: [UInt8]

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success, data: [UInt8]) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
        self.data = data
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
        buffer.appendSizedBytes16(data)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopReadStreamResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        let data = try reader.readSizedBytes16("DataSize", "Data")
        return RopReadStreamResponse(inputHandleIndex: header.index, returnValue: header.returnValue, data: data)
    }
}
