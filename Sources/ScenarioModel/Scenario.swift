import MaturityModel

/// What the plan optimises (spec §3).
public enum PlanningObjective: String, Sendable, CaseIterable, Codable {
    /// Maximise the weighted gap closed, summed over the quarters in which it holds.
    case maximizeMaturity = "maximize-maturity"
    /// Reach every target at the least total cost.
    case minimizeCost = "minimize-cost"
}

/// Money available per quarter.
public struct QuarterlyBudget: Sendable, Hashable, Codable {
    /// Budget of each quarter of the horizon, in plan order.
    public let quarterly: [Double]
    /// A cap on all spending, if any.
    public let total: Double?
    /// Whether unspent money moves to later quarters.
    public let carryOver: Bool

    public init(quarterly: [Double], total: Double?, carryOver: Bool) {
        self.quarterly = quarterly
        self.total = total
        self.carryOver = carryOver
    }
}

/// One rise of one practice by one level or one scope, with its resolved cost and effort.
public struct StepEstimate: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case level, scope
    }

    public let kind: Kind
    /// The level (0...4) or scope rank (0...2) the step starts from.
    public let from: Int
    /// The level or scope rank the step reaches.
    public let to: Int
    public let cost: Double
    public let effort: Double

    public init(kind: Kind, from: Int, to: Int, cost: Double, effort: Double) {
        self.kind = kind
        self.from = from
        self.to = to
        self.cost = cost
        self.effort = effort
    }
}

/// Current and target state of one practice of one system, with the steps between them.
public struct PracticeState: Sendable, Hashable, Codable {
    public let practiceID: String
    public let currentLevel: Int
    public let targetLevel: Int
    public let currentScope: Scope
    public let targetScope: Scope
    /// Value of one level step: system weight × domain priority × practice weight.
    public let weight: Double
    /// Level steps from current to target, lowest first.
    public let levelSteps: [StepEstimate]
    /// Scope steps from current to target scope, lowest first.
    public let scopeSteps: [StepEstimate]
    /// Steps beyond the target whose cost the scenario resolves (level and scope), for history that
    /// went past a target (spec §5 rule 1); a step whose cost does not resolve is absent.
    public let beyondTargetSteps: [StepEstimate]

    public init(
        practiceID: String, currentLevel: Int, targetLevel: Int, currentScope: Scope, targetScope: Scope,
        weight: Double, levelSteps: [StepEstimate], scopeSteps: [StepEstimate],
        beyondTargetSteps: [StepEstimate] = []
    ) {
        self.beyondTargetSteps = beyondTargetSteps
        self.practiceID = practiceID
        self.currentLevel = currentLevel
        self.targetLevel = targetLevel
        self.currentScope = currentScope
        self.targetScope = targetScope
        self.weight = weight
        self.levelSteps = levelSteps
        self.scopeSteps = scopeSteps
    }
}

/// One assessed system: its practices in catalog order.
public struct SystemProfile: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let weight: Double
    /// Every practice of the catalog, in catalog order.
    public let practices: [PracticeState]

    public init(id: String, name: String, weight: Double, practices: [PracticeState]) {
        self.id = id
        self.name = name
        self.weight = weight
        self.practices = practices
    }
}

/// A level (and/or scope) that one practice of one system must reach by the end of a quarter.
public struct Deadline: Sendable, Hashable, Codable {
    /// Index into `Scenario.systems`.
    public let systemIndex: Int
    public let practiceID: String
    public let level: Int?
    public let scope: Scope?
    public let by: Quarter
    /// The plan quarter (1...H) whose end is the deadline.
    public let byIndex: Int
    /// Position in the file's `deadlines` list, for messages.
    public let sourceIndex: Int
    /// Quarters to keep before `by` (`margin`, else the scenario's `deadline_margin`, else 0): the
    /// plan reaches the requirement by the end of `plannedByIndex`.
    public let margin: Int

    /// The plan quarter by whose end the plan must reach it: `by` less the margin.
    public var plannedByIndex: Int { byIndex - margin }

    public init(
        systemIndex: Int, practiceID: String, level: Int?, scope: Scope?, by: Quarter, byIndex: Int,
        sourceIndex: Int, margin: Int = 0
    ) {
        self.systemIndex = systemIndex
        self.practiceID = practiceID
        self.level = level
        self.scope = scope
        self.by = by
        self.byIndex = byIndex
        self.sourceIndex = sourceIndex
        self.margin = margin
    }
}

/// In every system: reaching `level` of `practiceID` needs `requiredLevel` of `requiredPracticeID` a quarter earlier.
public struct Dependency: Sendable, Hashable, Codable {
    public let practiceID: String
    public let level: Int
    public let requiredPracticeID: String
    public let requiredLevel: Int
    public let sourceIndex: Int

