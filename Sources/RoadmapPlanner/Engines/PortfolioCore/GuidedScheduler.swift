import ScenarioModel

/// Turns a guide (a preferred order of the steps) into a feasible plan, then improves it.
///
/// Deadline steps are placed first, each in the earliest quarter where it fits; then every other
/// step, in the guide's order, in the earliest quarter that its ladder, its dependencies and the
/// budget and effort left allow. Improvement passes then pull steps earlier and insert steps left
/// out, while anything changes. Every placement is checked against the ledger, so the plan
/// satisfies spec §3 by construction (the tests check it independently too).
struct GuidedScheduler {
    let problem: PlanningProblem
    /// The money and effort limits each plan is built within (built once, not per rounding).
    let rules: ResourceRules

    init(problem: PlanningProblem) {
        self.problem = problem
        rules = problem.rules
    }

    /// A plan: the quarter each step is taken in, or `nil`.
    /// - Parameters:
    ///   - order: Steps in the order to try them (all steps, each once).
    ///   - preferred: A quarter per step from an integral solution that may break the budget (e.g. a
    ///     Lagrangian subproblem's): after the deadline steps, each step goes to its preferred quarter
    ///     first, in `order`, where it fits; only then is the rest filled in. Keeping the solution's
    ///     own timing avoids the cascade in which a step that does not fit its quarter takes the
    ///     budget of the next quarter's steps.
    /// - Returns: The plan, or `nil` when a deadline step could not be placed.
    func schedule(order: [Int], preferred: Schedule? = nil) -> Schedule? {
        var plan = PartialPlan(problem: problem, rules: rules)
        guard placeDueSteps(&plan) else { return nil }
        if let preferred { placePreferred(&plan, preferred: preferred, order: order) }
        placeInOrder(&plan, order: order)
        pullEarlierAndFill(&plan, order: order)
        return plan.quarters
    }

    /// Deadline steps, by due quarter, lower steps of a ladder first, each with what it waits for.
    /// - Returns: false when one cannot be placed by its due quarter.
    private func placeDueSteps(_ plan: inout PartialPlan) -> Bool {
        let all = problem.steps
        let due = all.indices.filter { all[$0].dueQuarter != nil && problem.isSchedulable(all[$0]) }
            .sorted {
                (all[$0].dueQuarter!, all[$0].earliestQuarter, $0) < (all[$1].dueQuarter!, all[$1].earliestQuarter, $1)
            }
        return due.allSatisfy { plan.placeWithPrerequisites($0, latest: all[$0].dueQuarter!) }
    }

    /// Each step in its preferred quarter where it fits, by preferred quarter (so that
    /// prerequisites, preferred earlier, come first), then in the guide's order.
    private func placePreferred(_ plan: inout PartialPlan, preferred: Schedule, order: [Int]) {
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let wanted = order.filter {
            preferred[$0] != nil && plan.quarters[$0] == nil && problem.isSchedulable(problem.steps[$0])
        }
        .sorted { (preferred[$0]!, rank[$0]!) < (preferred[$1]!, rank[$1]!) }
        for s in wanted {
            let t = preferred[s]!
            guard let from = plan.ready(s), from <= t, plan.fits(s, quarter: t) else { continue }
            plan.take(s, quarter: t)
        }
    }

    /// The rest in the guide's order; a step whose prerequisite is not placed yet is retried later.
    private func placeInOrder(_ plan: inout PartialPlan, order: [Int]) {
        let H = problem.scenario.horizon
        var pending = order.filter { plan.quarters[$0] == nil && problem.isSchedulable(problem.steps[$0]) }
        var progress = true
        while progress && !pending.isEmpty {
            progress = false
            var still: [Int] = []
            for s in pending {
                if plan.ready(s) == nil { still.append(s); continue }
                if plan.place(s, latest: H) { progress = true } else { still.append(s) }
            }
            pending = still.count < pending.count ? still : []
        }
    }

    /// Moves each step to the earliest quarter that fits and tries again the steps left out;
    /// repeats while the plan gets better (at most eight passes).
    private func pullEarlierAndFill(_ plan: inout PartialPlan, order: [Int]) {
        let H = problem.scenario.horizon
        var improved = true
        var passes = 0
        while improved && passes < 8 {
            improved = false
            passes += 1
            for s in order where plan.pullEarlier(s) { improved = true }
            for s in order where plan.quarters[s] == nil && problem.isSchedulable(problem.steps[s]) {
                if plan.place(s, latest: H) { improved = true }
            }
        }
    }

