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
        /// What party k (`Scenario.stakeholders`) pays of the steps' costs (spec §7 rule 5).
        case payment(Int)

        var isPayment: Bool { if case .payment = self { true } else { false } }
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
            /// A stakeholder's `budget.quarterly` of one quarter, without carry-over (spec §7 rule 5).
            case partyQuarterBudget(Int)
            /// A stakeholder's `budget.quarterly` summed through a quarter, with carry-over.
            case partyBudgetThrough(Int)
            /// A stakeholder's `budget.total`.
            case partyTotal(Int)
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
            case .partyQuarterBudget(let k), .partyBudgetThrough(let k): "pays\(k)_q\(quarter)"
            case .partyTotal(let k): "pays\(k)_total"
            }
        }

        /// The overrun column's name in an elastic model: `budget_overrun_q3`, `total_overrun`.
        var overrunName: String {
            switch source {
            case .quarterBudget, .budgetThrough: "budget_overrun_q\(quarter)"
            case .total: "total_overrun"
            case .effortCapacity: "effort_overrun_q\(quarter)"
            case .partyQuarterBudget(let k), .partyBudgetThrough(let k): "pays\(k)_overrun_q\(quarter)"
            case .partyTotal(let k): "pays\(k)_total_overrun"
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
    /// The parties whose payments are resources (spec §7 rule 5): every stakeholder when some
    /// party pays, else none.
    let partyCount: Int

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
        partyCount = scenario.partiesPay ? scenario.stakeholders.count : 0
        if scenario.partiesPay {
            for (k, party) in scenario.stakeholders.enumerated() {
                guard let budget = party.budget else { continue }
                limits += Self.partyLimits(
                    k, budget, paidBefore: Self.historyPayment(of: k, scenario), opening: opening)
            }
        }
        self.limits = limits
        var counting = [[Int]](repeating: [], count: horizon + 1)
        for (l, limit) in limits.enumerated() {
            for t in limit.quarters { counting[t].append(l) }
        }
        limitsCounting = counting
    }

    /// A party's budget as limits on what it pays, exactly as §3.2's budget limits the plan (spec
    /// §7 rule 5): per quarter, or through each quarter with carry-over, and in all.
    private static func partyLimits(_ k: Int, _ budget: QuarterlyBudget, paidBefore: Double, opening: Int) -> [Limit] {
        var limits: [Limit] = []
        var through = 0.0
        for t in 1...budget.quarterly.count {
            through += budget.quarterly[t - 1]
            guard t >= opening else { continue }
            limits.append(
                budget.carryOver
                    ? Limit(
                        source: .partyBudgetThrough(k), resource: .payment(k), quarters: opening...t,
                        amount: left(through, after: paidBefore))
                    : Limit(
                        source: .partyQuarterBudget(k), resource: .payment(k), quarters: t...t,
                        amount: budget.quarterly[t - 1]))
        }
        if let total = budget.total {
            limits.append(
                Limit(
                    source: .partyTotal(k), resource: .payment(k), quarters: opening...budget.quarterly.count,
                    amount: left(total, after: paidBefore)))
        }
        return limits
    }

    /// What party k paid of a re-plan's done steps: each step's actual cost times its fraction.
    private static func historyPayment(of k: Int, _ scenario: Scenario) -> Double {
        guard let progress = scenario.progress else { return 0 }
        return progress.done.reduce(0) { sum, done in
            let p = scenario.catalog.practices.firstIndex { $0.practice.id == done.practiceID } ?? 0
            return sum + done.cost * scenario.fraction(party: k, practice: p)
        }
    }

    /// What an amount leaves after history spent `spent` of it (the amount itself without history).
    private static func left(_ amount: Double, after spent: Double) -> Double {
        spent == 0 ? amount : max(0, amount - spent)
    }

    /// What a step uses of a resource.
    static func use(of step: CandidateStep, _ resource: Resource) -> Double {
        switch resource {
        case .money: step.cost
        case .effort: step.effort
        case .payment(let k): step.pays.isEmpty ? 0 : step.cost * step.pays[k]
        }
    }

    /// The limits a step taken in quarter `t` counts against, as indices into ``limits``.
    func limits(counting t: Int) -> [Int] { limitsCounting[t] }

    /// The use of each limit by a plan that uses `money[t]` and `effort[t]` in quarter t (index 0
    /// unused), and whose party k pays `payments[k][t]` (one list per party of ``partyCount``),
    /// summed in quarter order.
    func usage<Number: AdditiveArithmetic>(money: [Number], effort: [Number], payments: [[Number]]) -> [Number] {
        precondition(payments.count == partyCount, "one list of payments per paying party")
        return Self.usage(of: limits, money: money, effort: effort, payments: payments)
    }

    /// The use of each of `limits` (see ``usage(money:effort:payments:)``).
    static func usage<Number: AdditiveArithmetic>(
        of limits: [Limit], money: [Number], effort: [Number], payments: [[Number]]
    ) -> [Number] {
        limits.map { limit in
            let use: [Number]
            switch limit.resource {
            case .money: use = money
            case .effort: use = effort
            case .payment(let k): use = payments[k]
            }
            return limit.quarters.reduce(Number.zero) { $0 + use[$1] }
        }
    }

    /// What each party pays in each quarter (index t) of a plan: `[party][t]`, summed in step order.
    func payments(of steps: [CandidateStep], quarters: Schedule) -> [[Double]] {
        var paid = [[Double]](repeating: [Double](repeating: 0, count: horizon + 1), count: partyCount)
        guard partyCount > 0 else { return paid }
        for (s, quarter) in quarters.enumerated() {
            guard let t = quarter else { continue }
            for k in 0..<partyCount { paid[k][t] += Self.use(of: steps[s], .payment(k)) }
        }
        return paid
    }

    /// The resources whose limits would not hold if `step` moved from
    /// quarter `t` to quarter `q`, in a plan whose use of each limit is `usage` (from
    /// ``usage(money:effort:payments:)``). A limit that counts both quarters, or neither, is unchanged by the
    /// move (the total budget, for any two open quarters); one that counts `q` alone must have room.
    func blocked(moving step: CandidateStep, from t: Int, to q: Int, usage: [Double]) -> Set<Resource> {
        var blocked = Set<Resource>()
        for (l, limit) in limits.enumerated() where limit.counts(q) && !limit.counts(t) {
            if usage[l] + Self.use(of: step, limit.resource) > limit.amount + Tolerance.amount {
                blocked.insert(limit.resource)
            }
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
        case .payment:
            // A party's limits are explained by the elastic model, which names them.
            nil
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
        case .payment: nil
        }
    }
}
