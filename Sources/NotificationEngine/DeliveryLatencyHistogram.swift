/// Commit-to-delivery latency of the notifications packed into responses: the time from the store
/// publishing a commit (``NotificationCore/publish(_:now:)``) to ``NotificationCore/pack(session:into:budget:now:)``
/// writing the RopNotify, on the caller's clock.
///
/// Fixed power-of-two buckets so recording is a few instructions per delivered entry: bucket `i`
/// (0 ≤ i < 20) holds latencies ≤ 2^(16+i) ns — from 65.536 µs to 2^35 ns ≈ 34.4 s — and above
/// the previous bound; the last bucket holds everything above 2^35 ns (+Inf). Counts are per
/// bucket, not cumulative (exporters accumulate).
public struct DeliveryLatencyHistogram: Hashable, Sendable {
    /// The first finite upper bound is 2^16 ns.
    public static let firstBoundExponent = 16
    /// The last finite upper bound is 2^35 ns.
    public static let lastBoundExponent = 35
    /// Finite buckets plus +Inf.
    public static let bucketCount = lastBoundExponent - firstBoundExponent + 2

    /// Latencies per bucket (see the type's documentation for the bounds).
    public private(set) var buckets = [UInt64](repeating: 0, count: bucketCount)
    /// Latencies recorded.
    public private(set) var count: UInt64 = 0
    /// Sum of the recorded latencies in nanoseconds (wraps after ~584 years of total latency).
    public private(set) var sumNanoseconds: UInt64 = 0

    public init() {}

    /// The bucket of a latency: the smallest `k` with `nanoseconds ≤ 2^k` is the bit width of
    /// `nanoseconds - 1`, clamped into the bucket range. No loop, no division.
    @inline(__always)
    public static func bucketIndex(nanoseconds: UInt64) -> Int {
        let belowBound = max(nanoseconds, 1) &- 1
        let exponent = UInt64.bitWidth - belowBound.leadingZeroBitCount
        return min(max(exponent - firstBoundExponent, 0), bucketCount - 1)
    }

    /// Upper bound of bucket `index` in nanoseconds; nil for the +Inf bucket.
    public static func upperBoundNanoseconds(bucket index: Int) -> UInt64? {
        guard index >= 0, index < bucketCount - 1 else { return nil }
        return 1 << UInt64(firstBoundExponent + index)
    }

    /// Records one delivery. A publication time after `now` (clocks that disagree) counts as 0.
    public mutating func record(publishedAt: EngineTime, now: EngineTime) {
        recordDeliveries(now: now) { $0.record(publishedAt: publishedAt) }
    }

    /// Records the deliveries of one packing pass: `body` gets a recorder writing straight into the
    /// bucket storage, so the per-entry cost is a subtraction, a bit count and three additions
    /// (no copy-on-write check, no bounds check in release builds).
    @inline(__always)
    mutating func recordDeliveries<Result>(now: EngineTime, _ body: (inout DeliveryRecorder) -> Result) -> Result {
        let (result, recorded, sum) = buckets.withUnsafeMutableBufferPointer { storage in
            var recorder = DeliveryRecorder(now: now.rawValue, buckets: storage)
            let result = body(&recorder)
            return (result, recorder.count, recorder.sumNanoseconds)
        }
        count &+= recorded
        sumNanoseconds &+= sum
        return result
    }
}

/// Counts deliveries into a ``DeliveryLatencyHistogram``'s buckets during
/// ``DeliveryLatencyHistogram/recordDeliveries(now:_:)``; must not escape it.
struct DeliveryRecorder {
    let now: UInt64
    let buckets: UnsafeMutableBufferPointer<UInt64>
    private(set) var count: UInt64 = 0
    private(set) var sumNanoseconds: UInt64 = 0

    init(now: UInt64, buckets: UnsafeMutableBufferPointer<UInt64>) {
        self.now = now
        self.buckets = buckets
    }

    @inline(__always)
    mutating func record(publishedAt: EngineTime) {
        let latency = now >= publishedAt.rawValue ? now &- publishedAt.rawValue : 0
        buckets[DeliveryLatencyHistogram.bucketIndex(nanoseconds: latency)] &+= 1
        count &+= 1
        sumNanoseconds &+= latency
    }
}
