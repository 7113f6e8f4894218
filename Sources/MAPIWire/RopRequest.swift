/// A decoded ROP request.
///
/// Every request layout Herald parses is a case here; ``RopRequestReader`` dispatches on the RopId.
/// A RopId without a case cannot be split from the RopsList (requests carry no length prefix), so it
/// is a ``WireError`` with ``WireError/Kind/unknownRopId(_:)`` and the call fails with
/// ``ErrorCode/rpcFormat`` (MS-OXCROPS 3.2.5.1).
public enum RopRequest: Hashable, Sendable {
    case release(RopReleaseRequest)
    case registerNotification(RopRegisterNotificationRequest)

    public var ropID: RopID {
        switch self {
        case .release: .release
        case .registerNotification: .registerNotification
        }
    }

    public var logonID: UInt8 {
        switch self {
        case let .release(request): request.logonID
        case let .registerNotification(request): request.logonID
        }
    }

    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case let .release(request): request.encode(into: &buffer)
        case let .registerNotification(request): request.encode(into: &buffer)
        }
    }

    /// Decodes the request at the reader's position.
    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRequest {
        let position = reader.offset
        try reader.require(1, field: "RopId")
        let id = RopID(reader.bytes[position])
        switch id {
        case .release: return .release(try .decode(from: &reader))
        case .registerNotification: return .registerNotification(try .decode(from: &reader))
        default: throw WireError(offset: position, field: "RopId", kind: .unknownRopId(id.rawValue))
        }
    }
}

/// Splits a RopsList into requests, in order (MS-OXCROPS 3.2.5.1).
///
/// Each element carries the byte range it came from, so a processor that runs out of output space can
/// copy the unprocessed remainder into RopBufferTooSmall.RequestBuffers.
public struct RopRequestReader: Sendable {
    public struct Element: Hashable, Sendable {
        public var request: RopRequest
        /// The request's bytes within the RopsList.
        public var range: Range<Int>
    }

    private var reader: ByteReader

    public init(ropsList: [UInt8]) { reader = ByteReader(ropsList) }

    /// The offset of the next request within the RopsList.
    public var offset: Int { reader.offset }
    public var isAtEnd: Bool { reader.isAtEnd }

    /// The next request, nil at the end of the RopsList.
    public mutating func next() throws(WireError) -> Element? {
        guard !reader.isAtEnd else { return nil }
        let start = reader.offset
        let request = try RopRequest.decode(from: &reader)
        return Element(request: request, range: start..<reader.offset)
    }

    /// Every request, or the first error.
    public static func decodeAll(_ ropsList: [UInt8]) throws(WireError) -> [Element] {
        var iterator = RopRequestReader(ropsList: ropsList)
        var elements: [Element] = []
        while let element = try iterator.next() { elements.append(element) }
        return elements
    }
}
