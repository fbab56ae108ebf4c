import GLPKBackend
import OptimizationModel
import ScenarioModel
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// The portfolio core's parts, each tested on its own.
@Suite struct PortfolioCoreAlgorithmTests {
    /// The minimum cut finds a maximum-weight closure: on random small graphs its weight equals the
    /// best over every subset of nodes that respects the implications and the forced nodes.
    @Test func maxClosureMatchesEnumeration() {
        var generator = SplitMix(seed: 11)
        for _ in 0..<300 {
            let n = Int(generator.next() % 7) + 2
            var implications: [(Int, Int)] = []
            for u in 0..<n {
                for v in 0..<n where u != v && generator.next() % 4 == 0 { implications.append((u, v)) }
            }
            let forced = (0..<n).filter { _ in generator.next() % 8 == 0 }
            let weights = (0..<n).map { _ in Double(Int(generator.next() % 21) - 10) }
            var closure = MaxClosure(nodeCount: n, implications: implications, forced: forced)
            let chosen = closure.solve(weights: weights)
            func closed(_ set: [Bool]) -> Bool {
                implications.allSatisfy { !set[$0.0] || set[$0.1] } && forced.allSatisfy { set[$0] }
            }
            func weight(_ set: [Bool]) -> Double { (0..<n).reduce(0) { $0 + (set[$1] ? weights[$1] : 0) } }
            let best = (0..<(1 << n)).map { mask in (0..<n).map { mask & (1 << $0) != 0 } }.filter(closed)
                .map(weight).max()
            #expect(closed(chosen), "\(implications) forced \(forced)")
            #expect(weight(chosen) == best, "\(implications) forced \(forced) weights \(weights)")
        }
    }

    /// The guided scheduler's plans keep every rule (the exact verifier finds nothing) and place
    /// steps in the order given where they fit.
    @Test(arguments: [false, true])
    func guidedSchedulerKeepsEveryRule(carryOver: Bool) throws {
        let scenario = try Fixtures.portfolio(systems: 3, quarters: 5, budget: 6_000, carryOver: carryOver, effort: 14)
        let steps = PlanningProblem(scenario: scenario)
        let scheduler = GuidedScheduler(problem: steps)
        var generator = SplitMix(seed: 3)
        for _ in 0..<20 {
            let order = steps.steps.indices.sorted { _, _ in generator.next() % 2 == 0 }
            let plan = try #require(scheduler.schedule(order: Array(order)))
            #expect(PlanVerifier(problem: steps).violations(plan).isEmpty)
            #expect(plan.contains { $0 != nil }, "a budget of 6,000 a quarter fits some step")
            let refined = scheduler.refine(plan)
            #expect(PlanVerifier(problem: steps).violations(refined).isEmpty)
            #expect(steps.maturityValue(of: refined) >= steps.maturityValue(of: plan))
        }
    }

    /// With every step free in every quarter, the sub-plan builder is the whole program: from the
    /// empty plan it reaches the optimum GLPK proves for the whole scenario.
    @Test func subplanWithEveryStepFreeIsTheWholeProgram() throws {
        let scenario = try Fixtures.portfolio(systems: 2, quarters: 4, budget: 7_000, effort: 12)
        let steps = PlanningProblem(scenario: scenario)
        let improver = SubplanImprover(problem: steps, solver: GLPKSolver())
        let empty = Schedule(stepCount: steps.steps.count)
        let plan = try #require(
            improver.improve(
                empty, free: Array(steps.steps.indices), allowed: { _ in Array(1...4) }, timeLimit: 30))
        #expect(PlanVerifier(problem: steps).violations(plan).isEmpty)
        let optimum = try Fixtures.optimum(scenario)
        #expect(optimum.status == .optimal)
        #expect(abs(steps.maturityValue(of: plan) - (optimum.objectiveValue ?? -1)) < 1e-9)
        // From the optimum, nothing better exists: the builder says so.
        #expect(
            improver.improve(plan, free: Array(steps.steps.indices), allowed: { _ in Array(1...4) }, timeLimit: 30)
                == nil)
    }

    /// The window cycle only ever improves a feasible plan and keeps it feasible.
    @Test func windowsImproveARoundedPlan() throws {
        let scenario = try Fixtures.portfolio(systems: 6, quarters: 6, budget: 8_000, carryOver: true, effort: 20)
        let steps = PlanningProblem(scenario: scenario)
        let rounded = try #require(
            GuidedScheduler(problem: steps).schedule(order: Array(steps.steps.indices.reversed())))
        let search = NeighbourhoodSearch(improver: SubplanImprover(problem: steps, solver: GLPKSolver()))
        var improvements: [Double] = []
        let clock = ContinuousClock(), started = clock.now
        let seconds = {
            Double((clock.now - started).components.attoseconds) / 1e18
                + Double((clock.now - started).components.seconds)
        }
        let improved = search.improve(rounded, until: 5, clock: seconds) {
            improvements.append(steps.maturityValue(of: $0))
        }
        #expect(PlanVerifier(problem: steps).violations(improved).isEmpty)
        #expect(steps.maturityValue(of: improved) > steps.maturityValue(of: rounded), "the reversed order is poor")
        #expect(improvements == improvements.sorted(), "each window's plan is better than the last")
        #expect(steps.maturityValue(of: improved) <= (try Fixtures.optimum(scenario).bound ?? 0) + 1e-9)
    }
}
