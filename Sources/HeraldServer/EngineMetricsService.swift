import NotificationEngine
import Prometheus
import ServiceLifecycle

/// Copies the notification engine's figures into the shared Prometheus registry once a second, so
/// `GET /metrics` shows them beside the transport's: sessions, subscriptions, parked waits, queue
/// depth (entries and bytes), and the engine's running totals (events published, notifications
/// queued and delivered, ObjectModified coalesced, table rows collapsed, overflows, drops).
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
