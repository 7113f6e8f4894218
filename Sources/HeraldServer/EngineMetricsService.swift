import NotificationEngine
import Prometheus
import ServiceLifecycle

/// Copies the notification engine's figures into the shared Prometheus registry once a second, so
/// `GET /metrics` shows them beside the transport's: sessions, subscriptions, parked waits, queue
/// depth (entries and bytes), and the engine's running totals (events published, notifications
/// queued and delivered, ObjectModified coalesced, table rows collapsed, overflows, drops).
///
/// The commit-to-delivery latency histogram is not copied here: a swift-prometheus histogram only
/// takes observations, and the engine counts its buckets itself. `/metrics` renders it at scrape
/// time with ``DeliveryLatencyHistogram/appendPrometheusExposition(to:)`` (wired in HeraldServe.swift).
struct EngineMetricsService: Service {
    let hub: NotificationHub
    let registry: PrometheusCollectorRegistry

    func run() async throws {
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "herald", subsystem: "engine", metricName: name, unitName: "", helpText: help))
        }
        let figures: [(Gauge, @Sendable (EngineMetrics) -> Int64)] = [
            (gauge("sessions", "Engine session contexts."), { Int64($0.sessions) }),
            (gauge("subscriptions", "Live notification subscriptions."), { Int64($0.subscriptions) }),
            (gauge("parked_waits", "Waits parked in the engine."), { Int64($0.parkedWaits) }),
            (gauge("queued_entries", "Notifications queued across sessions."), { Int64($0.queuedEntries) }),
            (gauge("queued_bytes", "Bytes of notifications queued across sessions."), { Int64($0.queuedBytes) }),
            (gauge("events_published", "Store events published since start."), { Int64(clamping: $0.eventsPublished) }),
            (gauge("entries_queued", "Notifications queued since start."), { Int64(clamping: $0.entriesQueued) }),
            (gauge("entries_delivered", "Notifications delivered (packed into responses) since start."), { Int64(clamping: $0.entriesDelivered) }),
            (gauge("object_modified_coalesced", "ObjectModified notifications coalesced since start."), { Int64(clamping: $0.objectModifiedCoalesced) }),
            (gauge("table_rows_collapsed", "Table row notifications collapsed into TableChanged since start."), { Int64(clamping: $0.tableRowsCollapsed) }),
            (gauge("queue_overflows", "Times a session queue reached its limit."), { Int64(clamping: $0.queueOverflows) }),
            (gauge("entries_dropped", "Notifications dropped at a queue limit."), { Int64(clamping: $0.entriesDropped) }),
        ]
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let metrics = hub.metrics
                for (gauge, value) in figures { gauge.set(value(metrics)) }
                do { try await Task.sleep(for: .seconds(1)) } catch { return }
            }
        }
    }
}

extension DeliveryLatencyHistogram {
    /// The metric family name on `/metrics`.
    static let prometheusName = "herald_engine_delivery_latency_seconds"

    /// Appends this histogram as one Prometheus histogram family in the text exposition format
    /// (0.0.4): HELP and TYPE lines, a cumulative `_bucket` sample per bound with `le` in seconds
    /// ending with `le="+Inf"`, then `_sum` in seconds and `_count`.
    func appendPrometheusExposition(to text: inout [UInt8]) {
        let name = Self.prometheusName
        var lines = """
            # HELP \(name) Time from a store commit being published to its notification being packed into a response.
            # TYPE \(name) histogram

            """
        var cumulative: UInt64 = 0
        for bucket in 0..<Self.bucketCount {
            cumulative &+= buckets[bucket]
            let bound = Self.upperBoundNanoseconds(bucket: bucket).map(Self.seconds) ?? "+Inf"
            lines += "\(name)_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        lines += "\(name)_sum \(Self.seconds(sumNanoseconds))\n"
        lines += "\(name)_count \(count)\n"
        text.append(contentsOf: lines.utf8)
    }

    /// Nanoseconds as an exact decimal count of seconds: "0", "0.000065536", "34.359738368".
    static func seconds(_ nanoseconds: UInt64) -> String {
        let whole = nanoseconds / 1_000_000_000
        var fraction = nanoseconds % 1_000_000_000
        guard fraction > 0 else { return "\(whole)" }
        var digits = 9
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let significant = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - significant.count) + significant
    }
}
