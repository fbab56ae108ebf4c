import GapAnalysis
import MaturityModel
import ScenarioModel

extension Roadmap {
    /// Share of the levels and scopes to target (at the start) that the programme closes by the
    /// end (1 when none is needed). Asked of the planned state, not by counting steps: an
    /// initiative's one step closes a level for each member, and a re-plan's history counts.
    public var gapClosed: Double {
        let start = GapAnalysis(scenario: scenario).portfolio, end = plannedGap().portfolio
        let needed = start.levelSteps + start.scopeSteps
        return needed == 0 ? 1 : Double(needed - end.levelSteps - end.scopeSteps) / Double(needed)
    }

    /// When each practice below target at the start reaches its target level and scope under the
    /// plan: the quarter of the last step that raises it (history included), `nil` when it does not.
    public var targetQuarters: [TargetReached] {
        var last: [String: Int] = [:]
        for step in programmeSteps {
            for system in step.raisedSystems {
                last["\(system)/\(step.practiceID)"] = max(last["\(system)/\(step.practiceID)"] ?? 0, step.quarterIndex)
            }
        }
        let start = GapAnalysis(scenario: scenario), end = plannedGap()
        return zip(start.systems, end.systems).flatMap { before, after in
            zip(before.practices, after.practices).compactMap { now, then -> TargetReached? in
                guard now.isBelowTarget else { return nil }
                let key = "\(now.systemID)/\(now.practiceID)"
                let reached = then.isBelowTarget ? nil : last[key].map(scenario.quarter)
                return TargetReached(systemID: now.systemID, practiceID: now.practiceID, quarter: reached)
            }
        }
    }
}

/// The quarter in which a practice of a system reaches its target; `nil` when the plan does not reach it.
public struct TargetReached: Sendable, Hashable {
    public let systemID: String
    public let practiceID: String
    public let quarter: Quarter?
}

/// Plans of several scenarios side by side.
public struct PlanComparison: Sendable {
    /// One step, identified across plans, and the quarter each plan takes it in (`nil`: not taken).
    public struct StepDifference: Sendable, Hashable {
        public let systemID: String
        public let practiceID: String
        public let kind: StepEstimate.Kind
        public let to: Int
        public let quarters: [Quarter?]
    }

    public let roadmaps: [Roadmap]

    public init(roadmaps: [Roadmap]) {
        self.roadmaps = roadmaps
    }

    /// Steps not taken in the same quarter by every plan, in system, practice and step order.
    public var differingSteps: [StepDifference] {
        var quarters: [StepID: [Quarter?]] = [:]
        for (i, roadmap) in roadmaps.enumerated() {
            for step in roadmap.steps {
                quarters[step.id, default: Array(repeating: nil, count: roadmaps.count)][i] = step.quarter
            }
        }
        return quarters.keys.sorted().compactMap { id in
            let row = quarters[id]!
            guard Set(row.map { $0?.description ?? "-" }).count > 1 else { return nil }
            return StepDifference(
                systemID: id.systemID, practiceID: id.practiceID, kind: id.kind, to: id.to, quarters: row)
        }
    }
}
