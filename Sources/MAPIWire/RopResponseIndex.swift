/// A response RopsList (MS-OXCROPS 2.2.1) validated in one pass, kept as where each response starts:
/// with the bytes (RopId, and for RopNotify (MS-OXCROPS 2.2.14.2.1) the NotificationFlags and
/// TableEventType that select the shape of its NotificationData, MS-OXCNOTIF 2.2.1.4.1.2) that is all
/// a ``RopNotifyView`` needs, so views are made from the index without validating anything again.
///
/// It accepts and rejects exactly what ``RopResponseViewReader`` and ``RopResponseReader`` do, with
/// the same errors: all three run the same per-response step. The index is meant to be reused: once
/// its storage has grown to a list's size, validating another list of that size allocates nothing.
///
/// ```swift
/// var index = RopResponseIndex()
/// try index.validate(ropsList)
/// index.withElements { elements in
///     for element in elements { if let notify = element.notify { … } }
/// }
/// ```
public struct RopResponseIndex: Sendable {
    /// The RopsList last validated (shared, not copied).
    public private(set) var ropsList: [UInt8] = []
    /// Where the validated responses end: `ropsList.count`, or where the error was found.
    public private(set) var validatedEnd = 0
    /// Number of responses validated.
    public private(set) var count = 0
    /// Where each response starts (offsets fit: lists are at most 4 GiB). Entries `0..<count` are
    /// meaningful; the rest is capacity kept for the next list.
    private var starts: [UInt32] = []

    public init() {}

    /// Validates `ropsList` and indexes its responses, replacing what the index held.
    ///
    /// On error the index holds the responses before the one in error (the same ones
    /// ``RopResponseViewReader`` yields before throwing). Lists longer than 4 GiB are refused
    /// (offsets are stored in 32 bits; a RopsList is at most 64 KiB, its RopSize being a u16).
    public mutating func validate(_ ropsList: [UInt8]) throws(WireError) {
        self.ropsList = ropsList
        count = 0
        validatedEnd = 0
        guard ropsList.count <= Int(UInt32.max) else {
            throw WireError(offset: 0, field: "RopsList", kind: .limitExceeded(limit: Int(UInt32.max), actual: ropsList.count))
        }
        // A RopNotify is at least 10 bytes (TableChanged); lists of other ROPs grow the storage as they go.
        let expected = ropsList.count / 8 + 16
        if starts.count < expected { starts += repeatElement(0, count: expected - starts.count) }
        while true {
            let (reached, filled, error) = ropsList.withUnsafeBytes { buffer in
                starts.withUnsafeMutableBufferPointer { storage in
                    Self.fill(storage, from: count, buffer, ropsList, from: validatedEnd)
                }
            }
            count = filled
            validatedEnd = reached
            if let error { throw error }
            if reached == ropsList.count { return }
            starts += repeatElement(0, count: starts.count)
        }
    }

    /// The pass: validates responses from `start` and stores them from `storage[first]` until the
    /// list or the storage ends or a response is malformed.
    private static func fill(
        _ storage: UnsafeMutableBufferPointer<UInt32>, from first: Int, _ buffer: UnsafeRawBufferPointer, _ ropsList: [UInt8], from start: Int
    ) -> (reached: Int, count: Int, error: WireError?) {
        let tables = NotificationDataView.Shape.tables
        let end = buffer.count
        var start = start
        var count = first
        do throws(WireError) {
            while start < end, count < storage.count {
                storage[count] = UInt32(truncatingIfNeeded: start)
                start = try step(buffer, ropsList, from: start, tables).extent.end
                count &+= 1
            }
            return (start, count, nil)
        } catch {
            return (start, count, error)
        }
    }

    /// What one response is: its RopId, where it ends and (RopNotify) its shape.
    struct Step {
        var ropID: UInt8
        var extent: NotificationDataView.Extent
    }

    /// Validates the response at `start`: the one step of every response reader. RopNotify is
    /// validated in place; other ROPs are decoded with ``RopResponse/decode(from:)`` to find their end.
    @inline(__always)
    static func step(
        _ buffer: UnsafeRawBufferPointer, _ ropsList: [UInt8], from start: Int, _ tables: NotificationDataView.Shape.Tables
    ) throws(WireError) -> Step {
        let end = buffer.count
        let ropID = buffer.load(fromByteOffset: start, as: UInt8.self)
        guard ropID == RopID.notify.rawValue else { return try otherStep(ropsList, ropID: ropID, from: start) }
        try RopNotifyView.validateHeader(buffer, from: start, to: end)
        let dataStart = start &+ RopNotify.headerSize
        let extent = try NotificationDataView.validate(buffer, flags: NotificationDataView.load16(buffer, dataStart), from: dataStart, to: end, tables)
        return Step(ropID: ropID, extent: extent)
    }

    @inline(never)
    private static func otherStep(_ ropsList: [UInt8], ropID: UInt8, from start: Int) throws(WireError) -> Step {
        var reader = ByteReader(ropsList, from: start, to: ropsList.count)
        _ = try RopResponse.decode(from: &reader)
        return Step(ropID: ropID, extent: NotificationDataView.Extent(end: reader.offset, shapeIndex: 0, tableEventType: 0))
    }

    // MARK: Reading the index

    /// The RopId of response `index` (`0..<count`).
    public func ropID(at index: Int) -> RopID {
        precondition(index >= 0 && index < count, "RopResponseIndex index out of range")
        return RopID(ropsList[Int(starts[index])])
    }

    /// Where response `index` (`0..<count`) lies in ``ropsList``.
    public func range(at index: Int) -> Range<Int> {
        precondition(index >= 0 && index < count, "RopResponseIndex index out of range")
        return Int(starts[index])..<(index + 1 < count ? Int(starts[index + 1]) : validatedEnd)
    }

    /// Response `index` (`0..<count`), materialized.
    public func response(at index: Int) throws(WireError) -> RopResponse {
        let range = range(at: index)
        var reader = ByteReader(ropsList, from: range.lowerBound, to: range.upperBound)
        return try RopResponse.decode(from: &reader)
    }

    /// Runs `body` with the validated responses as elements of ``RopResponseViewReader``: RopId,
    /// range and, for RopNotify, a view made from the index. Views must not outlive `body`.
    public func withElements<Result, Failure: Error>(_ body: (Elements) throws(Failure) -> Result) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = ropsList.withUnsafeBytes { buffer in
            do throws(Failure) {
                return .success(try body(Elements(index: self, buffer: buffer, tables: NotificationDataView.Shape.tables)))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The validated responses over the bytes of ``ropsList``.
    public struct Elements: RandomAccessCollection {
        let index: RopResponseIndex
        let buffer: UnsafeRawBufferPointer
        let tables: NotificationDataView.Shape.Tables

        public var startIndex: Int { 0 }
        public var endIndex: Int { index.count }

        public subscript(position: Int) -> RopResponseViewReader.Element {
            let range = index.range(at: position)
            let ropID = buffer.load(fromByteOffset: range.lowerBound, as: UInt8.self)
            guard ropID == RopID.notify.rawValue else { return RopResponseViewReader.Element(ropID: RopID(ropID), range: range, notify: nil) }
            let extent = NotificationDataView.Extent(validated: buffer, from: range.lowerBound &+ RopNotify.headerSize, to: range.upperBound, tables)
            return RopResponseViewReader.Element(
                ropID: .notify, range: range, notify: RopNotifyView(buffer, from: range.lowerBound, extent, tables))
        }
    }
}

@available(*, unavailable, message: "elements point into a buffer valid only in withElements(_:)")
extension RopResponseIndex.Elements: Sendable {}
