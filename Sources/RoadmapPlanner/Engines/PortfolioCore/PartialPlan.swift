/// A plan being built by `GuidedScheduler`: the quarter of each step placed so far and the money
/// and effort they use (`ResourceLedger`). Every change goes through the ledger, so the plan keeps
/// spec §3 at every moment.
struct PartialPlan {
    let problem: PlanningProblem
    private(set) var quarters: Schedule
    private var ledger: ResourceLedger

    init(problem: PlanningProblem, rules: ResourceRules) {
        self.problem = problem
        quarters = Schedule(stepCount: problem.steps.count)
        ledger = ResourceLedger(rules: rules)
    }

    /// The earliest quarter step `s`'s prerequisites allow, or `nil` while one is not placed.
    func ready(_ s: Int) -> Int? {
        var t = problem.steps[s].earliestQuarter
        for other in problem.steps[s].prerequisites {
            guard let q = quarters[other] else { return nil }
            t = max(t, q + 1)
        }
        return t
    }

    /// Whether step `s` fits the money and effort left in quarter `t`.
    func fits(_ s: Int, quarter t: Int) -> Bool {
        ledger.fits(problem.steps[s], quarter: t)
    }

    /// Places step `s` in quarter `t` (the caller checked `fits` and `ready`).
    mutating func take(_ s: Int, quarter t: Int) {
        ledger.add(problem.steps[s], quarter: t)
        quarters[s] = t
    }

    /// Places an unplaced step in the earliest quarter from `ready` to `latest` where it fits.
    mutating func place(_ s: Int, latest: Int) -> Bool {
        guard quarters[s] == nil, let from = ready(s), from <= latest else { return false }
        guard let t = (from...latest).first(where: { fits(s, quarter: $0) }) else { return false }
        take(s, quarter: t)
        return true
    }

    /// Places a due step, placing first (a quarter earlier at the latest) whatever it waits for.
    mutating func placeWithPrerequisites(_ s: Int, latest: Int) -> Bool {
        if let q = quarters[s] { return q <= latest }
        for other in problem.steps[s].prerequisites {
            guard placeWithPrerequisites(other, latest: latest - 1) else { return false }
        }
        return place(s, latest: latest)
    }

    /// Moves a placed step to the earliest quarter before its own where it fits, if any (never
    /// later, so what waits for it stays valid).
    mutating func pullEarlier(_ s: Int) -> Bool {
        guard let t = quarters[s], let from = ready(s), from < t else { return false }
        let step = problem.steps[s]
        ledger.remove(step, quarter: t)
        if let u = (from..<t).first(where: { fits(s, quarter: $0) }) {
            take(s, quarter: u)
            return true
        }
        ledger.add(step, quarter: t)
        return false
    }
}
