// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MAPIWire", targets: ["MAPIWire"]),
        .library(name: "DCERPC", targets: ["DCERPC"]),
        .library(name: "NotificationEngine", targets: ["NotificationEngine"]),
        .library(name: "MailboxStore", targets: ["MailboxStore"]),
        .library(name: "EMSMDB", targets: ["EMSMDB"]),
        .executable(name: "herald", targets: ["herald"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
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
        // Layer 4: the EMSMDB ROP processor — handle tables, output limits, ROP semantics over the store and engine.
        .target(name: "EMSMDB", dependencies: ["MAPIWire", "NotificationEngine", "MailboxStore"]),
        // Tiny writer process the durability test kills with SIGKILL mid-stream.
        .executableTarget(name: "StoreCrashWriter", dependencies: ["MailboxStore", "MAPIWire"], path: "Tests/StoreCrashWriter"),
        // Human- and JSON-readable descriptions of wire buffers (used by `herald decode`).
        .target(name: "MAPIInspect", dependencies: ["MAPIWire"]),
        // Transport: MAPI over HTTP (MS-OXCMAPIHTTP), Autodiscover POX, HTTP Basic authentication.
        .target(
            name: "MAPIHTTP",
            dependencies: [
                "MAPIWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // DCE/RPC connection-oriented protocol, NDR 2.0 and the EMSMDB/AsyncEMSMDB stubs (C706, MS-RPCE, MS-OXCRPC). Sans-I/O.
        .target(name: "DCERPC", dependencies: ["MAPIWire"]),
        // NTLMv2 server side (MS-NLMP): kept apart so DCERPC stays dependency-free.
        .target(name: "NTLM", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // NTLM as a DCE/RPC security provider (bind → bind_ack → auth3; sign/seal per PDU).
        .target(name: "DCERPCNTLM", dependencies: ["DCERPC", "NTLM"]),
        // `herald serve` and the admin side of the CLI: MAPI/HTTP and DCE/RPC over the EMSMDB processor, accounts, delivery.
        .target(
            name: "HeraldServer",
            dependencies: [
                "MAPIWire", "NotificationEngine", "MailboxStore", "MAPIHTTP", "EMSMDB", "DCERPCServer", "NTLM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The client side of the CLI: a MAPI/HTTP client (`herald watch`) and the admin client, on Herald's
        // own HTTP/1.1 client (NIOPosix + NIOHTTP1 + NIOSSL, keep-alive pool, docs/SERVE.md).
        .target(
            name: "HeraldClient",
            dependencies: [
                "MAPIWire", "MAPIInspect", "HeraldServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Transport: EMSMDB / AsyncEMSMDB over ncacn_ip_tcp on SwiftNIO, UDP push, NTLM logon (docs/DCERPC.md).
        .target(
            name: "DCERPCServer",
            dependencies: [
                "DCERPC", "DCERPCNTLM", "NTLM", "MAPIWire", "NotificationEngine", "EMSMDB",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "herald",
            dependencies: [
                "MAPIWire", "MAPIInspect", "HeraldServer", "HeraldClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Load figures of issue 8 against a running `herald serve` (Tools/HeraldLoad/main.swift).
        .executableTarget(
            name: "herald-load",
            dependencies: [
                "HeraldClient", "HeraldServer", "MAPIWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/HeraldLoad"
        ),
        .testTarget(name: "MAPIWireTests", dependencies: ["MAPIWire"]),
        .testTarget(name: "NotificationEngineTests", dependencies: ["NotificationEngine", "MAPIWire"]),
        .testTarget(name: "DCERPCTests", dependencies: ["DCERPC", "MAPIWire"]),
        .testTarget(name: "NTLMTests", dependencies: ["NTLM", "DCERPCNTLM", "DCERPC"]),
        .testTarget(
            name: "DCERPCServerTests",
            dependencies: [
                "DCERPCServer", "DCERPC", "NTLM", "MAPIWire", "NotificationEngine", "EMSMDB", "MailboxStore", "ImpacketSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "MailboxStoreTests", dependencies: ["MailboxStore", "MAPIWire", "NotificationEngine", "StoreCrashWriter"]),
        .testTarget(name: "EMSMDBTests", dependencies: ["EMSMDB", "MailboxStore", "NotificationEngine", "MAPIWire"]),
        .testTarget(name: "MAPIInspectTests", dependencies: ["MAPIInspect", "MAPIWire"]),
        .testTarget(
            name: "HeraldServerTests",
            dependencies: [
                "HeraldServer", "HeraldClient", "MAPIHTTP", "MAPIWire", "MailboxStore", "NotificationEngine", "MAPIInspect", "HTTPTestSupport",
                "ImpacketSupport", "DCERPCServer", "EMSMDB", "NTLM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The raw HTTP/1.1 client the MAPI/HTTP and server tests share (exact response bytes).
        .target(
            name: "HTTPTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/HTTPTestSupport"
        ),
        // Runs the impacket client scripts (Scripts/dcerpc-vectors) for the DCE/RPC server and serve tests.
        .target(name: "ImpacketSupport", path: "Tests/ImpacketSupport"),
        .testTarget(
            name: "MAPIHTTPTests",
            dependencies: [
                "MAPIHTTP", "HTTPTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)
