/// Request counters exposed at `GET /metrics` in the Prometheus text format (version 0.0.4).
///
/// Hand-rolled on purpose for now: the engine-side figures the issue asks for (queue depths,
/// collapses, delivery latency) will come with the notification engine; then this moves to
/// swift-metrics / swift-prometheus.
public actor MAPIHTTPMetrics {
    private var requests: [String: [UInt32: Int]] = [:]
    private var unauthorized = 0

    public init() {}

    public func recordRequest(type: String, code: MAPIHTTPResponseCode) {
        requests[type, default: [:]][code.rawValue, default: 0] += 1
    }

    public func recordUnauthorized() {
        unauthorized += 1
    }

    public func requestCount(type: String, code: MAPIHTTPResponseCode) -> Int {
        requests[type]?[code.rawValue] ?? 0
    }

    public func render(sessions: Int, waits: Int) -> String {
        var text = "# HELP herald_mapihttp_sessions Open MAPI/HTTP session contexts.\n"
        text += "# TYPE herald_mapihttp_sessions gauge\n"
        text += "herald_mapihttp_sessions \(sessions)\n"
        text += "# HELP herald_mapihttp_parked_waits NotificationWait requests currently held.\n"
        text += "# TYPE herald_mapihttp_parked_waits gauge\n"
        text += "herald_mapihttp_parked_waits \(waits)\n"
        text += "# HELP herald_mapihttp_requests_total MAPI/HTTP requests by X-RequestType and X-ResponseCode.\n"
        text += "# TYPE herald_mapihttp_requests_total counter\n"
        for type in requests.keys.sorted() {
            for (code, count) in requests[type, default: [:]].sorted(by: { $0.key < $1.key }) {
                text += "herald_mapihttp_requests_total{type=\"\(Self.escapeLabel(type))\",code=\"\(code)\"} \(count)\n"
            }
        }
        text += "# HELP herald_http_unauthorized_total Requests answered 401.\n"
        text += "# TYPE herald_http_unauthorized_total counter\n"
        text += "herald_http_unauthorized_total \(unauthorized)\n"
        return text
    }

    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for c in value.prefix(64) {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
