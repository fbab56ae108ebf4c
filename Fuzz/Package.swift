// swift-tools-version: 6.0
// libFuzzer harnesses for every file smm reads: scenarios and catalogs, assessment sheets (XLSX,
// CSV), progress files and saved plans. Built only by Fuzz/run.sh, with -sanitize=fuzzer,address
// (libFuzzer provides main), never by the main package's build.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder: whatever the clone's folder is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let flags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "SMMFuzz",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        // The glue between a harness's entry point and libFuzzer's driver.
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "ScenarioFuzzer",
            dependencies: ["FuzzDriver", .product(name: "SMMScenario", package: root)], swiftSettings: flags),
        .executableTarget(
            name: "SheetFuzzer",
            dependencies: ["FuzzDriver", "ZIPFoundation", .product(name: "SMMPlanner", package: root)],
            swiftSettings: flags),
        .executableTarget(
            name: "ProgressFuzzer",
            dependencies: ["FuzzDriver", .product(name: "SMMScenario", package: root)], swiftSettings: flags),
        .executableTarget(
            name: "PlanFuzzer",
            dependencies: ["FuzzDriver", .product(name: "SMMPlanner", package: root)], swiftSettings: flags),
    ],
    swiftLanguageModes: [.v6]
)
