// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MAPIWire", targets: ["MAPIWire"]),
        .executable(name: "herald", targets: ["herald"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Layer 1: pure wire codecs (MS-OXCROPS, MS-OXCNOTIF, MS-OXCRPC, MS-OXCDATA). No I/O, no dependencies.
        .target(name: "MAPIWire"),
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
        .testTarget(name: "MAPIInspectTests", dependencies: ["MAPIInspect", "MAPIWire"]),
    ]
)
