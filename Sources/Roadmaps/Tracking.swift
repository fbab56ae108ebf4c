import GapAnalysis
import MaturityModel
import ScenarioModel

/// How a re-plan compares with its baseline (spec §5): each baseline step done, kept, moved or
/// dropped, the steps the baseline did not have, and the spend planned against the spend of each
/// history quarter.
public struct Variance: Sendable, Hashable, Codable {
    /// What became of a baseline step, or that a plan step is new.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case doneOnTime = "done-on-time"
        case doneEarly = "done-early"
        case doneLate = "done-late"
        /// Planned in its baseline quarter.
        case kept
        /// Planned in another quarter (or not done in its history quarter and planned later).
        case moved
        /// Neither done nor planned.
        case dropped
        /// In the plan, not in the baseline.
        case added
    }

    /// One step's variance.
    public struct Step: Sendable, Hashable, Codable {
        public let id: StepID
        public let state: State
        /// The baseline's quarter (`nil` for an added step).
        public let baselineQuarter: Quarter?
        /// The quarter it was done in, or is now planned in (`nil` when dropped).
        public let quarter: Quarter?
    }

    /// Planned against actual spend of one history quarter.
    public struct Spend: Sendable, Hashable, Codable {
        public let quarter: Quarter
        public let planned: Double
        public let actual: Double
    }

    /// Baseline steps in the baseline's order, then the added steps in plan order.
    public let steps: [Step]
    public let spend: [Spend]

    /// The steps in one state.
    public func steps(_ state: State) -> [Step] { steps.filter { $0.state == state } }
}

extension Roadmap {
    /// The steps a re-plan's history finished (spec §5), as steps of the quarters they were done
    /// in; empty without a progress file.
    public var historySteps: [ScheduledStep] { Self.historySteps(of: scenario) }

    /// The steps a re-plan's history finished, as steps of the quarters they were done in.
    package static func historySteps(of scenario: Scenario) -> [ScheduledStep] {
        guard let progress = scenario.progress else { return [] }
        return progress.done.sorted { ($0.quarterIndex, $0.systemIndex) < ($1.quarterIndex, $1.systemIndex) }.map {
            var step = ScheduledStep(
                systemID: $0.systemID, practiceID: $0.practiceID, kind: $0.kind, from: $0.from, to: $0.to,
                quarterIndex: $0.quarterIndex, quarter: scenario.quarter($0.quarterIndex), cost: $0.cost,
                effort: $0.effort)
            step.plannedCost = $0.plannedCost
            if let i = $0.initiative {
                // An initiative's done step names its members, as a planned one does.
                step.initiative = scenario.initiatives[i].id
                step.members = $0.members.map { scenario.systems[$0].id }
            }
            return step
        }
    }

    /// The variance against the baseline; `nil` without a progress file that names one.
    public var variance: Variance? {
        guard let progress = scenario.progress, progress.baselinePath != nil else { return nil }
        var doneQuarter: [StepID: Int] = [:]
        for step in historySteps { doneQuarter[step.id] = step.quarterIndex }
        var plannedQuarter: [StepID: Int] = [:]
        for step in steps { plannedQuarter[step.id] = step.quarterIndex }
        var inBaseline = Set<StepID>()
        var result: [Variance.Step] = []
        for step in progress.baseline {
            let id = StepID(systemID: step.systemID, practiceID: step.practiceID, kind: step.kind, to: step.to)
            inBaseline.insert(id)
            let planned = scenario.quarter(step.quarterIndex)
            if let done = doneQuarter[id] {
                let state: Variance.State =
                    done == step.quarterIndex ? .doneOnTime : done < step.quarterIndex ? .doneEarly : .doneLate
                result.append(.init(id: id, state: state, baselineQuarter: planned, quarter: scenario.quarter(done)))
            } else if let now = plannedQuarter[id] {
                result.append(
                    .init(
                        id: id, state: now == step.quarterIndex ? .kept : .moved, baselineQuarter: planned,
                        quarter: scenario.quarter(now)))
            } else {
                result.append(.init(id: id, state: .dropped, baselineQuarter: planned, quarter: nil))
            }
        }
        for step in steps where !inBaseline.contains(step.id) {
            result.append(.init(id: step.id, state: .added, baselineQuarter: nil, quarter: step.quarter))
        }
        let spend = (1..<progress.asOfIndex).map { t in
            Variance.Spend(
                quarter: scenario.quarter(t),
                planned: progress.baselineSpend.indices.contains(t - 1)
                    ? progress.baselineSpend[t - 1] : 0,
                actual: progress.spent[t - 1])
        }
        return Variance(steps: result, spend: spend)
    }
}

/// A programme's totals: what a re-plan's history did and spent, what the plan adds, and both
/// together (the history is empty for a plan that is not a re-plan).
public struct ProgrammeTotals: Sendable, Hashable {
    /// Steps done before `as_of`, and their actual spend (with `spent`, the history quarters'
    /// spend as the file gives it) and effort.
    public let doneSteps: Int
    public let spent: Double
    public let effortSpent: Double
    /// The plan's steps, cost and effort (the open quarters).
    public let plannedSteps: Int
    public let plannedCost: Double
    public let plannedEffort: Double
    /// Done steps' actual cost less the scenario's cost for them (positive: an overrun).
    public let doneCostVariance: Double

    /// The whole programme: history and plan.
    public var steps: Int { doneSteps + plannedSteps }
    public var cost: Double { spent + plannedCost }
    public var effort: Double { effortSpent + plannedEffort }
}

extension Roadmap {
    /// The history steps and the plan's steps, in quarter order: the whole programme.
    public var programmeSteps: [ScheduledStep] { historySteps + steps }

    /// The programme's totals (`ProgrammeTotals`): equal to the plan's own without a progress file.
    public var programme: ProgrammeTotals {
        let done = scenario.progress?.done ?? []
        return ProgrammeTotals(
            doneSteps: done.count, spent: scenario.progress?.historySpend ?? 0,
            effortSpent: done.reduce(0) { $0 + $1.effort }, plannedSteps: steps.count, plannedCost: totalCost,
            plannedEffort: totalEffort,
            doneCostVariance: done.reduce(0) { sum, step in sum + (step.plannedCost.map { step.cost - $0 } ?? 0) })
    }

    /// Attainment of the target at the plan's first open quarter: now, or at `as_of` in a re-plan.
    public var openingAttainment: Double {
        guard let progress = scenario.progress else { return GapAnalysis(scenario: scenario).portfolio.attainment }
        return plannedGap(throughQuarter: progress.asOfIndex - 1).portfolio.attainment
    }
}
