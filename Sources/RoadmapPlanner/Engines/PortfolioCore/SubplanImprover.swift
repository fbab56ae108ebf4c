import OptimizationModel

/// Re-plans part of a plan exactly with the MIP solver: a set of *free* steps, each allowed a few
/// quarters (a step not yet taken may also stay out; a taken one stays taken), while every other
/// step stays where it is. The budget and effort the fixed steps use are taken off each limit;
/// ladders, dependencies and deadlines between a free step and a fixed one become bounds on the
/// free step's quarters. The current plan is the solver's starting incumbent (checked first), so
/// the result is never worse, and it is kept only when better.
///
/// The portfolio core's local search (`NeighbourhoodSearch`) builds its windows on it: which steps
/// are free, and where they may go, is all that a window chooses.
struct SubplanImprover {
    let problem: PlanningProblem
    let solver: any MIPSolver
    /// For each step, the steps that wait for it (its ladder successor and its dependents).
    let dependents: [[Int]]
    /// The money and effort limits every window's rows come from (built once, not per window).
    let rules: ResourceRules
    /// Passed to every window's solve, so that a stop request ends the window at once.
    var stop: StopSignal?
    /// What the windows maximise: the plan's value, or the smallest of the parties' shares.
    var objective: WindowObjective = .planValue

    init(problem: PlanningProblem, solver: any MIPSolver) {
        self.problem = problem
        self.solver = solver
        dependents = problem.dependents()
        rules = problem.rules
    }

    /// Re-plans the free steps.
    /// - Parameters:
    ///   - plan: A feasible plan (spec §3): the quarter of each step, or `nil`.
    ///   - free: The steps that may move (schedulable ones; others are ignored).
    ///   - allowed: The quarters a free step may take; its current quarter is always allowed.
    ///   - timeLimit: Seconds the solver may take.
    /// - Returns: A better plan, or `nil` when the solver found none in time.
    func improve(_ plan: Schedule, free: [Int], allowed: (Int) -> [Int], timeLimit: Double) -> Schedule? {
        guard
            var window = Window(
                problem: problem, objective: objective, dependents: dependents, plan: plan, free: free,
                allowed: allowed)
        else { return nil }
        window.addOnceAndPrecedenceRows()
        window.addResourceRows(rules)
        window.addShareRows()
        let start = window.startingPoint
        guard window.model.violations(of: start).isEmpty else { return nil }
        // Many small solves of milliseconds each: the backend picks its settings for that role.
        var options = SolveOptions(timeLimit: timeLimit, relativeGap: 0, role: .subproblem, stop: stop)
        options.initialSolution = start
        guard let solution = try? solver.solve(window.model, options: options), let value = solution.objective,
            value > window.model.objectiveValue(of: start) + Tolerance.objective
        else { return nil }
        let better = window.plan(from: solution.values)
        return objective.isBetter(better, than: plan, in: problem) ? better : nil
    }
}

/// What a window of `SubplanImprover` maximises.
enum WindowObjective {
    /// The problem's own objective: the plan's value.
    case planValue
    /// Spec §7 max-min: the smallest share V_k / ideal_k of the parties `parties` (indices into the
    /// scenario's stakeholders, `ideals` in the same order), then, far behind, the sum of shares,
    /// so that a window that cannot raise the smallest still makes room for it.
    case smallestShare(parties: [Int], ideals: [Double])

    /// How much the sum of shares counts against the smallest share in a window's objective.
    /// Small enough that no window trades the smallest share for the others (a move changes each
    /// share by a like amount), large enough to stay above the solvers' tolerances once scaled.
    static let sumOfSharesWeight = 0.01

    /// Whether `plan` is better than `current` (a window's own objective can gain on the sum of
    /// shares alone, or by a rounding error: it is checked again here, exactly).
    func isBetter(_ plan: Schedule, than current: Schedule, in problem: PlanningProblem) -> Bool {
        switch self {
        case .planValue: return true  // the window's objective is the plan's value itself
        case .smallestShare(let parties, let ideals):
            let new = problem.shares(of: plan, parties: parties, ideals: ideals)
            let old = problem.shares(of: current, parties: parties, ideals: ideals)
            let smallest = (new.min() ?? 0, old.min() ?? 0)
            if smallest.0 > smallest.1 + Tolerance.objective { return true }
            return smallest.0 >= smallest.1 - Tolerance.objective
                && new.reduce(0, +) > old.reduce(0, +) + Tolerance.objective
        }
    }
}

/// The sub-program of one window: the free steps that have quarters to choose from, a column per
/// such quarter, and the rows that keep the plan within spec §3 given the fixed steps.
private struct Window {
    /// A free step in the window.
    struct Member {
        let step: Int
        /// Its columns: one per quarter it may take.
        let columns: [(quarter: Int, column: Int)]
        /// Taken in the plan and needed (a deadline, or a fixed step waits for it): it stays taken.
        let mustTake: Bool
        /// Taken outside its allowed quarters: it may only move earlier, and no column chosen means
        /// it stays where it is. Its money and effort stay booked in its quarter (conservative:
        /// nothing else may move there), which keeps the sub-program small.
        let pullOnly: Bool
    }

