import ScenarioModel

/// Spec §3.2–3.3 as data: every limit on money and effort a plan must keep.
///
/// This is the one place that says what a quarterly budget, carry-over, the total budget and the
/// effort capacity mean. Each becomes a ``Limit``: a resource, the plan quarters whose use counts
/// against it, and an amount. Without carry-over, quarter t's spending counts against quarter t's
/// budget; with it, the spending of quarters 1...t counts against the budgets of 1...t (what a
/// quarter leaves unspent is available later); the total counts quarters 1...H; effort counts
/// quarter by quarter. The integer program, the portfolio core (its ledger, its Lagrangian rows and
/// its windows), the plan verifier, the infeasibility explanations and the quarter summaries all
/// read the limits from here, so a change to these rules is a change to this file.
///
/// A re-plan (spec §5 rule 3) has limits on its open quarters a...H only: quarterly budgets and
/// capacities unchanged; with carry-over, the spending of quarters a...t counts against the
/// budgets through t less everything history spent (an underspent history carries into quarter a,
/// an overspent one reduces it); the total less what history spent. An amount that history took
/// below zero is zero: spending nothing more is always allowed (history cannot be undone).
struct ResourceRules: Sendable {
    /// What a step uses.
    enum Resource: Sendable, Hashable {
        case money, effort
    }

    /// One limit: the use of `resource` by the steps taken in `quarters` is at most `amount`.
    struct Limit: Sendable, Hashable {
        /// Which scenario key the limit comes from.
        enum Source: Sendable, Hashable {
            /// `budget.quarterly` of one quarter, without carry-over.
            case quarterBudget
            /// `budget.quarterly` summed through a quarter, with carry-over.
            case budgetThrough
            /// `budget.total`.
            case total
            /// `effort_capacity.quarterly` of one quarter.
            case effortCapacity
        }

        let source: Source
        let resource: Resource
        /// The plan quarters (1-based) whose steps count against the limit.
        let quarters: ClosedRange<Int>
        let amount: Double

        /// The quarter the limit is stated for: its last counted quarter.
        var quarter: Int { quarters.upperBound }

        /// Whether a step taken in quarter `t` counts against the limit.
        func counts(_ t: Int) -> Bool { quarters.contains(t) }

        /// A name for rows and messages: `budget_q3`, `budget_total`, `effort_q3`.
        var name: String {
            switch source {
            case .quarterBudget, .budgetThrough: "budget_q\(quarter)"
            case .total: "budget_total"
            case .effortCapacity: "effort_q\(quarter)"
            }
        }

        /// The overrun column's name in an elastic model: `budget_overrun_q3`, `total_overrun`.
        var overrunName: String {
            switch source {
            case .quarterBudget, .budgetThrough: "budget_overrun_q\(quarter)"
            case .total: "total_overrun"
            case .effortCapacity: "effort_overrun_q\(quarter)"
            }
        }
    }

    let horizon: Int
    /// The limits, in a fixed order: money per quarter, then the total, then effort per quarter.
    let limits: [Limit]
    /// Whether unspent budget carries over to later quarters.
    let carryOver: Bool
    /// `budget.quarterly`, by quarter 1...H at index t − 1.
    let quarterlyBudget: [Double]
    /// `effort_capacity.quarterly`, when the scenario has one.
    let effortCapacity: [Double]?
    /// `budget.total`, when the scenario has one.
    let totalBudget: Double?
    /// The first open quarter (1 without a re-plan) and what history spent before it.
    let opening: Int
    let historySpend: Double
    /// For each quarter t (index t; index 0 unused), the limits that a step taken in t counts against.
    let limitsCounting: [[Int]]

    /// The limits of a scenario.
    init(scenario: Scenario) {
        let horizon = scenario.horizon
        let budget = scenario.budget
        self.horizon = horizon
        carryOver = budget.carryOver
        quarterlyBudget = budget.quarterly
        effortCapacity = scenario.effortCapacity
        totalBudget = budget.total
        let opening = scenario.progress?.asOfIndex ?? 1
        let historySpend = scenario.progress?.historySpend ?? 0
        self.opening = opening
        self.historySpend = historySpend
        var limits: [Limit] = []
        var through = 0.0
        for t in 1...horizon {
            through += budget.quarterly[t - 1]
            guard t >= opening else { continue }
            limits.append(
                budget.carryOver
                    ? Limit(
                        source: .budgetThrough, resource: .money, quarters: opening...t,
                        amount: Self.left(through, after: historySpend))
                    : Limit(source: .quarterBudget, resource: .money, quarters: t...t, amount: budget.quarterly[t - 1]))
        }
        if let total = budget.total {
            limits.append(
                Limit(
                    source: .total, resource: .money, quarters: opening...horizon,
                    amount: Self.left(total, after: historySpend)))
        }
        if let capacity = scenario.effortCapacity {
            for t in opening...horizon {
                limits.append(
                    Limit(source: .effortCapacity, resource: .effort, quarters: t...t, amount: capacity[t - 1]))
            }
        }
        self.limits = limits
        var counting = [[Int]](repeating: [], count: horizon + 1)
        for (l, limit) in limits.enumerated() {
            for t in limit.quarters { counting[t].append(l) }
        }
        limitsCounting = counting
    }

