// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MAPIWire", targets: ["MAPIWire"]),
        .library(name: "NotificationEngine", targets: ["NotificationEngine"]),
        .library(name: "MailboxStore", targets: ["MailboxStore"]),
        .executable(name: "herald", targets: ["herald"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // Layer 1: pure wire codecs (MS-OXCROPS, MS-OXCNOTIF, MS-OXCRPC, MS-OXCDATA). No I/O, no dependencies.
        .target(name: "MAPIWire"),
        // Layer 2: the notification engine — sans-I/O sessions, subscriptions, queues, packing, waits.
        .target(name: "NotificationEngine", dependencies: ["MAPIWire"]),
        // Layer 3: durable mailboxes (folders, messages, properties, tables, search folders) publishing
        // ordered MailboxEvents. GRDB/SQLite by default, behind MailboxStoreBackend.
        .target(
            name: "MailboxStore",
            dependencies: ["MAPIWire", "NotificationEngine", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Tiny writer process the durability test kills with SIGKILL mid-stream.
        .executableTarget(name: "StoreCrashWriter", dependencies: ["MailboxStore", "MAPIWire"], path: "Tests/StoreCrashWriter"),
        // Human- and JSON-readable descriptions of wire buffers (used by `herald decode`).
        .target(name: "MAPIInspect", dependencies: ["MAPIWire"]),
        .executableTarget(
            name: "herald",
            dependencies: [
                "MAPIWire", "MAPIInspect",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MAPIWireTests", dependencies: ["MAPIWire"]),
        .testTarget(name: "NotificationEngineTests", dependencies: ["NotificationEngine", "MAPIWire"]),
        .testTarget(name: "MailboxStoreTests", dependencies: ["MailboxStore", "MAPIWire", "NotificationEngine", "StoreCrashWriter"]),
        .testTarget(name: "MAPIInspectTests", dependencies: ["MAPIInspect", "MAPIWire"]),
    ]
)
