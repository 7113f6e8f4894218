// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks (ordo-one/package-benchmark), kept out of the main package so `swift test`
// stays lean. Run with `swift package benchmark` from this directory.
//
// Each benchmark suite is one executable target under Benchmarks/<Name>/; add a suite by adding a
// name to `suites` (and its dependencies below).
let suites: [(name: String, dependencies: [Target.Dependency])] = [
    ("WireBenchmarks", [.product(name: "MAPIWire", package: "Herald")]),
    ("StoreBenchmarks", [
        .product(name: "MAPIWire", package: "Herald"), .product(name: "NotificationEngine", package: "Herald"),
        .product(name: "MailboxStore", package: "Herald"), .product(name: "GRDB", package: "GRDB.swift"),
    ]),
    ("EngineBenchmarks", [.product(name: "MAPIWire", package: "Herald"), .product(name: "NotificationEngine", package: "Herald")]),
    ("ProcessorBenchmarks", [
        .product(name: "MAPIWire", package: "Herald"), .product(name: "NotificationEngine", package: "Herald"),
        .product(name: "MailboxStore", package: "Herald"), .product(name: "EMSMDB", package: "Herald"),
    ]),
    ("TableBenchmarks", [.product(name: "EMSMDB", package: "Herald"), .product(name: "MailboxStore", package: "Herald"), .product(name: "MAPIWire", package: "Herald"), .product(name: "NotificationEngine", package: "Herald")]),
]

let package = Package(
    name: "HeraldBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Herald", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: suites.map { suite in
        .executableTarget(
            name: suite.name,
            dependencies: suite.dependencies + [.product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/\(suite.name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
