import Foundation
import OptimizationModel
import ScenarioLoading

/// The specialised core for large portfolios: a Lagrangian bound (per-system max-closure by min
/// cut) optimised by subgradient steps, and plans rounded from the running average of the
/// subproblem solutions by `GuidedScheduler`. Reports the best plan, the best proven bound and so
/// the gap, honestly.
struct PortfolioCore {
    struct Result {
        let quarters: [Int?]
        let value: Double
        let bound: Double
        let iterations: Int
        let seconds: Double
    }

    let steps: PlanningSteps
    let solver: any MIPSolver
    var timeLimit: Double = 60
    var relativeGap: Double = 0.0005
    var maxIterations = 4000

    func solve() -> Result? {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        var core = LagrangianCore(steps: steps)
        let scheduler = GuidedScheduler(steps: steps)
        let all = steps.steps
        let H = steps.scenario.horizon
        var multipliers = [Double](repeating: 0, count: core.rowCount)
        var bestBound = Double.infinity
        var best: (quarters: [Int?], value: Double)?
        // Running average of "reached by t" over iterations: an approximation of the LP solution.
        var reached = [Double](repeating: 0, count: all.count)
        var weightSum = 0.0
        var theta = 1.0, sinceImprovement = 0, iteration = 0

        let density = all.map { $0.value / max($0.cost, 1) }
        /// Rounds from a guide (a preferred quarter per step): earlier first, then denser; keeps the best plan.
        func round(_ guide: [Double], preferred: [Int?]? = nil) {
            let order = all.indices.sorted { a, b in
                if guide[a] != guide[b] { return guide[a] < guide[b] }
                return density[a] != density[b] ? density[a] > density[b] : a < b
            }
            guard let plan = scheduler.schedule(order: order, preferred: preferred) else { return }
            let value = scheduler.objective(plan)
            if best == nil || value > best!.value { best = (plan, value) }
        }
        func round(current: [Int?]) {
            // The averaged solution (an LP estimate) and the current subproblem solution.
            round(all.indices.map { s in weightSum > 0 ? Double(H + 1) - reached[s] / weightSum : Double(all[s].earliestQuarter) })
            let byCurrent = current.enumerated().map { s, q in q.map(Double.init) ?? Double(H + 1) + 1 / max(density[s], 1e-12) }
            round(byCurrent)
            // The Lagrangian heuristic: keep the subproblem's own quarters where they fit, then fill.
            round(byCurrent, preferred: current)
        }

        // The bound gets at most 40% of the time; windows of exact re-planning get the rest.
        while iteration < maxIterations && elapsed() < timeLimit * 0.4 {
            iteration += 1
            let evaluation = core.evaluate(multipliers: multipliers)
            if evaluation.bound < bestBound - 1e-9 {
                bestBound = evaluation.bound
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
                if sinceImprovement >= 25 { theta /= 1.5; sinceImprovement = 0 }
            }
            // Later iterations, closer to the optimal multipliers, weigh more in the average.
            let w = Double(iteration)
            for (s, q) in evaluation.quarters.enumerated() { if let q { reached[s] += w * Double(H - q + 1) } }
            weightSum += w
            if iteration == 1 || iteration % 10 == 0 { round(current: evaluation.quarters) }
            let lower = best?.value ?? 0
            if let best, (bestBound - best.value) / max(1, abs(bestBound)) <= relativeGap { break }
            let norm = evaluation.subgradient.reduce(0) { $0 + $1 * $1 }
            guard norm > 1e-18 else { break }   // the subproblem solution is feasible and complementary
            let step = theta * max(bestBound - lower, 1e-6 * max(1, abs(bestBound))) / norm
            multipliers = zip(multipliers, evaluation.subgradient).map { max(0, $0 - step * $1) }
            if theta < 1e-5 { break }
        }
        // Value density alone, as a last guide.
        round(all.indices.map { -density[$0] })
        guard var best else { return nil }
        let refined = scheduler.refine(best.quarters)
        best = (refined, scheduler.objective(refined))
        if (bestBound - best.value) / max(1, abs(bestBound)) > relativeGap {
            let improved = WindowImprover(steps: steps, solver: solver).improve(best.quarters, until: timeLimit, clock: elapsed)
            best = (improved, scheduler.objective(improved))
        }
        return Result(quarters: best.quarters, value: best.value, bound: max(bestBound, best.value),
                      iterations: iteration, seconds: elapsed())
    }
}
