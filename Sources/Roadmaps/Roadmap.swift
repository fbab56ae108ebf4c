import GapAnalysis
import MaturityModel
import OptimizationModel
import ScenarioModel

/// One step of a plan: a practice of a system rises one level (or scope) in a quarter.
public struct ScheduledStep: Sendable, Hashable, Codable {
    public let systemID: String
    public let practiceID: String
    public let kind: StepEstimate.Kind
    /// Level (0...4) or scope rank (0...2) before the step.
    public let from: Int
    /// Level or scope rank after it.
    public let to: Int
    /// Plan quarter 1...H.
    public let quarterIndex: Int
    public let quarter: Quarter
    public let cost: Double
    public let effort: Double
    /// An initiative's step (spec §6): its id (also `systemID`), and the initiative's member
    /// systems (it raises each to at least `to`). `nil` and empty for a system's own step.
    public var initiative: String? = nil
    public var members: [String] = []
    /// A re-plan's done step: the scenario's cost for it, against which `cost` is the actual.
    public var plannedCost: Double? = nil
    /// Who pays it when stakeholders pay (spec §7 rule 5): each paying party and its fraction, in
    /// the order of the stakeholders; empty otherwise.
    public var payers: [Negotiation.PartyShare] = []

    package init(
        systemID: String, practiceID: String, kind: StepEstimate.Kind, from: Int, to: Int, quarterIndex: Int,
        quarter: Quarter, cost: Double, effort: Double, initiative: String? = nil, members: [String] = [],
        plannedCost: Double? = nil
    ) {
        self.systemID = systemID
        self.practiceID = practiceID
        self.kind = kind
        self.from = from
        self.to = to
        self.quarterIndex = quarterIndex
        self.quarter = quarter
        self.cost = cost
        self.effort = effort
        self.initiative = initiative
        self.members = members
        self.plannedCost = plannedCost
    }

    /// Actual less planned cost of a done step (`nil` for a planned step, or none known).
    public var costVariance: Double? { plannedCost.map { cost - $0 } }

    /// The systems whose practice the step raises: its members, or its own system.
    public var raisedSystems: [String] { initiative == nil ? [systemID] : members }

    /// The step's identity across plans.
    public var id: StepID { StepID(systemID: systemID, practiceID: practiceID, kind: kind, to: to) }
}

/// Money and effort of one quarter of a plan.
public struct QuarterSummary: Sendable, Hashable, Codable {
    public let index: Int
    public let quarter: Quarter
    /// The quarter's own budget (`budget.quarterly[t]`).
    public let budget: Double
    /// What could be spent this quarter: the budget, plus what earlier quarters left with carry-over.
    public let available: Double
    public let spend: Double
    public let effort: Double
    public let effortCapacity: Double?
    /// Portfolio attainment (Σ min(level, target) / Σ target) at the end of the quarter.
    public let attainment: Double

    package init(
        index: Int, quarter: Quarter, budget: Double, available: Double, spend: Double, effort: Double,
        effortCapacity: Double?, attainment: Double
    ) {
        self.index = index
        self.quarter = quarter
        self.budget = budget
        self.available = available
        self.spend = spend
        self.effort = effort
        self.effortCapacity = effortCapacity
        self.attainment = attainment
    }
}

/// A constraint the scenario cannot satisfy, in words, with the change that would fix it where known.
public struct Conflict: Sendable, Hashable, CustomStringConvertible, Codable {
    public let message: String
    public let fix: String?

    public init(message: String, fix: String?) {
        self.message = message
        self.fix = fix
    }

    public var description: String { fix.map { "\(message). Fix: \($0)" } ?? message }
}

/// Which engine found a plan.
public enum PlanningEngine: String, Sendable, Hashable, Codable, CaseIterable {
    /// No solve was needed: every target is met already, or the scenario is infeasible on its face.
    case none
    /// The whole integer program on a MIP solver (proven optimal when it finishes).
    case wholeProgram = "whole-program"
    /// The portfolio core: a Lagrangian bound, guided rounding and windows solved by a MIP solver.
    case portfolioCore = "portfolio-core"
    /// The portfolio core, then the whole program on a MIP solver from the core's plan.
    case portfolioCoreAndPolish = "portfolio-core+polish"
}

/// How a plan was found: the engine, the MIP solver it used, model size and time.
public struct SolveReport: Sendable, Hashable, Codable {
    public let rows: Int
    public let columns: Int
    public let nonzeros: Int
    public let seconds: Double
    /// Which engine planned.
    public let engine: PlanningEngine
    /// The MIP solver the engine used (`MIPSolver.name`, e.g. "GLPK 5.0").
    public let backend: String

    public init(rows: Int, columns: Int, nonzeros: Int, seconds: Double, engine: PlanningEngine, backend: String) {
        self.rows = rows
        self.columns = columns
        self.nonzeros = nonzeros
        self.seconds = seconds
        self.engine = engine
        self.backend = backend
    }

    /// The report with another time.
    package func taking(seconds: Double) -> SolveReport {
        SolveReport(
            rows: rows, columns: columns, nonzeros: nonzeros, seconds: seconds, engine: engine, backend: backend)
    }

