import GapAnalysis
import MaturityModel
import ScenarioLoading

extension Roadmap {
    /// Share of the steps needed to reach every target that the plan takes (1 when none is needed).
    public var gapClosed: Double {
        let needed = scenario.systems.reduce(0) {
            $0 + $1.practices.reduce(0) { $0 + $1.levelSteps.count + $1.scopeSteps.count }
        }
        return needed == 0 ? 1 : Double(steps.count) / Double(needed)
    }

    /// When each practice of each system reaches its target level and scope under the plan.
    public var targetQuarters: [TargetReached] {
        var last: [String: Int] = [:]
        for step in steps {
            last["\(step.systemID)/\(step.practiceID)", default: 0] = max(
                last["\(step.systemID)/\(step.practiceID)"] ?? 0, step.quarterIndex)
        }
        var reachedSteps: [String: Int] = [:]
        for step in steps { reachedSteps["\(step.systemID)/\(step.practiceID)", default: 0] += 1 }
        return scenario.systems.flatMap { system in
            system.practices.compactMap { state -> TargetReached? in
                let needed = state.levelSteps.count + state.scopeSteps.count
                guard needed > 0 else { return nil }
                let key = "\(system.id)/\(state.practiceID)"
                let reached = (reachedSteps[key] ?? 0) == needed ? last[key].map(scenario.quarter) : nil
                return TargetReached(systemID: system.id, practiceID: state.practiceID, quarter: reached)
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