    /// What an amount leaves after history spent `spent` of it (the amount itself without history).
    private static func left(_ amount: Double, after spent: Double) -> Double {
        spent == 0 ? amount : max(0, amount - spent)
    }

    /// What a step uses of a resource.
    static func use(of step: CandidateStep, _ resource: Resource) -> Double {
        resource == .money ? step.cost : step.effort
    }

    /// The limits a step taken in quarter `t` counts against, as indices into ``limits``.
    func limits(counting t: Int) -> [Int] { limitsCounting[t] }

    /// The use of each limit by a plan that uses `money[t]` and `effort[t]` in quarter t (index 0
    /// unused), summed in quarter order.
    func usage<Number: AdditiveArithmetic>(money: [Number], effort: [Number]) -> [Number] {
        Self.usage(of: limits, money: money, effort: effort)
    }

    /// The use of each of `limits` (see ``usage(money:effort:)``).
    static func usage<Number: AdditiveArithmetic>(of limits: [Limit], money: [Number], effort: [Number]) -> [Number] {
        limits.map { limit in
            let use = limit.resource == .money ? money : effort
            return limit.quarters.reduce(Number.zero) { $0 + use[$1] }
        }
    }

    /// The resources whose limits would not hold if a step using `money` and `effort` moved from
    /// quarter `t` to quarter `q`, in a plan whose use of each limit is `usage` (from
    /// ``usage(money:effort:)``). A limit that counts both quarters, or neither, is unchanged by the
    /// move (the total budget, for any two open quarters); one that counts `q` alone must have room.
    func blocked(movingMoney money: Double, effort: Double, from t: Int, to q: Int, usage: [Double]) -> Set<Resource> {
        var blocked = Set<Resource>()
        for (l, limit) in limits.enumerated() where limit.counts(q) && !limit.counts(t) {
            let use = limit.resource == .money ? money : effort
            if usage[l] + use > limit.amount + Tolerance.amount { blocked.insert(limit.resource) }
        }
        return blocked
    }

    /// What can be spent in each quarter given what was spent: the quarter's budget, plus (with
    /// carry-over) what earlier quarters left. Index t − 1 for quarter t.
    /// - Parameter spend: Spending per quarter, index t − 1 (a re-plan's history quarters: what
    ///   history spent).
    func moneyAvailable(spend: [Double]) -> [Double] {
        var carried = 0.0
        return (1...horizon).map { t in
            let budget = quarterlyBudget[t - 1]
            let available = carryOver ? budget + carried : budget
            carried = carryOver ? available - spend[t - 1] : 0
            return available
        }
    }

    /// The most a single step of a resource can use if it is taken in one of `quarters`: the
    /// largest quarter's allowance there, or with carry-over the budget through the last of them.
    func largestSingleUse(of resource: Resource, in quarters: ClosedRange<Int>) -> Double? {
        switch resource {
        case .money:
            carryOver
                ? Self.left(quarterlyBudget[..<quarters.upperBound].reduce(0, +), after: historySpend)
                : quarters.map { quarterlyBudget[$0 - 1] }.max()!
        case .effort:
            effortCapacity.map { capacity in quarters.map { capacity[$0 - 1] }.max()! }
        }
    }

    /// What the open quarters up to t allow of a resource in all, whatever the carry-over (`nil`:
    /// no limit on it). With carry-over in a re-plan, history's leftover (or overspend) counts too.
    func allowance(of resource: Resource, through t: Int) -> Double? {
        switch resource {
        case .money:
            carryOver
                ? Self.left(quarterlyBudget[..<t].reduce(0, +), after: historySpend)
                : quarterlyBudget[(opening - 1)..<t].reduce(0, +)
        case .effort: effortCapacity.map { $0[(opening - 1)..<t].reduce(0, +) }
        }
    }
}
