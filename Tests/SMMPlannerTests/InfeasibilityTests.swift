import Foundation
import Testing
@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel

@Suite struct InfeasibilityTests {
    private func scenario(_ body: String, budget: String = "30000", quarters: Int = 4) throws -> Scenario {
        try load(
            """
            name: infeasible
            start: 2027-Q1
            quarters: \(quarters)
            budget:
              quarterly: \(budget)
            costs: {level: {1: 1000, 2: 2000, 3: 3000, 4: 45000}}
            \(body)
            """)
    }

    private func conflicts(_ s: Scenario) throws -> [Conflict] {
        let (roadmap, json, _) = try planAndCheck(s)
        #expect(roadmap.status == .infeasible)
        #expect((json["conflicts"] as? [String])?.isEmpty == false)
        return roadmap.conflicts
    }

    @Test func deadlineCloserThanItsLadder() throws {
        let found = try conflicts(
            try scenario(
                """
                systems: [{id: plant, practices: {patch-management: {current: 0}}}]
                deadlines: [{system: plant, practice: patch-management, level: 3, by: 2027-Q2}]
                """))
        #expect(found.count == 1)
        #expect(
            found[0].message == "patch-management of plant must reach level 3 by 2027-Q2 (deadlines[0]), but from "
                + "level 0 that needs 3 level steps, one per quarter, so the earliest is 2027-Q3")
        #expect(found[0].fix == "move the deadline to 2027-Q3 or later")
    }

    @Test func stepDearerThanEveryQuarterBudget() throws {
        let found = try conflicts(
            try scenario(
                """
                systems: [{id: plant-2, practices: {patch-management: {current: 3}}}]
                deadlines: [{system: plant-2, practice: patch-management, level: 4, by: 2027-Q2}]
                """))
        #expect(
            found.contains {
                $0.message.contains("patch-management of plant-2 must reach level 4 by 2027-Q2")
                    && $0.message.contains(
                        "that step costs 45,000 and no quarter's budget in 2027-Q1..2027-Q2 exceeds 30,000")
            })
    }

    @Test func dependencyOnALevelBeyondTheTarget() throws {
        let found = try conflicts(
            try scenario(
                """
                systems: [{id: a, practices: {patch-management: {current: 1}, asset-change-and-configuration-management: {current: 0, target: 1}}}]
                deadlines: [{practice: patch-management, level: 2, by: 2027-Q4}]
                dependencies: [{practice: patch-management, level: 2, requires: {practice: asset-change-and-configuration-management, level: 2}}]
                """))
        #expect(
            found.contains {
                $0.message.contains("dependencies[0] needs asset-change-and-configuration-management at level 2")
                    && $0.fix?.contains("raise the target of asset-change-and-configuration-management in a to 2")
                        == true
            })
    }

    @Test func totalBudgetBelowWhatIsRequired() throws {
        let found = try conflicts(
            try scenario(
                """
                objective: minimize-cost
                systems: [{id: a, practices: {patch-management: {target: 3}}}]
                """, budget: "30000\n  total: 5000"))
        #expect(
            found.contains {
                $0.message.contains("cost 6,000 in all, but budget.total is 5,000")
                    && $0.fix == "raise budget.total to at least 6,000, or drop or postpone requirements"
            })
    }

    @Test func elasticModelsFindTheSmallestBudgetChange() throws {
        // Each check alone passes (every step fits a quarter, money due by each quarter fits the budget
        // through it), but Q1 must hold A (1000) and B's first step (600) with 1200 available.
        let s = try load(
            """
            name: elastic
            start: 2027-Q1
            quarters: 2
            budget: {quarterly: 1200}
            costs: {level: {1: 600, 2: 600}}
            practice_costs: {patch-management: {level: {1: 1000}}}
            systems: [{id: a}]
            deadlines:
              - {practice: patch-management, level: 1, by: 2027-Q1}
              - {practice: access-control, level: 2, by: 2027-Q2}
            """)
        let found = try conflicts(s)
        #expect(
            found.contains { $0.fix?.contains("keep the deadlines and add 400 to budget.quarterly of 2027-Q1") == true }
        )
        #expect(found.contains { $0.message.contains("must reach level") && $0.message.contains("within the budget") })
    }
}
