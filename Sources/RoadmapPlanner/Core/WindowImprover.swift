import Foundation
import MaturityModel
import OptimizationModel
import ScenarioLoading

/// Local improvement of a plan: a few systems at a time are re-planned by GLPK, every other
/// system kept as it is and the budget and effort it leaves given to the window. A window's new
/// plan replaces the old one only when its objective is higher, so the plan never gets worse.
/// (Offering the current plan as GLPK's incumbent needs presolve off, which measured slower here.)
struct WindowImprover {
    let steps: PlanningSteps
    let solver: any MIPSolver
    /// Systems per window.
    var windowSize = 4
    /// Seconds a single window may take.
    var windowTimeLimit = 2.0

    /// Improves `plan` window by window until `deadline` (seconds of `clock`) or one pass over all systems.
    func improve(_ plan: [Int?], until deadline: Double, clock: () -> Double) -> [Int?] {
        let scenario = steps.scenario
        var plan = plan
        let all = steps.steps
        var stepsOfSystem = [[Int]](repeating: [], count: scenario.systems.count)
        for (s, step) in all.enumerated() { stepsOfSystem[step.systemIndex].append(s) }
        // Windows of systems that have steps, in a fixed shuffled order (deterministic).
        var order = scenario.systems.indices.filter { !stepsOfSystem[$0].isEmpty }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            order.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
        var start = 0
        while start < order.count, clock() < deadline {
            let window = Array(order[start..<min(start + windowSize, order.count)]).sorted()
            start += windowSize
            if let better = solveWindow(window, plan: plan, stepsOfSystem: stepsOfSystem,
                                        timeLimit: min(windowTimeLimit, max(0.05, deadline - clock()))) {
                plan = better
            }
        }
        return plan
    }

    private func solveWindow(_ window: [Int], plan: [Int?], stepsOfSystem: [[Int]], timeLimit: Double) -> [Int?]? {
        let scenario = steps.scenario
        let H = scenario.horizon
        let all = steps.steps
        let inWindow = Set(window)
        var otherSpend = [Double](repeating: 0, count: H), otherEffort = [Double](repeating: 0, count: H)
        for (s, quarter) in plan.enumerated() where !inWindow.contains(all[s].systemIndex) {
            if let t = quarter {
                otherSpend[t - 1] += all[s].cost
                otherEffort[t - 1] += all[s].effort
            }
        }
        func left(_ budget: Double, _ used: Double) -> Double { let l = budget - used; return abs(l) < 1e-6 ? 0 : l }
        let budget = QuarterlyBudget(
            quarterly: (0..<H).map { left(scenario.budget.quarterly[$0], otherSpend[$0]) },
            total: scenario.budget.total.map { left($0, otherSpend.reduce(0, +)) }, carryOver: scenario.budget.carryOver)
        let capacity = scenario.effortCapacity.map { c in (0..<H).map { left(c[$0], otherEffort[$0]) } }
        let newIndex = Dictionary(uniqueKeysWithValues: window.enumerated().map { ($1, $0) })
        let deadlines = scenario.deadlines.compactMap { d in
            newIndex[d.systemIndex].map {
                Deadline(systemIndex: $0, practiceID: d.practiceID, level: d.level, scope: d.scope, by: d.by,
                         byIndex: d.byIndex, sourceIndex: d.sourceIndex)
            }
        }
        let sub = Scenario(name: scenario.name, source: scenario.source, catalog: scenario.catalog, start: scenario.start,
                           horizon: H, objective: scenario.objective, budget: budget, effortCapacity: capacity,
                           scopeWeight: scenario.scopeWeight, systems: window.map { scenario.systems[$0] },
                           deadlines: deadlines, dependencies: scenario.dependencies)
        let subSteps = PlanningSteps(scenario: sub)
        // The window's steps appear in the same order in both enumerations (systems in index order).
        let fullSteps = window.flatMap { stepsOfSystem[$0] }
        guard subSteps.steps.count == fullSteps.count else { return nil }
        let model = RoadmapModel(steps: subSteps)
        let current = fullSteps.map { plan[$0] }
        let start = model.values(forQuarters: current)
        guard model.mip.violations(of: start).isEmpty else { return nil }
        let currentValue = model.mip.objectiveValue(of: start)
        // Without cuts: GLPK's root cut generation does not look at the clock.
        var options = SolveOptions(timeLimit: timeLimit, relativeGap: 0, presolve: true)
        options.cuts = false
        guard let solution = try? solver.solve(model.mip, options: options),
            let value = solution.objective, value > currentValue + 1e-9 else { return nil }
        var improved = plan
        for (k, quarter) in model.quarters(from: solution.values).enumerated() { improved[fullSteps[k]] = quarter }
        return improved
    }
}
