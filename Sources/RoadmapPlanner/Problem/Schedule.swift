import Roadmaps

/// A plan in the planner's own terms: the quarter (1...H) in which each candidate step of
/// `PlanningProblem` is taken, `nil` when it is not taken, indexed like `PlanningProblem.steps`.
///
/// Every engine produces one, the verifier checks one, and the assembly turns one into a
/// `Roadmap`. A collection of `Int?`, so `plan[s]`, `plan.enumerated()` and `zip` read as before.
struct Schedule: Hashable, Sendable, RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    private var quarters: [Int?]

    /// The plan that takes no step.
    init(stepCount: Int) {
        quarters = Array(repeating: nil, count: stepCount)
    }

    /// A plan from the quarter of each step.
    init(_ quarters: [Int?]) {
        self.quarters = quarters
    }

    /// `[]`: no plan (an infeasible scenario's roadmap).
    init(arrayLiteral quarters: Int?...) {
        self.quarters = quarters
    }

    var startIndex: Int { quarters.startIndex }
    var endIndex: Int { quarters.endIndex }

    subscript(step: Int) -> Int? {
        get { quarters[step] }
        set { quarters[step] = newValue }
    }
}
