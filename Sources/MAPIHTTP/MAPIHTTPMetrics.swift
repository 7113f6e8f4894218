import NIOConcurrencyHelpers
import Prometheus

/// Transport metrics in a swift-prometheus registry, exposed at `GET /metrics` in the Prometheus
/// text format. Pass a shared registry so the notification engine and the store can register
/// their own figures (queue depths, collapses, delivery latency) beside these.
public final class MAPIHTTPMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let sessions: Gauge
    private let parkedWaits: Gauge
    private let unauthorized: Counter
    /// The request counters made so far, by type and response code: making one from the registry
    /// builds its name and takes the registry's lock, which every request would otherwise pay.
    private let requestCounters = NIOLockedValueBox<[RequestKey: Counter]>([:])

    private struct RequestKey: Hashable {
        var type: String
        var code: UInt32
    }
    /// Text other layers render at scrape time, appended after the registry's: figures a
    /// swift-prometheus registry cannot hold (its histograms only take observations one by one, so
    /// a histogram counted elsewhere, like the engine's delivery latency, is rendered by its owner).
    private let additionalExposition: (@Sendable (inout [UInt8]) -> Void)?
    // MetricNameDescriptor is not Sendable, so it cannot be a stored static.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "herald", subsystem: "mapihttp", metricName: "requests", unitName: "total",
            helpText: "MAPI/HTTP requests by X-RequestType and X-ResponseCode."
        )
    }

    /// - Parameter additionalExposition: appends complete metric families (HELP, TYPE and samples
    ///   in the Prometheus text format, each line ending in a newline) to the `/metrics` body.
    public init(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        additionalExposition: (@Sendable (inout [UInt8]) -> Void)? = nil
    ) {
        self.registry = registry
        self.additionalExposition = additionalExposition
        sessions = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "herald", subsystem: "mapihttp", metricName: "sessions", unitName: "",
            helpText: "Open MAPI/HTTP session contexts."
        ))
        parkedWaits = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "herald", subsystem: "mapihttp", metricName: "parked_waits", unitName: "",
            helpText: "NotificationWait requests currently held."
        ))
        unauthorized = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "herald", subsystem: "http", metricName: "unauthorized", unitName: "total",
            helpText: "Requests answered 401."
        ))
    }

    /// `type` must be a known request type or "unknown": header values never become labels.
    public func recordRequest(type: String, code: MAPIHTTPResponseCode) {
        let key = RequestKey(type: type, code: code.rawValue)
        let counter = requestCounters.withLockedValue { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(descriptor: Self.requests, labels: [("type", type), ("code", "\(code.rawValue)")])
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    public func recordUnauthorized() {
        unauthorized.increment()
    }

    /// The exposition text, with the session gauges refreshed first, then the additional families.
    public func render(sessions sessionCount: Int, waits: Int) -> [UInt8] {
        sessions.set(Int64(sessionCount))
        parkedWaits.set(Int64(waits))
        var text = registry.emitToBuffer()
        if let additionalExposition {
            if let last = text.last, last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
            additionalExposition(&text)
        }
        return text
    }
}
