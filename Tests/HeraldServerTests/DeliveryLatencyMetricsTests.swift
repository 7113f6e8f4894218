import HTTPTestSupport
import Foundation
import HeraldClient
@testable import HeraldServer
import MAPIWire
import NotificationEngine
import Testing

/// The commit-to-delivery latency histogram on `GET /metrics` (issue 8; docs/SERVE.md "Metrics"),
/// in the Prometheus text exposition format 0.0.4.
@Suite("/metrics: herald_engine_delivery_latency_seconds")
struct DeliveryLatencyMetricsTests {
    static let name = "herald_engine_delivery_latency_seconds"

    /// The family's sample lines as (series, value), in order.
    static func samples(_ text: String) -> [(series: String, value: String)] {
        text.split(separator: "\n").compactMap { line -> (String, String)? in
            guard line.hasPrefix(name + "_"), let space = line.lastIndex(of: " ") else { return nil }
            return (String(line[..<space]), String(line[line.index(after: space)...]))
        }
    }

    @Test("Seconds are exact decimals of the nanosecond bounds")
    func seconds() {
        #expect(DeliveryLatencyHistogram.seconds(0) == "0")
        #expect(DeliveryLatencyHistogram.seconds(65_536) == "0.000065536")
        #expect(DeliveryLatencyHistogram.seconds(1_500_000) == "0.0015")
        #expect(DeliveryLatencyHistogram.seconds(3_000_000_000) == "3")
        #expect(DeliveryLatencyHistogram.seconds(34_359_738_368) == "34.359738368")
    }

    @Test("Rendering: HELP, TYPE, 21 cumulative buckets ending in +Inf, sum in seconds, count")
    func rendering() {
        var histogram = DeliveryLatencyHistogram()
        histogram.record(publishedAt: .zero, now: EngineTime(nanoseconds: 3_000_000))
        histogram.record(publishedAt: .zero, now: EngineTime(nanoseconds: 40_000))
        histogram.record(publishedAt: .zero, now: EngineTime(nanoseconds: 60_000_000_000))
        var bytes: [UInt8] = []
        histogram.appendPrometheusExposition(to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("# HELP \(Self.name) ") == true)
        #expect(lines.dropFirst().first == "# TYPE \(Self.name) histogram")
        #expect(text.hasSuffix("\n"))
        let samples = Self.samples(text)
        #expect(samples.count == 23)
        #expect(samples.first! == ("\(Self.name)_bucket{le=\"0.000065536\"}", "1"))
        #expect(samples[5] == ("\(Self.name)_bucket{le=\"0.002097152\"}", "1"))
        #expect(samples[6] == ("\(Self.name)_bucket{le=\"0.004194304\"}", "2"))
        #expect(samples[19] == ("\(Self.name)_bucket{le=\"34.359738368\"}", "2"))
        #expect(samples[20] == ("\(Self.name)_bucket{le=\"+Inf\"}", "3"))
        #expect(samples[21] == ("\(Self.name)_sum", "60.00304"))
        #expect(samples[22] == ("\(Self.name)_count", "3"))
    }

    @Test("After a delivered notification, /metrics shows the histogram with a non-zero count")
    func endToEnd() async throws {
        try await LiveHerald.with { server in
            let (watcher, _, _) = try await subscribedSession(server)
            let before = try await RawHTTPClient.send(port: server.port, method: "GET", path: "/metrics", headers: [])
            #expect(before.status == 200)
            #expect(before.bodyText.contains("\(Self.name)_count 0\n"))

            let info = try #require(HeraldDataDirectory(path: server.dataDirectory).readServerInfo())
            _ = try await AdminClient(info: info).deliver(.init(to: "alice", subject: "latency"))
            let (notifies, _) = try notifications(try await watcher.execute(RopBuffer(ropsList: [], handleTable: [])))
            #expect(!notifies.isEmpty)

            let response = try await RawHTTPClient.send(port: server.port, method: "GET", path: "/metrics", headers: [])
            #expect(response.status == 200)
            let text = response.bodyText
            #expect(text.contains("# HELP \(Self.name) "))
            #expect(text.contains("# TYPE \(Self.name) histogram\n"))
            // The transport's families are still there.
            #expect(text.contains("# TYPE herald_mapihttp_requests_total counter\n"))

            let samples = Self.samples(text)
            let buckets = samples.filter { $0.series.hasPrefix("\(Self.name)_bucket{") }
            #expect(buckets.count == DeliveryLatencyHistogram.bucketCount)
            #expect(buckets.last?.series == "\(Self.name)_bucket{le=\"+Inf\"}")
            let counts = buckets.compactMap { UInt64($0.value) }
            #expect(counts.count == buckets.count)
            #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 }, "buckets are cumulative")
            let count = try #require(samples.first { $0.series == "\(Self.name)_count" }.flatMap { UInt64($0.value) })
            #expect(count >= UInt64(notifies.count))
            #expect(counts.last == count)
            let sum = try #require(samples.first { $0.series == "\(Self.name)_sum" }.flatMap { Double($0.value) })
            #expect(sum > 0)
            try await watcher.disconnect()
        }
    }
}
