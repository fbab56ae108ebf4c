extension CandidateStep {
    /// The positions of the steps that must come in an earlier quarter: the ladder predecessor and
    /// the steps its dependencies need (positions, for the arrays the portfolio core indexes).
    var prerequisites: [Int] { ((predecessor.map { [$0] } ?? []) + requires).map(\.position) }
}

extension PlanningProblem {
    /// For each step, the steps that wait for it (the inverse of `prerequisites`).
    func dependents() -> [[Int]] {
        var dependents = [[Int]](repeating: [], count: steps.count)
        for (s, step) in steps.enumerated() { for other in step.prerequisites { dependents[other].append(s) } }
        return dependents
    }
}
