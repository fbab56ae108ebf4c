import ScenarioModel

/// A plan read back from its JSON (`smm-plan/1`), to be rendered again without solving.
public struct SavedPlan: Sendable {
    /// The plan JSON writes values to six decimals: a claimed value may differ from the
    /// recomputed one by this.
    static let writtenPrecision = 1e-6

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
}

extension SavedPlan {
    /// The roadmap of the saved plan, rebuilt against its scenario and verified like a new plan
    /// (`PlanVerifier`): a plan file edited by hand, or made for another scenario, is refused.
    ///
    /// The file's status, bound and gap are kept only for the plan the file claims: a file whose
    /// steps are not worth the value it records was edited after smm wrote it, and is refused
    /// (its "optimal" was proven for other steps). A file without a plan (infeasible, no plan)
    /// is refused too: its explanation cannot be checked without planning again.
    public func roadmap(for scenario: Scenario) throws(SavedPlanError) -> Roadmap {
        let saved = self
        guard status == .optimal || status == .feasible else {
            throw SavedPlanError(
                description: "the file holds no plan (status \(status.rawValue)); its explanation cannot be "
                    + "checked without planning again: run smm plan")
        }
        let steps = PlanningProblem(scenario: scenario)
        let index = steps.indexByID()
        var quarters = Schedule(stepCount: steps.steps.count)
        for step in saved.steps {
            guard let s = index[step.id],
                (1...scenario.horizon).contains(step.quarterIndex), quarters[s] == nil
            else {
                throw SavedPlanError(
                    description: "the step of \(step.id.practiceID) of \(step.id.systemID) to \(step.id.kind) "
                        + "\(step.id.to) in quarter \(step.quarterIndex) is not a step of this scenario")
            }
            quarters[s] = step.quarterIndex
        }
        let roadmap: Roadmap
        do {
            roadmap = try RoadmapAssembly(steps: steps, report: saved.report).roadmap(
                status: saved.status, quarters: quarters, bound: saved.bound, conflicts: saved.conflicts,
                seconds: saved.report.seconds, log: "")
        } catch {
            throw SavedPlanError(description: "the plan breaks the plan rules of its scenario: \(error)")
        }
        guard let claimed = claimedValue, let value = roadmap.objectiveValue,
            abs(value - claimed) <= Self.writtenPrecision + Tolerance.objective * abs(claimed)
        else {
            throw SavedPlanError(
                description: "the file's steps are worth \(roadmap.objectiveValue.map { "\($0)" } ?? "nothing"), "
                    + "but it records \(claimedValue.map { "\($0)" } ?? "no value") (objective.value): it was "
                    + "edited after smm wrote it, so its status and bound are not this plan's; plan again")
        }
        return roadmap
    }
}
