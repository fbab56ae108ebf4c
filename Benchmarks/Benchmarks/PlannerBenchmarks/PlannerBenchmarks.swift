import Benchmark
import GLPKBackend
import PortfolioGenerator
import RoadmapPlanner
import Roadmaps
import ScenarioLoading

/// Generated portfolios of the performance issue: 50 and 200 systems over 8 quarters, 1,000 over 12.
/// Model building is deterministic and gated on mallocs and instructions; planning runs to a time
/// limit (the core stops at it), so its wall clock is the figure and its gap is in docs/performance.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions, .peakMemoryResident],
        warmupIterations: 0,
        scalingFactor: .one,
        maxDuration: .seconds(120),
        maxIterations: 3,
        thresholds: [
            .mallocCountTotal: .init(relative: [.p50: 5]),
            .instructions: .init(relative: [.p50: 5]),
        ])

    for (systems, quarters, limit) in [(50, 8, 2.0), (200, 8, 10.0), (1000, 12, 60.0)] {
        let scenario = try! ScenarioLoader().load(
            text: PortfolioGenerator(systems: systems, quarters: quarters, seed: 1).yaml(), source: "generated")
        let size = "\(systems)x\(quarters)"

        Benchmark("model building \(size)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(RoadmapPlanner(solver: GLPKSolver()).model(for: scenario))
            }
        }

        Benchmark(
            "plan (automatic, \(Int(limit)) s limit) \(size)",
            configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxIterations: 1, thresholds: [:])
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(
                    try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: limit)).plan(scenario))
            }
        }
    }
}
