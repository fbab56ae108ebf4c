/// Turns the Lagrangian subproblems' solutions into plans (`GuidedScheduler`) and keeps the best.
///
/// Guides are a preferred quarter per step (a real number: the order to try steps in, earlier
/// first, denser value per cost among equals): the running average of the subproblem solutions
/// (an estimate of the LP solution), the current solution, and value density alone.
struct PlanRounding {
    let problem: PlanningProblem
    private let scheduler: GuidedScheduler
    /// Value per unit of cost of each step.
    private let density: [Double]
    /// Weighted sum of "reached by the end of t" of each step over the solutions seen, and the weights.
    private var reached: [Double]
    private var weightSum = 0.0
    /// The best plan found and its maturity value.
    private(set) var best: (quarters: Schedule, value: Double)?

    init(problem: PlanningProblem) {
        self.problem = problem
        scheduler = GuidedScheduler(problem: problem)
        density = problem.steps.map { $0.value / max($0.cost, 1) }
        reached = Array(repeating: 0, count: problem.steps.count)
    }

    /// Adds a subproblem solution to the running average, with weight `weight`.
    mutating func average(_ quarters: Schedule, weight: Double) {
        let H = problem.scenario.horizon
        for (s, q) in quarters.enumerated() { if let q { reached[s] += weight * Double(H - q + 1) } }
        weightSum += weight
    }

    /// Rounds from the average and from the current solution, and by the Lagrangian heuristic
    /// (keep the subproblem's own quarters where they fit, then fill).
    mutating func round(current: Schedule) {
        let H = problem.scenario.horizon
        round(
            problem.steps.indices.map { s in
                weightSum > 0 ? Double(H + 1) - reached[s] / weightSum : Double(problem.steps[s].earliestQuarter)
            })
        let byCurrent = current.enumerated().map { s, q in
            q.map(Double.init) ?? Double(H + 1) + 1 / max(density[s], 1e-12)
        }
        round(byCurrent)
        round(byCurrent, preferred: current)
    }

    /// Rounds by value density alone, as a last guide.
    mutating func roundByDensity() {
        round(problem.steps.indices.map { -density[$0] })
    }

    /// Rounds from a guide: earlier first, then denser; keeps the best plan.
    mutating func round(_ guide: [Double], preferred: Schedule? = nil) {
        let order = problem.steps.indices.sorted { a, b in
            if guide[a] != guide[b] { return guide[a] < guide[b] }
            return density[a] != density[b] ? density[a] > density[b] : a < b
        }
        guard let plan = scheduler.schedule(order: order, preferred: preferred) else { return }
        let value = problem.maturityValue(of: plan)
        if best == nil || value > best!.value { best = (plan, value) }
    }

    /// The best plan with its timing refined (`GuidedScheduler.refine`) until `outOfTime`.
    func refinedBest(until outOfTime: () -> Bool) -> (quarters: Schedule, value: Double)? {
        guard let best else { return nil }
        let refined = scheduler.refine(best.quarters, until: outOfTime)
        return (refined, problem.maturityValue(of: refined))
    }
}
