// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SMMPlanner",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smm", targets: ["smm"]),
        // Reading and checking scenarios alone, without the solver (and so without GLPK's GPL).
        .library(name: "SMMScenario", targets: ["MaturityModel", "TextSafety", "ScenarioModel", "ScenarioLoading"]),
        // The planner without a solver: bring your own MIPSolver (no GLPK, so no GPL from it).
        .library(
            name: "SMMPlannerCore",
            targets: ["MaturityModel", "TextSafety", "ScenarioModel", "ScenarioLoading", "GapAnalysis", "OptimizationModel",
                      "Roadmaps", "RoadmapPlanner"]),
        // Everything, with GLPK as the solver.
        .library(
            name: "SMMPlanner",
            targets: ["MaturityModel", "TextSafety", "ScenarioModel", "ScenarioLoading", "GapAnalysis", "OptimizationModel",
                      "GLPKBackend", "HiGHSBackend", "Roadmaps", "RoadmapPlanner", "Reports", "Spreadsheets", "Assessments"]),
        // Random realistic portfolios: a tool for benchmarks and tests (smm generate), not part of the planner.
        .library(name: "SMMPortfolioGenerator", targets: ["PortfolioGenerator"]),
        // HiGHS, loaded at run time when it is installed (no link, no build dependency).
        .library(name: "SMMHiGHS", targets: ["HiGHSBackend"]),
        // The contract every MIPSolver backend must meet, for any backend's own tests.
        .library(name: "MIPSolverConformance", targets: ["MIPSolverConformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        // `swift package generate-documentation`: the DocC catalog of the planner.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // The C boundary: GLPK from Debian's libglpk-dev. Only GLPKGuard and GLPKBackend see it.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // setjmp/longjmp around every GLPK call, so a GLPK error becomes a return code, not abort().
        .target(name: "GLPKGuard", dependencies: ["CGLPK"]),

        // XLSX writing: libxlsxwriter from Debian's libxlsxwriter-dev. Only Spreadsheets sees it.
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // Workbooks and CSV, without any SMM knowledge: writing XLSX (libxlsxwriter), reading XLSX
        // (ZIPFoundation and Foundation's XML parser) and CSV (SwiftCSV).
        .target(name: "Spreadsheets",
                dependencies: ["CXLSXWriter", "TextSafety", "ZIPFoundation", .product(name: "SwiftCSV", package: "SwiftCSV")]),
        // Assessment sheets: blank templates from a catalog, and filled ones read into a scenario's systems.
        .target(name: "Assessments",
                dependencies: ["MaturityModel", "ScenarioLoading", "ScenarioModel", "Spreadsheets", "TextSafety", "Yams"]),

        // Text as messages and terminals may show it: excerpts, escaped controls. No dependencies.
        .target(name: "TextSafety"),
        // The SMM catalog, levels and scopes: pure value types.
        .target(name: "MaturityModel"),
        // The values of a resolved scenario, its progress and initiatives, and diagnostics: what
        // every module downstream of the files reads, without the YAML parser.
        .target(name: "ScenarioModel", dependencies: ["MaturityModel", "TextSafety"]),
        // Scenario files (YAML/JSON) to a validated, resolved scenario with located diagnostics.
        .target(name: "ScenarioLoading",
                dependencies: ["MaturityModel", "ScenarioModel", "TextSafety", "Yams", .product(name: "Crypto", package: "swift-crypto")]),
        // Gap per practice and its roll-ups.
        .target(name: "GapAnalysis", dependencies: ["MaturityModel", "ScenarioModel"]),
        // A solver-independent mixed-integer model and the solver interface.
        .target(name: "OptimizationModel"),
        // The only Swift code that imports GLPK.
        .target(name: "GLPKBackend", dependencies: ["OptimizationModel", "CGLPK", "GLPKGuard"]),
        // HiGHS's C API, loaded with dlopen from libhighs (SMM_HIGHS_LIBRARY, or beside an installed
        // highspy): the planner's prover when it is there. MIT-licensed; nothing of it is linked.
        .target(name: "HiGHSBackend", dependencies: ["OptimizationModel"]),
        // The solver contract, as a library: any backend's tests run it on their MIPSolver.
        .target(name: "MIPSolverConformance", dependencies: ["OptimizationModel"]),
        // The values of a plan: the roadmap, its steps and quarters, the answers it gives (deadline
        // statuses, step reasons, what binds), saved plans, comparisons and sweep points. What the
        // reports read, without the planner's engines.
        .target(name: "Roadmaps", dependencies: ["MaturityModel", "ScenarioModel", "GapAnalysis", "OptimizationModel"]),
        // Scenario -> problem -> integer program -> engines -> verified roadmap. Solver-independent:
        // it is given a MIPSolver (the CLI gives it GLPK).
        .target(name: "RoadmapPlanner",
                dependencies: ["MaturityModel", "ScenarioModel", "GapAnalysis", "OptimizationModel", "Roadmaps"]),
        // Random realistic portfolios for benchmarks and tests.
        .target(name: "PortfolioGenerator", dependencies: ["MaturityModel", "ScenarioLoading"]),
        // Tables, Markdown, JSON and CSV for catalogs, gaps and plans.
        .target(name: "Reports",
                dependencies: ["MaturityModel", "TextSafety", "ScenarioModel", "GapAnalysis", "Roadmaps", "Spreadsheets",
                               .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "smm",
            dependencies: ["MaturityModel", "TextSafety", "ScenarioLoading", "ScenarioModel", "GapAnalysis", "Roadmaps", "RoadmapPlanner", "Reports",
                           "OptimizationModel", "GLPKBackend", "HiGHSBackend", "PortfolioGenerator", "Assessments",
                           "Spreadsheets", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Scenario helpers shared by the test targets (minimal scenario text, load, diagnostics).
        .target(name: "ScenarioTestSupport", dependencies: ["ScenarioLoading", "ScenarioModel"], path: "Tests/ScenarioTestSupport"),
        // A brute-force MIP solver: the reference of the conformance suite, and a backend without GLPK.
        .target(name: "TestSolvers", dependencies: ["OptimizationModel"], path: "Tests/TestSolvers"),
        // Catalogs, scenario files, validation messages and resolution rules.
        .testTarget(
            name: "ScenarioLoadingTests", dependencies: ["MaturityModel", "ScenarioLoading", "ScenarioModel", "ScenarioTestSupport"]),
        // Gap roll-ups.
        .testTarget(name: "GapAnalysisTests", dependencies: ["GapAnalysis", "ScenarioLoading", "ScenarioModel", "ScenarioTestSupport"]),
        // The solver contract (MIPSolverConformance) run against every backend, and GLPK's own tests.
        .testTarget(
            name: "MIPSolverTests",
            dependencies: ["OptimizationModel", "GLPKBackend", "GLPKGuard", "HiGHSBackend", "TestSolvers",
                           "MIPSolverConformance"]),
        // The planner's parts tested directly: rules, algorithms of the portfolio core, engines.
        .testTarget(
            name: "RoadmapPlannerTests",
            dependencies: ["MaturityModel", "ScenarioLoading", "ScenarioModel", "OptimizationModel", "Roadmaps", "RoadmapPlanner", "GLPKBackend",
                           "HiGHSBackend", "TestSolvers", "ScenarioTestSupport"]),
        // Scenarios to reports and the command line, end to end.
        .testTarget(
            name: "SMMPlannerTests",
            dependencies: ["MaturityModel", "ScenarioLoading", "ScenarioModel", "GapAnalysis", "OptimizationModel",
                           "GLPKBackend", "HiGHSBackend", "Roadmaps", "RoadmapPlanner", "Reports", "PortfolioGenerator",
                           "Spreadsheets", "Assessments", "ScenarioTestSupport", "TextSafety", "Yams"],
            exclude: ["png_colours.py", "Fixtures", "Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
