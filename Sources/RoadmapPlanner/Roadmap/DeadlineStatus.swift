import MaturityModel
import ScenarioModel

/// How a plan meets one deadline: the quarter it reaches the required level (and scope), and the
/// quarters to spare.
public struct DeadlineStatus: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Reached before the plan starts.
        case alreadyMet = "already-met"
        /// Reached with at least one quarter to spare.
        case met
        /// Reached in the deadline's own quarter: the plan meets it, but a step that slips misses it.
        case metNoSlack = "met-no-slack"
        /// A re-plan meets it in its own quarter where its baseline had quarters to spare: the
        /// history's slips (or the commitments) have used the slack up.
        case atRisk = "at-risk"
        /// Not reached by its quarter (a re-plan's history missed it, or a plan that is not valid, or none).
        case missed

        /// Whether the plan reaches the requirement by the deadline (with or without slack).
        public var isMet: Bool { self != .missed }

        /// In words, as tables print it.
        public var words: String {
            switch self {
            case .alreadyMet: "already met"
            case .met: "met"
            case .metNoSlack: "met, no slack"
            case .atRisk: "at risk"
            case .missed: "missed"
            }
        }
    }

    public let deadline: Deadline
    public let systemID: String
    /// The plan quarter (1...H) whose end reaches the requirement; 0 when met before the plan.
    public let reachedIndex: Int?
    public let reached: Quarter?
    /// Quarters between reaching it and its deadline.
    public let slack: Int?
    public let state: State
    /// With a margin: the quarter the plan had to reach it by (`by` less the margin), and the
    /// quarters to spare against that date.
    public let plannedBy: Quarter?
    public let slackToPlannedBy: Int?

    /// What is required, e.g. "level 2" or "level 3, scope industry".
    public var requirement: String {
        [deadline.level.map { "level \($0)" }, deadline.scope.map { "scope \($0.id)" }].compactMap { $0 }
            .joined(separator: ", ")
    }
}

/// Why a step is in its quarter, when a plan rule decides it.
public enum StepReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The step right below it on the ladder came in the quarter before.
    case afterPredecessor
    /// A practice it depends on reached its level in the quarter before.
    case afterDependency(practiceID: String, level: Int)
    /// Every earlier quarter it could have taken had no budget (or effort) left for it.
    case earlierQuartersFull(String)
    /// A deadline is due this quarter (`by` less its margin).
    case deadline(by: Quarter, margin: Int)
    /// A re-plan keeps it where the baseline promised it (`commit_quarters`).
    case commitment

    public var description: String {
        switch self {
        case .afterPredecessor: "right after the level below"
        case .afterDependency(let practice, let level): "right after \(practice) reaches level \(level)"
        case .earlierQuartersFull(let what): "earlier quarters' \(what) was used up"
        case .deadline(let by, let margin):
            margin == 0
                ? "its deadline \(by)"
                : "its deadline \(by), less a margin of \(margin) quarter\(margin == 1 ? "" : "s")"
        case .commitment: "committed in the baseline"
        }
    }
}

/// The answers a roadmap gives about its plan, computed once when it is assembled: how it meets
/// each deadline, why each step sits in its quarter, and what limits each quarter.
struct RoadmapAnswers {
    let planning: PlanningProblem
    /// The plan's steps (in roadmap order) and the history's.
    let steps: [ScheduledStep]
    let historySteps: [ScheduledStep]
    let quarters: [QuarterSummary]

    var scenario: Scenario { planning.scenario }

