import ScenarioModel

/// A plan read back from its JSON (`smm-plan/1`), to be rendered again without solving.
public struct SavedPlan: Sendable {
    /// The plan JSON writes values to six decimals: a claimed value may differ from the
    /// recomputed one by this.
    package static let writtenPrecision = 1e-6

    /// One step: which step (`StepID`), in which plan quarter.
    public struct Step: Sendable, Hashable {
        public let id: StepID
        public let quarterIndex: Int

        public init(id: StepID, quarterIndex: Int) {
            self.id = id
            self.quarterIndex = quarterIndex
        }
    }

    public let status: Roadmap.Status
    public let bound: Double?
    public let steps: [Step]
    public let conflicts: [Conflict]
    public let report: SolveReport
    /// The objective value the file records for its steps (`objective.value`).
    public let claimedValue: Double?

    public init(
        status: Roadmap.Status, bound: Double?, steps: [Step], conflicts: [Conflict], report: SolveReport,
        claimedValue: Double? = nil
    ) {
        self.status = status
        self.bound = bound
        self.steps = steps
        self.conflicts = conflicts
        self.report = report
        self.claimedValue = claimedValue
    }
}

/// A saved plan that does not fit its scenario.
public struct SavedPlanError: Error, Sendable, CustomStringConvertible {
    public let description: String

    package init(description: String) {
        self.description = description
    }
}
