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
    /// Spec §7's keys of a stakeholder scenario's plan.
    public let agreement: SavedAgreement?

    public init(
        status: Roadmap.Status, bound: Double?, steps: [Step], conflicts: [Conflict], report: SolveReport,
        claimedValue: Double? = nil, agreement: SavedAgreement? = nil
    ) {
        self.status = status
        self.bound = bound
        self.steps = steps
        self.conflicts = conflicts
        self.report = report
        self.claimedValue = claimedValue
        self.agreement = agreement
    }
}

/// What a stakeholder scenario's plan file says that its steps do not (spec §7): the rule, each
/// party's ideal and the price of its position, the contested steps, the core and the frontier's
/// plans. Each party's value, share and payments are computed again from the steps; the ideals
/// are the file's (checking them would mean planning again).
public struct SavedAgreement: Sendable {
    public struct Party: Sendable {
        public let id: String
        public let ideal: Double
        public let idealStatus: Roadmap.Status
        public let idealBound: Double?
        public let sharesIfIdeal: [Negotiation.PartyShare]

        public init(
            id: String, ideal: Double, idealStatus: Roadmap.Status, idealBound: Double?,
            sharesIfIdeal: [Negotiation.PartyShare]
        ) {
            self.id = id
            self.ideal = ideal
            self.idealStatus = idealStatus
            self.idealBound = idealBound
            self.sharesIfIdeal = sharesIfIdeal
        }
    }

    /// One plan of the frontier: B's share at least `required`.
    public struct FrontierPoint: Sendable {
        public let required: Double
        public let status: Roadmap.Status
        public let steps: [SavedPlan.Step]

        public init(required: Double, status: Roadmap.Status, steps: [SavedPlan.Step]) {
            self.required = required
            self.status = status
            self.steps = steps
        }
    }

    public let rule: AgreementRule
    public let parties: [Party]
    public let contested: [Negotiation.ContestedStep]
    public let core: [StepID]
    public let frontierParties: [String]
    public let frontier: [FrontierPoint]

    public init(
        rule: AgreementRule, parties: [Party], contested: [Negotiation.ContestedStep], core: [StepID],
        frontierParties: [String], frontier: [FrontierPoint]
    ) {
        self.rule = rule
        self.parties = parties
        self.contested = contested
        self.core = core
        self.frontierParties = frontierParties
        self.frontier = frontier
    }
}

/// A saved plan that does not fit its scenario.
public struct SavedPlanError: Error, Sendable, CustomStringConvertible {
    public let description: String

    package init(description: String) {
        self.description = description
    }
}
