import Prometheus

/// Transport metrics in a swift-prometheus registry, exposed at `GET /metrics` in the Prometheus
/// text format. Pass a shared registry so the notification engine and the store can register
/// their own figures (queue depths, collapses, delivery latency) beside these.
public final class MAPIHTTPMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let sessions: Gauge
    private let parkedWaits: Gauge
    private let unauthorized: Counter
    // MetricNameDescriptor is not Sendable, so it cannot be a stored static.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "herald", subsystem: "mapihttp", metricName: "requests", unitName: "total",
            helpText: "MAPI/HTTP requests by X-RequestType and X-ResponseCode."
        )
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
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
        registry.makeCounter(descriptor: Self.requests, labels: [("type", type), ("code", "\(code.rawValue)")]).increment()
    }

    public func recordUnauthorized() {
        unauthorized.increment()
    }

    /// The exposition text, with the session gauges refreshed first.
    public func render(sessions sessionCount: Int, waits: Int) -> [UInt8] {
        sessions.set(Int64(sessionCount))
        parkedWaits.set(Int64(waits))
        return registry.emitToBuffer()
    }
}
