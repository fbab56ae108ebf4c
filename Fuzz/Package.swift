// swift-tools-version: 6.0
// A libFuzzer harness for the scenario and catalog loaders. Built only by Fuzz/run.sh, with
// -sanitize=fuzzer,address (libFuzzer provides main), never by the main package's build.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder: whatever the clone's folder is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "SMMFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "ScenarioFuzzer",
            dependencies: [.product(name: "SMMScenario", package: root)],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v6]
)
