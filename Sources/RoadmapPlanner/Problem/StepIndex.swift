/// The position of a candidate step in `PlanningProblem.steps`, and of its quarter in a
/// `Schedule`: the links between steps (a ladder's predecessor, a dependency's required steps) are
/// `StepIndex`es, so that a step's position cannot be passed where a system's, a practice's or a
/// quarter's number is meant. A wrapper of one `Int`: it costs nothing at run time.
struct StepIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 0-based, as in `PlanningProblem.steps`.
    let position: Int

    init(_ position: Int) {
        self.position = position
    }

    static func < (a: StepIndex, b: StepIndex) -> Bool { a.position < b.position }

    var description: String { "step \(position)" }
}

extension PlanningProblem {
    /// The candidate step at `index`.
    subscript(index: StepIndex) -> CandidateStep { steps[index.position] }
}

extension Schedule {
    /// The quarter of the step at `index` (`nil`: not taken).
    subscript(index: StepIndex) -> Int? {
        get { self[index.position] }
        set { self[index.position] = newValue }
    }
}
