import ScenarioLoading

/// Money and effort a partial plan uses, quarter by quarter, to test whether a step still fits.
struct ResourceLedger {
    let horizon: Int
    let quarterly: [Double]
    let cumulativeBudget: [Double]
    let carryOver: Bool
    let total: Double?
    let capacity: [Double]?
    private(set) var spend: [Double]
    private(set) var effort: [Double]
    private(set) var totalSpend = 0.0
    private let tolerance = 1e-7

    init(scenario: Scenario) {
        horizon = scenario.horizon
        quarterly = scenario.budget.quarterly
        var running = 0.0
        cumulativeBudget = quarterly.map {
            running += $0; return running
        }
        carryOver = scenario.budget.carryOver
        total = scenario.budget.total
        capacity = scenario.effortCapacity
        spend = Array(repeating: 0, count: horizon)
        effort = Array(repeating: 0, count: horizon)
    }

    /// Whether a step of this cost and effort can be taken in quarter t (1-based).
    func fits(cost: Double, effort stepEffort: Double, quarter t: Int) -> Bool {
        if let total, totalSpend + cost > total + tolerance { return false }
        if let capacity, effort[t - 1] + stepEffort > capacity[t - 1] + tolerance { return false }
        if carryOver {
            // Spending through every quarter from t on must stay within the budget through it.
            var cumulative = spend[..<(t - 1)].reduce(0, +)
            for u in t...horizon {
                cumulative += spend[u - 1]
                if cumulative + cost > cumulativeBudget[u - 1] + tolerance { return false }
            }
            return true
        }
        return spend[t - 1] + cost <= quarterly[t - 1] + tolerance
    }

    mutating func add(cost: Double, effort stepEffort: Double, quarter t: Int) {
        spend[t - 1] += cost
        effort[t - 1] += stepEffort
        totalSpend += cost
    }

    mutating func remove(cost: Double, effort stepEffort: Double, quarter t: Int) {
        spend[t - 1] -= cost
        effort[t - 1] -= stepEffort
        totalSpend -= cost
    }
}