    let problem: PlanningProblem
    let objective: WindowObjective
    let plan: Schedule
    /// Whether each step was offered as free (and is schedulable).
    let isFree: [Bool]
    /// The window's members, in the order the free steps were given; `memberOf[s]` indexes them.
    private(set) var members: [Member] = []
    private(set) var memberOf: [Int: Int] = [:]
    private(set) var model = MIPModel(name: "subplan", sense: .maximize)

    /// Builds the columns, or `nil` when no free step can move or the plan is not feasible.
    init?(
        problem: PlanningProblem, objective: WindowObjective, dependents: [[Int]], plan: Schedule, free: [Int],
        allowed: (Int) -> [Int]
    ) {
        self.problem = problem
        self.objective = objective
        self.plan = plan
        var isFree = [Bool](repeating: false, count: problem.steps.count)
        for s in free where problem.isSchedulable(problem.steps[s]) { isFree[s] = true }
        self.isFree = isFree
        var allowedQuarters: [Int: [Int]] = [:]
        var pullOnly = Set<Int>()
        for s in free where isFree[s] {
            allowedQuarters[s] = allowed(s)
            if let q = plan[s], !allowedQuarters[s]!.contains(q) { pullOnly.insert(s) }
        }
        for s in free where isFree[s] {
            let range = quarterRange(of: s, dependents: dependents, pullOnly: pullOnly)
            var quarters = Set(allowedQuarters[s]!.filter { $0 >= range.from && $0 <= range.to })
            if pullOnly.contains(s), let q = plan[s] {
                quarters = quarters.filter { $0 < q }
                if quarters.isEmpty { continue }
            }
            guard range.possible, !quarters.isEmpty else {
                if plan[s] != nil || range.needed { return nil }  // the plan itself is not feasible
                continue
            }
            if plan[s] == nil && range.needed { return nil }
            addMember(
                s, quarters: quarters.sorted(), mustTake: range.needed && !pullOnly.contains(s),
                pullOnly: pullOnly.contains(s))
        }
        guard !members.isEmpty else { return nil }
    }

    /// The quarters a free step may take given what stays fixed (after fixed prerequisites, before
    /// fixed dependents and its due quarter), whether it must be taken, and whether it can be taken
    /// at all (not when a fixed prerequisite is not taken).
    private func quarterRange(of s: Int, dependents: [[Int]], pullOnly: Set<Int>)
        -> (from: Int, to: Int, needed: Bool, possible: Bool)
    {
        let step = problem.steps[s], H = problem.scenario.horizon
        var from = step.earliestQuarter
        var possible = true
        for p in step.prerequisites where !isFree[p] {
            guard let q = plan[p] else { possible = false; break }
            from = max(from, q + 1)
        }
        var to = min(H, step.dueQuarter ?? H)
        // A taken step stays taken (measured: letting steps that nothing needs drop out made
        // the windows slower to improve, 0.05-0.19% against 0.02-0.13% at 200 systems).
        var needed = step.dueQuarter != nil || plan[s] != nil
        // A dependent that stays, or may only move earlier, ends at or before its quarter now.
        for d in dependents[s] where !isFree[d] || pullOnly.contains(d) {
            if let q = plan[d] { to = min(to, q - 1); needed = true }
        }
        return (from, to, needed, possible)
    }

    private mutating func addMember(_ s: Int, quarters: [Int], mustTake: Bool, pullOnly: Bool) {
        // A pull-only step's value counts only what it gains over its quarter in the plan.
        let before = pullOnly ? columnObjective(of: s, in: plan[s]!) : 0
        let columns = quarters.map { t in
            (t, model.addColumn(name: "x\(s)_\(t)", objective: columnObjective(of: s, in: t) - before))
        }
        memberOf[s] = members.count
        members.append(Member(step: s, columns: columns, mustTake: mustTake, pullOnly: pullOnly))
    }

    /// What taking step `s` in quarter `t` adds to the window's objective: its value, or (for the
    /// smallest share) the sum-of-shares term, in units of the largest ideal so that the
    /// coefficients stay within the solvers' tolerances.
    private func columnObjective(of s: Int, in t: Int) -> Double {
        switch objective {
        case .planValue: return problem.objective(of: s, in: t)
        case .smallestShare(let parties, let ideals):
            let scale = ideals.max() ?? 1
            return WindowObjective.sumOfSharesWeight
                * zip(parties, ideals).reduce(0) { $0 + problem.partyValue($1.0, of: s, in: t) * scale / $1.1 }
        }
    }

    /// The column of the smallest share, when the window maximises it.
    private(set) var smallestShareColumn: Int?

