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

    package init(
        deadline: Deadline, systemID: String, reachedIndex: Int?, reached: Quarter?, slack: Int?, state: State,
        plannedBy: Quarter?, slackToPlannedBy: Int?
    ) {
        self.deadline = deadline
        self.systemID = systemID
        self.reachedIndex = reachedIndex
        self.reached = reached
        self.slack = slack
        self.state = state
        self.plannedBy = plannedBy
        self.slackToPlannedBy = slackToPlannedBy
    }

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