    /// The engine and backend in words, as reports print them.
    public var solver: String {
        switch engine {
        case .none, .wholeProgram: backend
        case .portfolioCore: "SMM portfolio core (Lagrangian bound, guided rounding, \(backend) windows)"
        case .portfolioCoreAndPolish:
            "SMM portfolio core (Lagrangian bound, guided rounding, \(backend) windows) + \(backend)"
        }
    }
}

/// The answer to a scenario: a plan (or why there is none), per quarter.
///
/// `Codable`: a roadmap encodes with its scenario, and decodes to the same value.
public struct Roadmap: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case optimal, feasible, infeasible
        case noPlan = "no-plan"
    }

    public let scenario: Scenario
    public let status: Status
    /// Objective of the plan, recomputed from its steps.
    public let objectiveValue: Double?
    /// A proven bound on the best objective.
    public let bound: Double?
    /// Steps in quarter order, then system and catalog order.
    public let steps: [ScheduledStep]
    public let quarters: [QuarterSummary]
    /// Why there is no plan (status `infeasible`).
    public let conflicts: [Conflict]
    public let report: SolveReport
    /// What the solver printed.
    public let solverLog: String
    /// How the plan meets each of the scenario's deadlines, in the scenario's order (empty without
    /// a plan's steps to judge: infeasible or no plan).
    public let deadlineStatuses: [DeadlineStatus]
    /// For each step (in `steps` order), the plan rule that puts it in its quarter, if one does.
    public let stepReasons: [StepReason?]
    /// What limits each quarter, in quarter order (`QuarterLimit`).
    public let quarterLimits: [QuarterLimit]
    /// A stakeholder scenario's ideals, shares, payments, contested steps and core (spec §7);
    /// `nil` without stakeholders.
    public package(set) var negotiation: Negotiation? = nil

    package init(
        scenario: Scenario, status: Status, objectiveValue: Double?, bound: Double?, steps: [ScheduledStep],
        quarters: [QuarterSummary], conflicts: [Conflict], report: SolveReport, solverLog: String,
        deadlineStatuses: [DeadlineStatus], stepReasons: [StepReason?], quarterLimits: [QuarterLimit]
    ) {
        self.scenario = scenario
        self.status = status
        self.objectiveValue = objectiveValue
        self.bound = bound
        self.steps = steps
        self.quarters = quarters
        self.conflicts = conflicts
        self.report = report
        self.solverLog = solverLog
        self.deadlineStatuses = deadlineStatuses
        self.stepReasons = stepReasons
        self.quarterLimits = quarterLimits
    }

    /// Whether another run of the same scenario may end with another plan: a plan not proven
    /// optimal depends on where the time limit (or a stop, or `--gap`) ended the search. Proven
    /// whole programs are the same on every run (`SearchRace`, `ProverRace`).
    public var mayDifferOnAnotherRun: Bool { status == .feasible }

    /// |bound − value| / max(1, |bound|).
    public var gap: Double? {
        guard let objectiveValue, let bound else { return nil }
        return relativeGap(objectiveValue, bound: bound)
    }

    public var totalCost: Double { steps.reduce(0) { $0 + $1.cost } }
    public var totalEffort: Double { steps.reduce(0) { $0 + $1.effort } }

    /// The quarter by whose end the plan has brought every practice of every system to its target
    /// level and scope, or `nil` when it does not within the horizon (or there is no plan). Asked
    /// of the planned state, not by counting steps: an initiative's one step raises all its
    /// members, and a re-plan's history counts.
    public var allTargetsReached: Quarter? {
        guard status == .optimal || status == .feasible else { return nil }
        guard plannedGap().systems.allSatisfy({ $0.practices.allSatisfy { !$0.isBelowTarget } }) else { return nil }
        return (historySteps + steps).map(\.quarter).max() ?? scenario.start
    }

    /// The gap analysis of the state the plan reaches by the end of quarter `t` (the horizon by default).
    public func plannedGap(throughQuarter t: Int? = nil) -> GapAnalysis {
        let through = t ?? scenario.horizon
        var level: [String: [String: Int]] = [:]
        var scope: [String: [String: Int]] = [:]
        for step in historySteps + steps where step.quarterIndex <= through {
            if step.kind == .level {
                for system in step.raisedSystems {
                    level[system, default: [:]][step.practiceID] = max(level[system]?[step.practiceID] ?? 0, step.to)
                }
            } else {
                scope[step.systemID, default: [:]][step.practiceID] = max(
                    scope[step.systemID]?[step.practiceID] ?? 0, step.to)
            }
        }
        let catalog = scenario.catalog
        return GapAnalysis(
            name: scenario.name, catalog: catalog,
            systems: scenario.systems.map { system in
                (
                    system,
                    zip(catalog.practices, system.practices).map { location, state in
                        let l = max(state.currentLevel, level[system.id]?[state.practiceID] ?? 0)
                        let s = Scope(
                            rawValue: max(state.currentScope.rawValue, scope[system.id]?[state.practiceID] ?? 0))!
                        let remaining =
                            state.levelSteps.filter { $0.to > l } + state.scopeSteps.filter { $0.to > s.rawValue }
                        return PracticeGap(location: location, state: state, systemID: system.id)
                            .reaching(
                                level: l, scope: s, remainingCost: remaining.reduce(0) { $0 + $1.cost },
                                remainingEffort: remaining.reduce(0) { $0 + $1.effort })
                    }
                )
            })
    }
}
