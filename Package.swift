// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SMMPlanner",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smm", targets: ["smm"]),
        .library(
            name: "SMMPlanner",
            targets: ["MaturityModel", "ScenarioLoading", "GapAnalysis", "OptimizationModel",
                      "GLPKBackend", "RoadmapPlanner", "Reports", "PortfolioGenerator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // The C boundary: GLPK from Debian's libglpk-dev. Only GLPKGuard and GLPKBackend see it.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // setjmp/longjmp around every GLPK call, so a GLPK error becomes a return code, not abort().
        .target(name: "GLPKGuard", dependencies: ["CGLPK"]),

        // The SMM catalog, levels and scopes: pure value types.
        .target(name: "MaturityModel"),
        // Scenario files (YAML/JSON) to a validated, resolved scenario with located diagnostics.
        .target(name: "ScenarioLoading", dependencies: ["MaturityModel", "Yams"]),
        // Gap per practice and its roll-ups.
        .target(name: "GapAnalysis", dependencies: ["MaturityModel", "ScenarioLoading"]),
        // A solver-independent mixed-integer model and the solver interface.
        .target(name: "OptimizationModel"),
        // The only Swift code that imports GLPK.
        .target(name: "GLPKBackend", dependencies: ["OptimizationModel", "CGLPK", "GLPKGuard"]),
        // Scenario -> integer program -> roadmap, and infeasibility explanations.
        .target(name: "RoadmapPlanner",
                dependencies: ["MaturityModel", "ScenarioLoading", "GapAnalysis", "OptimizationModel", "GLPKBackend"]),
        // Random realistic portfolios for benchmarks and tests.
        .target(name: "PortfolioGenerator", dependencies: ["MaturityModel"]),
        // Tables, Markdown, JSON and CSV for catalogs, gaps and plans.
        .target(name: "Reports",
                dependencies: ["MaturityModel", "ScenarioLoading", "GapAnalysis", "RoadmapPlanner"]),
        .executableTarget(
            name: "smm",
            dependencies: ["MaturityModel", "ScenarioLoading", "GapAnalysis", "RoadmapPlanner", "Reports",
                           "OptimizationModel", "GLPKBackend", "PortfolioGenerator",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(
            name: "SMMPlannerTests",
            dependencies: ["MaturityModel", "ScenarioLoading", "GapAnalysis", "OptimizationModel",
                           "GLPKBackend", "RoadmapPlanner", "Reports", "PortfolioGenerator"],
            exclude: ["png_colours.py"]),
    ],
    swiftLanguageModes: [.v6]
)
