// swift-tools-version: 6.1
// Benchmarks of SMM Planner (ordo-one/benchmark), kept out of the root package so that its build
// stays fast. Run from this folder: swift package benchmark
import Foundation
import PackageDescription

// The root package is referred to by its identity, the name of the folder it was cloned into.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "SMMPlannerBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PlannerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SMMPlanner", package: root),
                .product(name: "SMMPortfolioGenerator", package: root),
            ],
            path: "Benchmarks/PlannerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ],
    swiftLanguageModes: [.v6]
)
