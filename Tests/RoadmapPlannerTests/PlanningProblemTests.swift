import ScenarioLoading
import ScenarioModel
import ScenarioTestSupport
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// The candidate steps of a scenario (spec §3.1) and their objective weights (spec §2).
@Suite struct PlanningProblemTests {
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
        let steps = PlanningProblem(scenario: s).steps
        #expect(steps.first { $0.kind == .level }?.value == 9)  // 3 × 2 × 1.5
        #expect(steps.first { $0.kind == .scope }?.value == 4.5)  // × 0.5
    }

}

/// Initiatives as planning steps (spec §6), built in code.
@Suite struct InitiativeStepsTests {
    /// hmi needs level 2 (worth something); plc's target is 0, so the rung to level 1 is worth
    /// nothing by itself. A plan that takes only that rung has it dropped (rule 4); one that takes
    /// both keeps both.
    @Test func anIdleRungIsDroppedAndAUsefulOneKept() throws {
        var builder = ScenarioBuilder(name: "rungs", start: Fixtures.start, quarters: 3)
        builder.quarterlyBudget = [100_000]
        builder.levelCosts = [1: 1_000, 2: 2_000, 3: 3_000, 4: 4_000]
        builder.addSystem(id: "plc", practices: ["access-control": .init(current: 0, target: 0)])
        builder.addSystem(id: "hmi", practices: ["access-control": .init(current: 1, target: 2)])
        builder.initiatives = [
            .init(id: "identity-service", practice: "access-control", levels: [(1_000, 1), (50_000, 5)])
        ]
        let steps = PlanningProblem(scenario: try builder.build())
        let rungs = steps.steps.indices.filter { steps.steps[$0].initiative != nil }
        #expect(rungs.map { steps.steps[$0].to } == [1, 2])
        #expect(rungs.map { steps.steps[$0].value } == [0, 1])
        // Each rung raises the members below it: plc alone to 1, both to 2.
        #expect(steps.steps[rungs[0]].members == [0] && steps.steps[rungs[1]].members == [0, 1])
        var onlyFirst = Schedule(stepCount: steps.steps.count)
        onlyFirst[rungs[0]] = 1
        #expect(steps.droppingIdleInitiativeSteps(onlyFirst)[rungs[0]] == nil)
        var both = onlyFirst
        both[rungs[1]] = 2
        #expect(steps.droppingIdleInitiativeSteps(both) == both)
    }
}
