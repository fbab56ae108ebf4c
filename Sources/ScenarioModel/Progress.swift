import MaturityModel

/// What happened before the first open quarter of a re-plan (spec §5, `smm-progress/1`), resolved
/// against its scenario: the steps done, the money spent, the published baseline and what of it is
/// promised.
public struct Progress: Sendable, Hashable, Codable {
    /// A step finished in a history quarter.
    public struct DoneStep: Sendable, Hashable, Codable {
        public let systemIndex: Int
        public let systemID: String
        public let practiceID: String
        public let kind: StepEstimate.Kind
        /// Level or scope rank before and after the step.
        public let from: Int
        public let to: Int
        /// Plan quarter (1-based) it finished in, before `asOfIndex`.
        public let quarterIndex: Int
        public let cost: Double
        public let effort: Double
        /// Past the practice's target: done, but worth nothing to the plan.
        public let beyondTarget: Bool
        /// The scenario's cost and effort for the step (`nil` when it has none), against which
        /// `cost` and `effort` are the actuals: their difference is the step's variance.
        public var plannedCost: Double? = nil
        public var plannedEffort: Double? = nil
        /// An initiative's done step (initiatives rule 1 in history): its index in
        /// `Scenario.initiatives` and the members it raised to at least `to`. `systemIndex` is then
        /// its first member, `systemID` the initiative's id (as a plan names it).
        public var initiative: Int? = nil
        public var members: [Int] = []
        /// Levels within their targets the step reached: 1 for a system's own step within its
        /// target (0 beyond it); one per member below `to` whose target reaches it for an initiative's.
        public var reachedLevels = 1

        package init(
            systemIndex: Int, systemID: String, practiceID: String, kind: StepEstimate.Kind, from: Int, to: Int,
            quarterIndex: Int, cost: Double, effort: Double, beyondTarget: Bool, plannedCost: Double? = nil,
            plannedEffort: Double? = nil, reachedLevels: Int = 1
        ) {
            self.systemIndex = systemIndex
            self.systemID = systemID
            self.practiceID = practiceID
            self.kind = kind
            self.from = from
            self.to = to
            self.quarterIndex = quarterIndex
            self.cost = cost
            self.effort = effort
            self.beyondTarget = beyondTarget
            self.plannedCost = plannedCost
            self.plannedEffort = plannedEffort
            self.reachedLevels = reachedLevels
        }
    }

    /// A step of the baseline plan.
    public struct BaselineStep: Sendable, Hashable, Codable {
        public let systemID: String
        public let practiceID: String
        public let kind: StepEstimate.Kind
        public let to: Int
        /// Plan quarter (1-based) the baseline takes it in.
        public let quarterIndex: Int

        package init(systemID: String, practiceID: String, kind: StepEstimate.Kind, to: Int, quarterIndex: Int) {
            self.systemID = systemID
            self.practiceID = practiceID
            self.kind = kind
            self.to = to
            self.quarterIndex = quarterIndex
        }
    }

    /// The progress file, as named by the user.
    public let source: String
    /// The first open quarter, and its index a (1...H).
    public let asOf: Quarter
    public let asOfIndex: Int
    /// Done steps, in the order of the file.
    public let done: [DoneStep]
    /// Actual spend of each history quarter t (index t − 1, t < a): `spent:` or the sum of its done steps.
    public let spent: [Double]
    /// The baseline plan file, when one is given.
    public let baselinePath: String?
    /// The baseline's steps (empty without a baseline).
    public let baseline: [BaselineStep]
    /// The baseline's planned spend per quarter (index t − 1), when it has one.
    public let baselineSpend: [Double]
    /// Baseline steps of the first `commitQuarters` open quarters must be kept (rule 5).
    public let commitQuarters: Int
    /// Objective lost per baseline step of an open quarter moved or dropped (rule 6).
    public let changePenalty: Double

    package init(
        source: String, asOf: Quarter, asOfIndex: Int, done: [DoneStep], spent: [Double], baselinePath: String?,
        baseline: [BaselineStep], baselineSpend: [Double], commitQuarters: Int, changePenalty: Double
    ) {
        self.source = source
        self.asOf = asOf
        self.asOfIndex = asOfIndex
        self.done = done
        self.spent = spent
        self.baselinePath = baselinePath
        self.baseline = baseline
        self.baselineSpend = baselineSpend
        self.commitQuarters = commitQuarters
        self.changePenalty = changePenalty
    }

    /// Everything spent in history.
    public var historySpend: Double { spent.reduce(0, +) }

    /// Quarters a...a+commitQuarters−1 (within the horizon): the committed ones.
    public func isCommitted(quarter t: Int) -> Bool {
        t >= asOfIndex && t < asOfIndex + commitQuarters
    }

    /// The level (or scope rank) a practice of a system has reached by done steps, if any was done:
    /// its own, or an initiative's that it is a member of.
    public func reached(system: Int, practice: String, kind: StepEstimate.Kind) -> Int? {
        done.filter {
            $0.practiceID == practice && $0.kind == kind
                && ($0.initiative == nil ? $0.systemIndex == system : $0.members.contains(system))
        }.map(\.to).max()
    }

    /// The level an initiative has reached by its done steps, if it did any.
    public func reached(initiative: Int) -> Int? {
        done.filter { $0.initiative == initiative }.map(\.to).max()
    }
}
