import GLPKBackend
import MaturityModel
import ScenarioLoading
import ScenarioModel
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// Small scenarios built in code (`ScenarioBuilder`), the way an embedding program builds them.
enum Fixtures {
    static let start = Quarter(year: 2027, quarter: 1)!

    /// `systems` systems, each with a few practices to raise, a tight budget and effort limit.
    static func portfolio(
        systems: Int, quarters: Int, budget: Double = 9_000, carryOver: Bool = false, total: Double? = nil,
        effort: Double? = nil
    ) throws -> Scenario {
        var builder = ScenarioBuilder(name: "fixture", start: start, quarters: quarters)
        builder.quarterlyBudget = [budget]
        builder.carryOver = carryOver
        builder.totalBudget = total
        builder.effortCapacity = effort.map { [$0] }
        builder.levelCosts = [1: 1_000, 2: 2_500, 3: 6_000, 4: 12_000]
        builder.scopeCosts = [.industry: 1_500, .system: 4_000]
        builder.levelEffort = [1: 2, 2: 5, 3: 9, 4: 15]
        builder.priorities = ["governance": 1, "enablement": 1, "hardening": 2]
        for s in 0..<systems {
            builder.addSystem(
                id: "s\(s)", weight: 1 + Double(s % 3) / 2,
                practices: [
                    "patch-management": .init(current: s % 2, target: 3),
                    "vulnerability-assessment": .init(current: 1, target: 3),
                    "access-control": .init(current: 0, target: 2, scope: .general, targetScope: .industry),
                ])
        }
        builder.dependencies = [
            .init(
                practice: "patch-management", level: 3, requiredPractice: "vulnerability-assessment",
                requiredLevel: 2)
        ]
        return try builder.build()
    }

    /// The optimum of a scenario's whole program, by GLPK.
    static func optimum(_ scenario: Scenario) throws -> Roadmap {
        try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(engine: .wholeProgram)).plan(scenario)
    }
}
