/// RopOpenStream request (MS-OXCROPS 2.2.9.1.1).
public struct RopOpenStreamRequest: RopRequestCodec {
    public static let ropID = RopID.openStream

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    /// The property to stream.
    public var propertyTag: PropertyTag
    /// MS-OXCPRPT 2.2.14.1: 0x00 ReadOnly, 0x01 ReadWrite, 0x02 Create, 0x03 BestAccess.
    public var openModeFlags: UInt8

    public init(logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, propertyTag: PropertyTag, openModeFlags: UInt8) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.propertyTag = propertyTag
        self.openModeFlags = openModeFlags
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        propertyTag.encode(into: &buffer)
        buffer.append(openModeFlags)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenStreamRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let outputHandleIndex = try reader.readUInt8("OutputHandleIndex")
        let propertyTag = try PropertyTag.decode(from: &reader, "PropertyTag")
        let openModeFlags = try reader.readUInt8("OpenModeFlags")
        return RopOpenStreamRequest(logonID: logonID, inputHandleIndex: inputHandleIndex, outputHandleIndex: outputHandleIndex, propertyTag: propertyTag, openModeFlags: openModeFlags)
    }
}

/// RopOpenStream response (MS-OXCROPS 2.2.9.1.2, 2.2.9.1.3): the success fields follow the header only
/// when ReturnValue is zero; a failure response is the 6-byte header.
public struct RopOpenStreamResponse: RopResponseCodec {
    public static let ropID = RopID.openStream

    public struct Success: Hashable, Sendable {
        public var streamSize: UInt32

        public init(streamSize: UInt32) {
            self.streamSize = streamSize
        }
    }

    public var outputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(outputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.outputHandleIndex = outputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.appendUInt32(success.streamSize)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopOpenStreamResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopOpenStreamResponse(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let streamSize = try reader.readUInt32("StreamSize")
        return RopOpenStreamResponse(outputHandleIndex: header.index, outcome: .success(Success(streamSize: streamSize)))
    }
}
