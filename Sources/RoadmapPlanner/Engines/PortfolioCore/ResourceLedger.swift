import ScenarioModel

/// Money, effort and payments a partial plan uses against each limit of `ResourceRules`, to test
/// whether a step still fits.
struct ResourceLedger {
    let rules: ResourceRules
    /// What the plan so far uses of each limit, in the order of `rules.limits`.
    private(set) var used: [Double]

    init(rules: ResourceRules) {
        self.rules = rules
        used = Array(repeating: 0, count: rules.limits.count)
    }

    /// Whether `step` can be taken in quarter t (1-based).
    func fits(_ step: CandidateStep, quarter t: Int) -> Bool {
        rules.limits(counting: t).allSatisfy { l in
            let limit = rules.limits[l]
            return used[l] + ResourceRules.use(of: step, limit.resource) <= limit.amount + Tolerance.resource
        }
    }

    mutating func add(_ step: CandidateStep, quarter t: Int) {
        for l in rules.limits(counting: t) { used[l] += ResourceRules.use(of: step, rules.limits[l].resource) }
    }

    mutating func remove(_ step: CandidateStep, quarter t: Int) {
        for l in rules.limits(counting: t) { used[l] -= ResourceRules.use(of: step, rules.limits[l].resource) }
    }
}
