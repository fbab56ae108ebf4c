import MaturityModel
import ScenarioLoading

/// How a plan meets one deadline: the quarter it reaches the required level (and scope), and the
/// quarters to spare.
public struct DeadlineStatus: Sendable, Hashable {
    public enum State: String, Sendable {
        /// Reached before the plan starts.
        case alreadyMet = "already-met"
        /// Reached with at least one quarter to spare.
        case met
        /// Reached in the deadline's own quarter: any slip misses it.
        case atRisk = "at-risk"
        /// Not reached by its quarter (only in a plan that is not valid, or none).
        case missed
    }

    public let deadline: Deadline
    public let systemID: String
    /// The plan quarter (1...H) whose end reaches the requirement; 0 when met before the plan.
    public let reachedIndex: Int?
    public let reached: Quarter?
    /// Quarters between reaching it and its deadline.
    public let slack: Int?
    public let state: State

    /// What is required, e.g. "level 2" or "level 3, scope industry".
    public var requirement: String {
        [deadline.level.map { "level \($0)" }, deadline.scope.map { "scope \($0.id)" }].compactMap { $0 }
            .joined(separator: ", ")
    }
}

/// Why a step is in its quarter, when a plan rule decides it.
public enum StepReason: Sendable, Hashable, CustomStringConvertible {
    /// The step right below it on the ladder came in the quarter before.
    case afterPredecessor
    /// A practice it depends on reached its level in the quarter before.
    case afterDependency(practiceID: String, level: Int)
    /// Every earlier quarter it could have taken had no budget (or effort, or total) left for it.
    case earlierQuartersFull(String)
    /// Its deadline is this quarter.
    case deadline
    /// A re-plan keeps it where the baseline promised it (`commit_quarters`).
    case commitment

    public var description: String {
        switch self {
        case .afterPredecessor: "right after the level below"
        case .afterDependency(let practice, let level): "right after \(practice) reaches level \(level)"
        case .earlierQuartersFull(let what): "earlier quarters' \(what) was used up"
        case .deadline: "its deadline quarter"
        case .commitment: "committed in the baseline"
        }
    }
}

extension Roadmap {
    /// Every deadline of the scenario with the quarter the plan meets it and its slack.
    public var deadlineStatuses: [DeadlineStatus] {
        guard !scenario.deadlines.isEmpty else { return [] }
        // Steps by system and practice, once: a portfolio has thousands of deadlines and steps.
        // An initiative's step counts for each member it raises (spec §6 rule 5).
        var stepsOf: [String: [ScheduledStep]] = [:]
        for step in historySteps + steps {
            for system in step.raisedSystems { stepsOf["\(system)\u{0}\(step.practiceID)", default: []].append(step) }
        }
        let opening = scenario.progress?.asOfIndex ?? 1
        return scenario.deadlines.map { deadline in
            let system = scenario.systems[deadline.systemIndex]
            let state = system.practices.first { $0.practiceID == deadline.practiceID }
            let ownSteps = stepsOf["\(system.id)\u{0}\(deadline.practiceID)"] ?? []
            func quarter(_ kind: StepEstimate.Kind, _ required: Int?, current: Int) -> Int? {
                guard let required, required > current else { return 0 }
                return ownSteps.first { $0.kind == kind && $0.to == required }?.quarterIndex
            }
            let levelQuarter = quarter(.level, deadline.level, current: state?.currentLevel ?? 0)
            let scopeQuarter = quarter(.scope, deadline.scope?.rawValue, current: state?.currentScope.rawValue ?? 0)
            let reachedIndex: Int? = levelQuarter.flatMap { l in scopeQuarter.map { max(l, $0) } }
            let slack = reachedIndex.map { deadline.byIndex - max($0, 1) }
            var result: DeadlineStatus.State =
                switch (reachedIndex, slack) {
                case (0?, _): .alreadyMet
                case (_?, let s?) where s > 0: .met
                case (_?, 0?): .atRisk
                default: .missed
                }
            // A deadline of a re-plan's history is over: met or missed (spec §5 rule 4).
            if deadline.byIndex < opening, result == .atRisk { result = .met }
            return DeadlineStatus(
                deadline: deadline, systemID: system.id, reachedIndex: reachedIndex,
                reached: reachedIndex.flatMap { $0 > 0 ? scenario.quarter($0) : nil },
                slack: reachedIndex == 0 ? nil : slack, state: result)
        }
    }

    /// For each step (in `steps` order), the plan rule that puts it in its quarter, if one does.
    ///
    /// A step sits right after its predecessor or a dependency when that came the quarter before;
    /// it sits in its deadline's quarter; or every earlier quarter it could have taken lacked the
    /// budget (with carry-over: the money through that quarter), the effort or the total for it.
    public var stepReasons: [StepReason?] {
        let planning = PlanningSteps(scenario: scenario)
        let candidate = planning.indexByID()
        var quarterOf = [Int?](repeating: nil, count: planning.steps.count)
        let indices = steps.map { candidate[$0.id] }
        for (step, s) in zip(steps, indices) { if let s { quarterOf[s] = step.quarterIndex } }
        // What each quarter left unused: money (with carry-over, of what was available then) and effort.
        var moneyLeft: [Int: Double] = [:], effortLeft: [Int: Double] = [:]
        for q in quarters {
            moneyLeft[q.index] = q.available - q.spend
            if let capacity = q.effortCapacity { effortLeft[q.index] = capacity - q.effort }
        }
        return zip(steps, indices).map { step, s -> StepReason? in
            guard let s else { return nil }
            let c = planning.steps[s], t = step.quarterIndex
            if c.committed { return .commitment }
            if let p = c.predecessor, quarterOf[p] == t - 1 { return .afterPredecessor }
            if let r = c.requires.first(where: { quarterOf[$0] == t - 1 }) {
                return .afterDependency(practiceID: planning.steps[r].practiceID, level: planning.steps[r].to)
            }
            let earliest = max(
                c.earliestQuarter, c.prerequisites.compactMap { quarterOf[$0] }.max().map { $0 + 1 } ?? 1)
            // Steps of a re-plan's history quarters are not the plan's to move.
            guard earliest < t else { return c.dueQuarter == t ? .deadline : nil }
            let earlier = earliest..<t
            let noMoney = { (q: Int) in (moneyLeft[q] ?? 0) + Tolerance.amount < c.cost }
            let noEffort = { (q: Int) in effortLeft[q].map { $0 + Tolerance.amount < c.effort } ?? false }
            if earlier.allSatisfy(noMoney) { return .earlierQuartersFull("budget") }
            if earlier.allSatisfy(noEffort) { return .earlierQuartersFull("effort capacity") }
            if earlier.allSatisfy({ noMoney($0) || noEffort($0) }) {
                return .earlierQuartersFull("budget or effort capacity")
            }
            return c.dueQuarter == t ? .deadline : nil
        }
    }
}
