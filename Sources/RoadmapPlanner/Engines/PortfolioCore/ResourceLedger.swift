import ScenarioModel

/// Money and effort a partial plan uses against each limit of `ResourceRules`, to test whether
/// a step still fits.
struct ResourceLedger {
    let rules: ResourceRules
    /// What the plan so far uses of each limit, in the order of `rules.limits`.
    private(set) var used: [Double]

    init(rules: ResourceRules) {
        self.rules = rules
        used = Array(repeating: 0, count: rules.limits.count)
    }

    /// Whether a step of this cost and effort can be taken in quarter t (1-based).
    func fits(cost: Double, effort: Double, quarter t: Int) -> Bool {
        rules.limits(counting: t).allSatisfy { l in
            let limit = rules.limits[l]
            let use = limit.resource == .money ? cost : effort
            return used[l] + use <= limit.amount + Tolerance.resource
        }
    }

    mutating func add(cost: Double, effort: Double, quarter t: Int) {
        for l in rules.limits(counting: t) { used[l] += rules.limits[l].resource == .money ? cost : effort }
    }

    mutating func remove(cost: Double, effort: Double, quarter t: Int) {
        for l in rules.limits(counting: t) { used[l] -= rules.limits[l].resource == .money ? cost : effort }
    }
}
