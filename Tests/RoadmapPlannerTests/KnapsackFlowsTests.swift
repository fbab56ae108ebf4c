import GLPKBackend
import OptimizationModel
import ScenarioLoading
import ScenarioModel
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// `KnapsackFlows`: the limits' flows keep every plan of the program (checked against every plan
/// of tiny programs, enumerated), cut the LP relaxation, and leave the optimum where it was.
@Suite struct KnapsackFlowsTests {
    /// Tiny programs whose money limits bind: per quarter, with carry-over, with a total.
    static let cases: [(name: String, scenario: @Sendable () throws -> Scenario)] = [
        ("quarterly", { try Fixtures.portfolio(systems: 1, quarters: 3, budget: 4_000) }),
        ("carry-over", { try Fixtures.portfolio(systems: 1, quarters: 3, budget: 3_500, carryOver: true) }),
        (
            "total and effort",
            { try Fixtures.portfolio(systems: 1, quarters: 3, budget: 7_000, total: 11_000, effort: 9) }
        ),
        ("two systems", { try Fixtures.portfolio(systems: 2, quarters: 2, budget: 5_000) }),
    ]

    /// Every plan of the program (every schedule its rows allow), by enumeration.
    static func everyPlan(of model: RoadmapModel) -> [Schedule] {
        let steps = model.problem.steps
        var plans: [Schedule] = []
        var schedule = Schedule(stepCount: steps.count)
        func assign(_ s: Int) {
            guard s < steps.count else {
                if model.mip.violations(of: model.values(forQuarters: schedule)).isEmpty { plans.append(schedule) }
                return
            }
            let step = steps[s]
            var choices: [Int?] = [nil]
            if model.firstColumn[s] >= 0 {
                let after = step.predecessor.map { schedule[$0].map { $0 + 1 } ?? Int.max } ?? step.earliestQuarter
                let from = max(after, step.earliestQuarter)
                if from <= model.problem.scenario.horizon {
                    choices += (from...model.problem.scenario.horizon).map { $0 }
                }
            }
            for choice in choices {
                schedule[s] = choice
                assign(s + 1)
            }
            schedule[s] = nil
        }
        assign(0)
        return plans
    }

    @Test(arguments: 0..<cases.count) func everyPlanIsAPathThroughTheFlows(_ index: Int) throws {
        let steps = PlanningProblem(scenario: try Self.cases[index].scenario())
        let plain = RoadmapModel(problem: steps)
        let flows = RoadmapModel(problem: steps, knapsackFlows: true)
        let graphs = try #require(flows.flows?.graphs)
        #expect(!graphs.isEmpty, "\(Self.cases[index].name): a binding money limit gets flows")
        let plans = Self.everyPlan(of: plain)
        #expect(plans.count > 10, "\(Self.cases[index].name): \(plans.count) plans")
        for plan in plans {
            // The flows of a plan satisfy every row of the program with flows: no plan is cut off.
            #expect(flows.mip.violations(of: flows.values(forQuarters: plan)) == [], "\(plan)")
        }
    }

    @Test(arguments: 0..<cases.count) func theFlowsCutTheRelaxationAndKeepTheOptimum(_ index: Int) throws {
        let steps = PlanningProblem(scenario: try Self.cases[index].scenario())
        let plain = RoadmapModel(problem: steps)
        let flows = RoadmapModel(problem: steps, knapsackFlows: true)
        let best = Self.everyPlan(of: plain).map { steps.maturityValue(of: $0) }.max()!
        let options = SolveOptions(role: .extendedFormulation)
        let withFlows = try GLPKSolver().solve(flows.mip, options: options)
        let without = try GLPKSolver().solve(plain.mip, options: SolveOptions())
        #expect(withFlows.status == .optimal && without.status == .optimal)
        #expect(abs(withFlows.objective! - best) < 1e-6 && abs(without.objective! - best) < 1e-6)
        // The LP with the flows lies between the optimum and the plain LP.
        let strong = try #require(withFlows.relaxationObjective), weak = try #require(without.relaxationObjective)
        #expect(strong <= weak + 1e-6 && strong >= best - 1e-6, "\(strong) \(weak) \(best)")
        // The plan GLPK returns keeps every rule of the scenario.
        let quarters = flows.quarters(from: withFlows.values)
        #expect(plain.mip.violations(of: plain.values(forQuarters: quarters)) == [])
    }

    /// On a program where the budget leaves whole steps short, the flows' LP is strictly tighter.
    @Test func theFlowsTightenTheRelaxationWhereWholeStepsLeaveBudgetUnspent() throws {
        let steps = PlanningProblem(scenario: try Fixtures.portfolio(systems: 2, quarters: 3, budget: 5_000))
        let options = SolveOptions(role: .extendedFormulation)
        let strong = try GLPKSolver().solve(RoadmapModel(problem: steps, knapsackFlows: true).mip, options: options)
        let weak = try GLPKSolver().solve(RoadmapModel(problem: steps).mip, options: SolveOptions())
        #expect(strong.relaxationObjective! < weak.relaxationObjective! - 0.1)
        #expect(abs(strong.objective! - weak.objective!) < 1e-6)
    }

    @Test func largestUsableAmount() {
        #expect(KnapsackFlows.largest(in: [0, 3, 7], atMost: 6) == 3)
        #expect(KnapsackFlows.largest(in: [0, 3, 7], atMost: 7) == 7)
        #expect(KnapsackFlows.largest(in: [0, 3, 7], atMost: 100) == 7)
        #expect(KnapsackFlows.largest(in: [0], atMost: 0) == 0)
    }
}
