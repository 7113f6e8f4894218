/// Splits a response RopsList (MS-OXCROPS 2.2.1) into responses, in order, like
/// ``RopResponseReader``, but without materializing RopNotify: each one is validated in place and
/// handed out as a ``RopNotifyView``. Other ROPs are decoded (to find where they end) and reported by
/// RopId and range; ``response(_:)`` decodes any element into a ``RopResponse``.
///
/// Accepts and rejects exactly what ``RopResponseReader`` does, with the same errors. The views point
/// into the RopsList and are valid only inside ``withReader(ropsList:_:)``. To validate a whole list
/// at once, ``RopResponseIndex`` is faster: the same rules in one loop, no element handed out per ROP.
public struct RopResponseViewReader {
    public struct Element {
        public let ropID: RopID
        /// Where the response lies in the RopsList.
        public let range: Range<Int>
        /// The RopNotify, validated in place; nil for other ROPs.
        public let notify: RopNotifyView?
    }

    private let ropsList: [UInt8]
    private let buffer: UnsafeRawBufferPointer
    private let tables = NotificationDataView.Shape.tables
    public private(set) var offset = 0

    private init(ropsList: [UInt8], buffer: UnsafeRawBufferPointer) {
        self.ropsList = ropsList
        self.buffer = buffer
    }

    /// Runs `body` with a reader over `ropsList`; elements and views must not outlive it.
    public static func withReader<Result, Failure: Error>(
        ropsList: [UInt8], _ body: (inout RopResponseViewReader) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = ropsList.withUnsafeBytes { buffer in
            var reader = RopResponseViewReader(ropsList: ropsList, buffer: buffer)
            do throws(Failure) { return .success(try body(&reader)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    /// The next response, validated by the step ``RopResponseIndex`` runs for each response; nil at the end.
    public mutating func next() throws(WireError) -> Element? {
        let start = offset
        guard start < buffer.count else { return nil }
        let step = try RopResponseIndex.step(buffer, ropsList, from: start, tables)
        offset = step.extent.end
        guard step.ropID == RopID.notify.rawValue else { return Element(ropID: RopID(step.ropID), range: start..<offset, notify: nil) }
        return Element(ropID: .notify, range: start..<offset, notify: RopNotifyView(buffer, from: start, step.extent, tables))
    }

    /// The element, materialized.
    public func response(_ element: Element) throws(WireError) -> RopResponse {
        if let notify = element.notify { return .notify(RopNotify(notify)) }
        var reader = ByteReader(ropsList, from: element.range.lowerBound, to: element.range.upperBound)
        return try RopResponse.decode(from: &reader)
    }
}

@available(*, unavailable, message: "a view reader points into a buffer valid only in withReader(ropsList:_:)")
extension RopResponseViewReader: Sendable {}
