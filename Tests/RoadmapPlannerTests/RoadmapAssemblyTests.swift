import OptimizationModel
import ScenarioLoading
import ScenarioModel
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// What the assembly claims of a plan: `optimal` only with a proof.
@Suite struct RoadmapAssemblyTests {
    /// The portfolio core stopped by its time budget before its first iteration reports an infinite
    /// bound. That is no bound: the plan stays `feasible`, with no bound and no gap. (It was
    /// reported `optimal` with its own value as the bound: inf − value ≤ 1e-9 × inf holds.)
    @Test func anInfiniteBoundProvesNothing() throws {
        let scenario = try Fixtures.portfolio(systems: 2, quarters: 3, budget: 4_000)
        let steps = PlanningProblem(scenario: scenario)
        let plan = try #require(GuidedScheduler(problem: steps).schedule(order: Array(steps.steps.indices)))
        let report = SolveReport(rows: 0, columns: 0, nonzeros: 0, seconds: 0, engine: .portfolioCore, backend: "test")
        let roadmap = try RoadmapAssembly(problem: steps, report: report).roadmap(
            status: .feasible, quarters: plan, bound: .infinity, conflicts: [], seconds: 0, log: "")
        #expect(roadmap.status == .feasible && roadmap.bound == nil && roadmap.gap == nil)
        #expect(
            !Tolerance.meets(1, bound: .infinity) && !steps.valueGranularity.proves(1, bound: .infinity))
        // A finite bound the plan meets still proves it.
        let value = steps.maturityValue(of: plan)
        let proven = try RoadmapAssembly(problem: steps, report: report).roadmap(
            status: .feasible, quarters: plan, bound: value, conflicts: [], seconds: 0, log: "")
        #expect(proven.status == .optimal)
    }
}