    /// Improves the timing of a finished plan by trading quarters between equal steps, until no
    /// trade gains. Costlier than a rounding (quadratic in a cost class), so run once on the best plan.
    /// - Parameter outOfTime: Polled between trades; once true, the plan so far is returned (every
    ///   trade keeps it feasible).
    func refine(_ plan: Schedule, until outOfTime: () -> Bool = { false }) -> Schedule {
        let dependents = problem.dependents()
        var quarter = plan
        var rounds = 0
        while rounds < 20, !outOfTime(), exchangeEqualSteps(&quarter, dependents: dependents, outOfTime: outOfTime) {
            rounds += 1
        }
        return quarter
    }

    /// Two steps with the same cost, effort and payers can trade quarters without touching any
    /// budget, effort or payment row; the trade gains (v_b − v_a)(t_a' − t_b') when it brings the more valuable one
    /// earlier. Measured against HiGHS on a 50-system portfolio, the rounding chose the same steps
    /// (700 of 701) but 122 in other quarters: this is where its gap was. Ladders, dependencies and
    /// deadlines are respected: a step moves earlier only after what it waits for, later only
    /// before what waits for it and by its due quarter.
    private func exchangeEqualSteps(_ quarter: inout Schedule, dependents: [[Int]], outOfTime: () -> Bool) -> Bool {
        let all = problem.steps
        func earliest(_ s: Int) -> Int {
            (all[s].prerequisites).reduce(all[s].earliestQuarter) {
                max($0, (quarter[$1] ?? Int.max / 2) + 1)
            }
        }
        func latest(_ s: Int) -> Int {
            var bound = min(all[s].dueQuarter ?? problem.scenario.horizon, problem.scenario.horizon)
            for d in dependents[s] { if let q = quarter[d] { bound = min(bound, q - 1) } }
            return bound
        }
        /// Whether a in tb and b in ta is worth more than a in ta and b in tb.
        func gains(_ a: Int, _ ta: Int, _ b: Int, _ tb: Int) -> Bool {
            problem.objective(of: a, in: tb) + problem.objective(of: b, in: ta)
                > problem.objective(of: a, in: ta) + problem.objective(of: b, in: tb) + Tolerance.objective
        }
        // With stakeholders, equal steps are paid alike too: a party's budget is a limit (§7 rule 5).
        struct Class: Hashable {
            let cost: Double
            let effort: Double
            let pays: [Double]
        }
        var classes: [Class: [Int]] = [:]
        for s in all.indices where quarter[s] != nil {
            classes[Class(cost: all[s].cost, effort: all[s].effort, pays: all[s].pays), default: []].append(s)
        }
        var changed = false
        let keys = classes.keys.sorted {
            ($0.cost, $0.effort) != ($1.cost, $1.effort)
                ? ($0.cost, $0.effort) < ($1.cost, $1.effort) : $0.pays.lexicographicallyPrecedes($1.pays)
        }
        for key in keys {
            // Most valuable first: each looks for the least valuable step of its class scheduled earlier.
            let members = classes[key]!.sorted {
                all[$0].value != all[$1].value ? all[$0].value > all[$1].value : $0 < $1
            }
            for (position, b) in members.enumerated() {
                // The clock is read every 64 steps: a class can hold tens of thousands.
                if position % 64 == 0, outOfTime() { return changed }
                var best: Int?
                for a in members.reversed() where all[a].value < all[b].value {
                    guard let ta = quarter[a], let tb = quarter[b], ta < tb else { continue }
                    guard earliest(b) <= ta, latest(a) >= tb else { continue }
                    // A re-plan's change penalty can make a trade of a baseline step lose.
                    if problem.changePenalty > 0, !gains(a, ta, b, tb) { continue }
                    if best == nil || quarter[a]! < quarter[best!]! { best = a }
                }
                if let a = best {
                    let ta = quarter[a]!
                    quarter[a] = quarter[b]
                    quarter[b] = ta
                    changed = true
                }
            }
        }
        return changed
    }
}