    /// Every deadline of the scenario with the quarter the plan meets it and its slack.
    func deadlineStatuses() -> [DeadlineStatus] {
        guard !scenario.deadlines.isEmpty else { return [] }
        // Steps by system and practice, once: a portfolio has thousands of deadlines and steps.
        // An initiative's step counts for each member it raises (initiatives rule 5).
        var stepsOf: [String: [ScheduledStep]] = [:]
        for step in historySteps + steps {
            for system in step.raisedSystems { stepsOf["\(system)\u{0}\(step.practiceID)", default: []].append(step) }
        }
        var baselineOf: [String: [Progress.BaselineStep]] = [:]
        for step in scenario.progress?.baseline ?? [] {
            baselineOf["\(step.systemID)\u{0}\(step.practiceID)", default: []].append(step)
        }
        let opening = scenario.progress?.asOfIndex ?? 1
        return scenario.deadlines.map { deadline in
            let system = scenario.systems[deadline.systemIndex]
            let state = system.practices.first { $0.practiceID == deadline.practiceID }
            let key = "\(system.id)\u{0}\(deadline.practiceID)"
            /// The quarter a list of steps reaches the requirement: 0 when it is met already.
            func reach(_ quarterOf: (StepEstimate.Kind, Int) -> Int?) -> Int? {
                func quarter(_ kind: StepEstimate.Kind, _ required: Int?, current: Int) -> Int? {
                    guard let required, required > current else { return 0 }
                    return quarterOf(kind, required)
                }
                let level = quarter(.level, deadline.level, current: state?.currentLevel ?? 0)
                let scope = quarter(.scope, deadline.scope?.rawValue, current: state?.currentScope.rawValue ?? 0)
                return level.flatMap { l in scope.map { max(l, $0) } }
            }
            let own = stepsOf[key] ?? []
            let reachedIndex = reach { kind, to in own.first { $0.kind == kind && $0.to == to }?.quarterIndex }
            let slack = reachedIndex.map { deadline.byIndex - max($0, 1) }
            var result: DeadlineStatus.State =
                switch (reachedIndex, slack) {
                case (0?, _): .alreadyMet
                case (_?, let s?) where s > 0: .met
                case (_?, 0?): .metNoSlack
                default: .missed
                }
            if result == .metNoSlack {
                if deadline.byIndex < opening {
                    // A deadline of a re-plan's history is over: met or missed (re-planning rule 4).
                    result = .met
                } else if let reachedIndex,
                    let planned = reach({ kind, to in
                        // Where the baseline had it, from history or the baseline's own steps.
                        own.first { $0.kind == kind && $0.to == to && $0.quarterIndex < opening }?.quarterIndex
                            ?? baselineOf[key]?.first { $0.kind == kind && $0.to == to }?.quarterIndex
                    }), planned < reachedIndex
                {
                    result = .atRisk
                }
            }
            let margin = deadline.margin > 0
            return DeadlineStatus(
                deadline: deadline, systemID: system.id, reachedIndex: reachedIndex,
                reached: reachedIndex.flatMap { $0 > 0 ? scenario.quarter($0) : nil },
                slack: reachedIndex == 0 ? nil : slack, state: result,
                plannedBy: margin ? scenario.quarter(deadline.plannedByIndex) : nil,
                slackToPlannedBy: margin && reachedIndex != 0
                    ? reachedIndex.map { deadline.plannedByIndex - max($0, 1) } : nil)
        }
    }

    /// For each step (in `steps` order), the plan rule that puts it in its quarter, if one does.
    ///
    /// A step sits right after its predecessor or a dependency when that came the quarter before;
    /// it sits in its deadline's quarter; or every earlier quarter it could have taken lacked the
    /// budget (with carry-over: the money available then) or the effort for it. The total budget
    /// never decides a step's quarter: taking it earlier spends the same total.
    func stepReasons() -> [StepReason?] {
        let candidate = planning.indexByID()
        // A deadline for every system is one file entry: one date and margin per entry.
        let deadlineOf = Dictionary(scenario.deadlines.map { ($0.sourceIndex, $0) }, uniquingKeysWith: { a, _ in a })
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
            let deadline = c.dueQuarter == t ? deadlineReason(of: c, deadlineOf) : nil
            // Steps of a re-plan's history quarters are not the plan's to move.
            guard earliest < t else { return deadline }
            let earlier = earliest..<t
            let noMoney = { (q: Int) in (moneyLeft[q] ?? 0) + Tolerance.amount < c.cost }
            let noEffort = { (q: Int) in effortLeft[q].map { $0 + Tolerance.amount < c.effort } ?? false }
            if earlier.allSatisfy(noMoney) { return .earlierQuartersFull("budget") }
            if earlier.allSatisfy(noEffort) { return .earlierQuartersFull("effort capacity") }
            if earlier.allSatisfy({ noMoney($0) || noEffort($0) }) {
                return .earlierQuartersFull("budget or effort capacity")
            }
            return deadline
        }
    }

    /// The deadline that makes a candidate due in its quarter: the one of the earliest planned date.
    private func deadlineReason(of step: CandidateStep, _ deadlineOf: [Int: Deadline]) -> StepReason? {
        let deadlines = step.dueBy.compactMap { deadlineOf[$0] }
        guard let first = deadlines.min(by: { $0.plannedByIndex < $1.plannedByIndex }) else { return nil }
        return .deadline(by: first.by, margin: first.margin)
    }
}

/// How many of a plan's deadlines it meets, and how.
public struct DeadlineTally: Sendable, Hashable, CustomStringConvertible {
    public let total: Int
    /// Met in any way: already, with slack, with none, or at risk.
    public let met: Int
    public let noSlack: Int
    public let atRisk: Int

    public init(_ statuses: [DeadlineStatus]) {
        total = statuses.count
        met = statuses.count { $0.state.isMet }
        noSlack = statuses.count { $0.state == .metNoSlack }
        atRisk = statuses.count { $0.state == .atRisk }
    }

    /// "7 of 7", then what needs watching.
    public var description: String { "\(met) of \(total)" + (details.isEmpty ? "" : ", \(details)") }

    /// "1 with no slack, 1 at risk", or empty.
    public var details: String {
        [noSlack > 0 ? "\(noSlack) with no slack" : nil, atRisk > 0 ? "\(atRisk) at risk" : nil].compactMap { $0 }
            .joined(separator: ", ")
    }
}

extension Roadmap {
    /// How many deadlines the plan meets, and how (`DeadlineTally`).
    public var deadlineTally: DeadlineTally { DeadlineTally(deadlineStatuses) }
}
