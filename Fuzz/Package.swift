// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for Herald's wire decoders, kept out of the main package so `swift test` stays
// lean. Build and run with Scripts/fuzz.sh (it passes -sanitize=fuzzer,address).
let package = Package(
    name: "HeraldFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Herald", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "HeraldFuzz",
            dependencies: [.product(name: "MAPIWire", package: "Herald"), "CFuzzerDriver"]
        ),
        .target(name: "CFuzzerDriver"),
    ]
)