    public init(practiceID: String, level: Int, requiredPracticeID: String, requiredLevel: Int, sourceIndex: Int) {
        self.practiceID = practiceID
        self.level = level
        self.requiredPracticeID = requiredPracticeID
        self.requiredLevel = requiredLevel
        self.sourceIndex = sourceIndex
    }
}

/// A validated scenario with every resolution rule of spec §2 applied.
public struct Scenario: Sendable, Hashable, Codable {
    public let name: String
    /// The file it was read from, as named by the user.
    public let source: String
    public let catalog: Catalog
    public let start: Quarter
    /// The horizon H (number of quarters).
    public let horizon: Int
    public let objective: PlanningObjective
    public let budget: QuarterlyBudget
    /// Effort capacity of each quarter, or `nil` when effort is unconstrained.
    public let effortCapacity: [Double]?
    /// Value of a scope step relative to a level step.
    public let scopeWeight: Double
    public let systems: [SystemProfile]
    /// Deadlines, one per system (a deadline without a system is expanded to all).
    public let deadlines: [Deadline]
    public let dependencies: [Dependency]
    /// What is valid but probably not meant, e.g. practices a system does not list (they count as
    /// current 0, target 0 or the domain default).
    public package(set) var warnings: [Diagnostic]
    /// The unit of money (`currency:`, e.g. EUR), shown with amounts in reports; `nil`: none given.
    public let currency: String?
    /// Organisation-wide initiatives (spec §6).
    public let initiatives: [Initiative]

    public init(
        name: String, source: String, catalog: Catalog, start: Quarter, horizon: Int,
        objective: PlanningObjective, budget: QuarterlyBudget, effortCapacity: [Double]?,
        scopeWeight: Double, systems: [SystemProfile], deadlines: [Deadline], dependencies: [Dependency],
        warnings: [Diagnostic] = [], currency: String? = nil, initiatives: [Initiative] = []
    ) {
        self.initiatives = initiatives
        self.warnings = warnings
        self.currency = currency
        self.name = name
        self.source = source
        self.catalog = catalog
        self.start = start
        self.horizon = horizon
        self.objective = objective
        self.budget = budget
        self.effortCapacity = effortCapacity
        self.scopeWeight = scopeWeight
        self.systems = systems
        self.deadlines = deadlines
        self.dependencies = dependencies
    }

    /// An amount of money as reports show it: `275,000 EUR`, or `275,000` without a currency.
    /// The levels and scopes every system's practices are short of their targets: the gap in
    /// steps, each system's own (an initiative may close several with one step).
    public var stepsToTarget: Int {
        systems.reduce(0) { sum, system in
            system.practices.reduce(sum) { $0 + $1.levelSteps.count + $1.scopeSteps.count }
        }
    }

    /// The number of `deadlines` entries of the file (one without a system is one entry, for
    /// every system).
    public var deadlineEntries: Int { Set(deadlines.map(\.sourceIndex)).count }

    public func money(_ formatted: String) -> String {
        currency.map { "\(formatted) \($0)" } ?? formatted
    }

    /// What was done before the first open quarter, when the scenario is re-planned (spec §5).
    public private(set) var progress: Progress?

    /// The parties to the plan (spec §7), in the file's order; empty without `stakeholders:`.
    public package(set) var stakeholders: [Stakeholder] = []
    /// The rule they agree by (spec §7 rule 4); `nil` without stakeholders.
    public package(set) var agreement: Agreement? = nil

    /// The file's `SourceNode.contentDigest` (before `--set` edits), when it was loaded from a file.
    public package(set) var documentDigest: String? = nil

    /// The scenario re-planned with `progress` (already checked against it by `ProgressReading`).
    package func withProgress(_ progress: Progress) -> Scenario {
        var copy = self
        copy.progress = progress
        return copy
    }

    /// The estimate of the step of a practice of a system that reaches `to`: within the target or
    /// beyond it (when its cost resolves).
    public func estimate(system s: Int, practice: String, kind: StepEstimate.Kind, to: Int) -> StepEstimate? {
        guard let state = systems[s].practices.first(where: { $0.practiceID == practice }) else { return nil }
        let steps = (kind == .level ? state.levelSteps : state.scopeSteps) + state.beyondTargetSteps
        return steps.first { $0.kind == kind && $0.to == to }
    }

    /// The calendar quarter of plan quarter `t` (1...H).
    public func quarter(_ t: Int) -> Quarter { start.advanced(by: t - 1) }
}
