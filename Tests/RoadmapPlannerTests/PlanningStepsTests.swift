import ScenarioLoading
import ScenarioTestSupport
import Testing

@testable import RoadmapPlanner

/// The candidate steps of a scenario (spec §3.1) and their objective weights (spec §2).
@Suite struct PlanningStepsTests {
    @Test func valueIsSystemWeightTimesPriorityTimesPracticeWeightTimesScopeWeight() throws {
        let s = try load(
            scenarioText(
                """
                priorities: {hardening: 2}
                practice_weights: {patch-management: 1.5}
                scope_weight: 0.5
                systems:
                  - id: a
                    weight: 3
                    practices: {patch-management: {current: 0, target: 1, target_scope: industry}}
                """))
        let steps = PlanningSteps(scenario: s).steps
        #expect(steps.first { $0.kind == .level }?.value == 9)  // 3 × 2 × 1.5
        #expect(steps.first { $0.kind == .scope }?.value == 4.5)  // × 0.5
    }

}
