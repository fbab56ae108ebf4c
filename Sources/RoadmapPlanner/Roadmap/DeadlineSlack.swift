/// Among plans of the same value, the one that meets deadlines earlier.
///
/// Spec §3's objective does not value a deadline's slack: a plan that reaches a due level in its
/// due quarter and one that reaches it a quarter early can both be optimal, and which of them a
/// search ends with depends on its path (two raced searches can end with either, `SearchRace`).
/// A user would rather have the slack (a quarter that slips does not then miss the deadline), so
/// after the search this moves each due step earlier by swapping quarters with a step of no
/// deadline whose move leaves the maturity value exactly as it was: the same value per quarter
/// held, or none. The plan stays valid (`PlanVerifier`) and its value unchanged; the choice
/// depends only on the plan, so a plan proven the same on every run stays the same.
struct DeadlineSlack {
    let problem: PlanningProblem
    private let verifier: PlanVerifier

    init(problem: PlanningProblem) {
        self.problem = problem
        verifier = PlanVerifier(problem: problem)
    }

    /// `plan` with each deadline's step taken as early as one swap allows, deadlines in the steps'
    /// order; a swap is kept only when the plan stays valid and its maturity value unchanged.
    func widened(_ plan: Schedule) -> Schedule {
        guard verifier.violations(plan).isEmpty else { return plan }
        var plan = plan
        let byQuarter = Dictionary(grouping: plan.indices.filter { plan[$0] != nil }) { plan[$0]! }
        var inQuarter = byQuarter.mapValues(Set.init)
        for s in problem.steps.indices where isDeadlineStep(s) {
            guard let planned = plan[s] else { continue }
            let earliest = problem.steps[s].earliestQuarter
            search: for earlier in earliest..<max(earliest, planned) {
                for partner in (inQuarter[earlier] ?? []).sorted() where canTrade(partner, into: planned) {
                    guard keepsTheValue(s, partner, from: planned, to: earlier) else { continue }
                    var swapped = plan
                    swapped[s] = earlier
                    swapped[partner] = planned
                    guard verifier.violations(swapped).isEmpty else { continue }
                    plan = swapped
                    inQuarter[earlier]!.remove(partner)
                    inQuarter[earlier]!.insert(s)
                    inQuarter[planned]!.remove(s)
                    inQuarter[planned]!.insert(partner)
                    break search
                }
            }
        }
        return plan
    }

    /// A step a file's deadline makes due (not only a `minimize-cost` target), free to move.
    private func isDeadlineStep(_ s: Int) -> Bool {
        let step = problem.steps[s]
        return step.dueQuarter != nil && !step.dueBy.isEmpty && !step.committed
    }

    /// Whether `partner` may move later, to `quarter`: no file deadline, not committed, and not
    /// past a `minimize-cost` target's due quarter.
    private func canTrade(_ partner: Int, into quarter: Int) -> Bool {
        let step = problem.steps[partner]
        return step.dueBy.isEmpty && !step.committed && quarter <= (step.dueQuarter ?? Int.max)
    }

    /// Whether swapping the quarters of `s` (from `planned` to `earlier`) and `partner` (the other
    /// way) leaves the maturity value as it was, up to rounding noise.
    private func keepsTheValue(_ s: Int, _ partner: Int, from planned: Int, to earlier: Int) -> Bool {
        let before = problem.objective(of: s, in: planned) + problem.objective(of: partner, in: earlier)
        let after = problem.objective(of: s, in: earlier) + problem.objective(of: partner, in: planned)
        return Tolerance.sameObjective(after, before)
    }
}
