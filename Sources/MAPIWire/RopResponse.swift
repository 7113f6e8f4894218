/// A decoded ROP response.
///
/// Response layouts of ordinary ROPs can depend on their request (RopQueryRows needs the columns), so
/// a response list is decodable on its own only for the ROPs listed here; ``RopResponseReader``
/// reports any other RopId as ``WireError/Kind/unknownRopId(_:)``.
public enum RopResponse: Hashable, Sendable {
    case registerNotification(RopRegisterNotificationResponse)
    case notify(RopNotify)
    case pending(RopPending)
    case bufferTooSmall(RopBufferTooSmall)
    case backoff(RopBackoff)

    public var ropID: RopID {
        switch self {
        case .registerNotification: .registerNotification
        case .notify: .notify
        case .pending: .pending
        case .bufferTooSmall: .bufferTooSmall
        case .backoff: .backoff
        }
    }

    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case let .registerNotification(response): response.encode(into: &buffer)
        case let .notify(response): response.encode(into: &buffer)
        case let .pending(response): response.encode(into: &buffer)
        case let .bufferTooSmall(response): response.encode(into: &buffer)
        case let .backoff(response): response.encode(into: &buffer)
        }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopResponse {
        let position = reader.offset
        try reader.require(1, field: "RopId")
        let id = RopID(reader.bytes[position])
        switch id {
        case .registerNotification: return .registerNotification(try .decode(from: &reader))
        case .notify: return .notify(try .decode(from: &reader))
        case .pending: return .pending(try .decode(from: &reader))
        case .bufferTooSmall: return .bufferTooSmall(try .decode(from: &reader))
        case .backoff: return .backoff(try .decode(from: &reader))
        default: throw WireError(offset: position, field: "RopId", kind: .unknownRopId(id.rawValue))
        }
    }
}

/// Splits a response RopsList into responses, in order.
public struct RopResponseReader: Sendable {
    public struct Element: Hashable, Sendable {
        public var response: RopResponse
        public var range: Range<Int>
    }

    private var reader: ByteReader

    public init(ropsList: [UInt8]) { reader = ByteReader(ropsList) }

    public var offset: Int { reader.offset }

    public mutating func next() throws(WireError) -> Element? {
        guard !reader.isAtEnd else { return nil }
        let start = reader.offset
        let response = try RopResponse.decode(from: &reader)
        return Element(response: response, range: start..<reader.offset)
    }

    public static func decodeAll(_ ropsList: [UInt8]) throws(WireError) -> [Element] {
        var iterator = RopResponseReader(ropsList: ropsList)
        var elements: [Element] = []
        while let element = try iterator.next() { elements.append(element) }
        return elements
    }
}