    /// Max-min's rows: a column `z` (the smallest share; in the objective, times the largest
    /// ideal, like the columns' terms) at most each party's share, `ideal_k z − Σ v_k x ≤` what
    /// the steps that stay give party k. Nothing for the plan's value.
    mutating func addShareRows() {
        guard case .smallestShare(let parties, let ideals) = objective else { return }
        let scale = ideals.max() ?? 1
        let z = model.addColumn(name: "smallest_share", lower: 0, upper: .infinity, integer: false, objective: scale)
        smallestShareColumn = z
        // What stays: every step but the members that may leave their quarter (a pull-only one
        // counts where it is now; its columns add only what it gains by moving).
        var staying = plan
        for member in members where !member.pullOnly { staying[member.step] = nil }
        for (k, ideal) in zip(parties, ideals) {
            let terms = members.flatMap { member in
                member.columns.map { (t, c) in
                    let before = member.pullOnly ? problem.partyValue(k, of: member.step, in: plan[member.step]!) : 0
                    return (column: c, coefficient: -(problem.partyValue(k, of: member.step, in: t) - before))
                }
            }
            model.addRow(name: "share_\(k)", terms: terms + [(z, ideal)], upper: problem.partyValue(k, of: staying))
        }
    }

    /// Each member at most once (exactly once when it must be taken); a free prerequisite in an
    /// earlier quarter.
    mutating func addOnceAndPrecedenceRows() {
        for member in members {
            let s = member.step
            model.addRow(
                name: "once\(s)", terms: member.columns.map { ($0.column, 1.0) },
                lower: member.mustTake ? 1 : -.infinity, upper: 1)
            for p in problem.steps[s].prerequisites where isFree[p] {
                let prerequisite = memberOf[p].map { members[$0] }
                for (t, c) in member.columns {
                    // A prerequisite that stays before t (or moves earlier still) needs no row.
                    if prerequisite?.pullOnly ?? true, let q = plan[p], q < t { continue }
                    var terms = [(column: c, coefficient: 1.0)]
                    for (u, pc) in prerequisite?.columns ?? [] where u < t { terms.append((pc, -1)) }
                    model.addRow(name: "pre\(s)_\(p)_\(t)", terms: terms, upper: 0)
                }
            }
        }
    }

    /// A row per limit of `ResourceRules` that a member can count against, each less what the
    /// fixed steps use of it.
    mutating func addResourceRows(_ rules: ResourceRules) {
        let all = problem.steps
        let H = rules.horizon
        var fixedMoney = [Double](repeating: 0, count: H + 1), fixedEffort = [Double](repeating: 0, count: H + 1)
        var fixed = Schedule(stepCount: all.count)
        for (s, q) in plan.enumerated() {
            // Fixed: not free, free without a column (it stays), or pull-only (booked where it is).
            guard let q, memberOf[s].map({ members[$0].pullOnly }) ?? true else { continue }
            fixedMoney[q] += all[s].cost
            fixedEffort[q] += all[s].effort
            fixed[s] = q
        }
        let fixedUse = rules.usage(
            money: fixedMoney, effort: fixedEffort, payments: rules.payments(of: all, quarters: fixed))
        var touched = [Bool](repeating: false, count: H + 1)
        for member in members { for (t, _) in member.columns { touched[t] = true } }
        for (l, limit) in rules.limits.enumerated() where limit.quarters.contains(where: { touched[$0] }) {
            // A pull-only step is booked in its own quarter q: moved to t < q, it adds to the limits
            // that count t and not q.
            let terms = members.flatMap { member -> [(column: Int, coefficient: Double)] in
                if member.pullOnly, limit.counts(plan[member.step]!) { return [] }
                let use = ResourceRules.use(of: all[member.step], limit.resource)
                return member.columns.filter { limit.counts($0.quarter) }.map { ($0.column, use) }
            }
            // What is left; a hair's breadth from zero (rounding) is zero.
            let left = limit.amount - fixedUse[l]
            model.addRow(name: limit.name, terms: terms, upper: abs(left) < Tolerance.leftover ? 0 : left)
        }
    }

    /// The current plan as a point of the sub-program.
    var startingPoint: [Double] {
        var start = [Double](repeating: 0, count: model.columnCount)
        for member in members {
            if let q = plan[member.step], let c = member.columns.first(where: { $0.quarter == q }) {
                start[c.column] = 1
            }
        }
        if let z = smallestShareColumn, case .smallestShare(let parties, let ideals) = objective {
            start[z] = problem.shares(of: plan, parties: parties, ideals: ideals).min() ?? 0
        }
        return start
    }

    /// The plan with the members where the solution puts them.
    func plan(from values: [Double]) -> Schedule {
        var improved = plan
        for member in members {
            // No column chosen: a pull-only step stays where it was; any other was not taken.
            improved[member.step] =
                member.columns.first(where: { values[$0.column] > 0.5 })?.quarter
                ?? (member.pullOnly ? plan[member.step] : nil)
        }
        return improved
    }
}
