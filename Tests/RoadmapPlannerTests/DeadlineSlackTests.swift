import ScenarioLoading
import ScenarioModel
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// `DeadlineSlack`: among plans of one value, a due step moves earlier by a swap that keeps the
/// plan valid and its value; checked against every plan of small scenarios, enumerated.
@Suite struct DeadlineSlackTests {
    /// Two practices of equal value, one step each and one step's money a quarter; one of them due
    /// by the second quarter. Both orders are optimal.
    static let twoOrders = """
        name: two-orders
        start: 2027-Q1
        quarters: 2
        budget: {quarterly: 1000}
        costs: {level: {1: 1000, 2: 1000}}
        systems:
          - {id: s0, practices: {patch-management: {current: 0, target: 1}, access-control: {current: 0, target: 1}}}
        deadlines:
          - {system: s0, practice: patch-management, level: 1, by: 2027-Q2}
        """

    @Test func theDueStepTradesItsQuarterWithAStepOfTheSameValue() throws {
        let steps = PlanningProblem(scenario: try ScenarioLoader().load(text: Self.twoOrders, source: "two.yaml"))
        let patch = try #require(steps.steps.firstIndex { $0.practiceID == "patch-management" })
        let access = try #require(steps.steps.firstIndex { $0.practiceID == "access-control" })
        var late = Schedule(stepCount: steps.steps.count)
        late[access] = 1
        late[patch] = 2
        let widened = DeadlineSlack(problem: steps).widened(late)
        #expect(widened[patch] == 1 && widened[access] == 2)
        #expect(steps.maturityValue(of: widened) == steps.maturityValue(of: late))
        // Already as early as it can be: unchanged.
        #expect(DeadlineSlack(problem: steps).widened(widened) == widened)
    }

    /// Every valid plan of `steps` (each step in a quarter 1...H or not taken), by enumeration.
    static func everyValidPlan(_ steps: PlanningProblem) -> [Schedule] {
        let n = steps.steps.count, choices = steps.scenario.horizon + 1
        let verifier = PlanVerifier(problem: steps)
        var plans: [Schedule] = []
        var digits = [Int](repeating: 0, count: n)
        while true {
            let plan = Schedule(digits.map { $0 == 0 ? nil : $0 })
            if verifier.violations(plan).isEmpty { plans.append(plan) }
            guard let i = digits.firstIndex(where: { $0 < choices - 1 }) else { return plans }
            digits[i] += 1
            for j in 0..<i { digits[j] = 0 }
        }
    }

    /// Small scenarios with a deadline, a budget that binds and several practices of one value,
    /// varied by the bits and residues of `seed`.
    static func smallScenario(seed: Int) -> String {
        let practices = ["patch-management", "access-control", "compliance-management"]
        let current = practices.indices.map { (seed >> $0) & 1 }
        let entries = practices.indices.map { i in
            "\(practices[i]): {current: \(current[i]), target: \(current[i] + 1 + (seed + i) % 2)}"
        }
        return """
            name: slack-\(seed)
            start: 2027-Q1
            quarters: 3
            budget: {quarterly: \(1000 * (1 + seed % 3)), carry_over: \(seed % 4 < 2)}
            costs: {level: {1: 1000, 2: 1000, 3: 2000}}
            priorities: {governance: \(1 + seed % 2)}
            systems:
              - {id: s0, practices: {\(entries.joined(separator: ", "))}}
            deadlines:
              - {system: s0, practice: patch-management, level: \(current[0] + 1), by: 2027-Q\(2 + seed % 2)}
            """
    }

    @Test(arguments: 0..<12)
    func everyPlanStaysValidKeepsItsValueAndLosesNoSlack(seed: Int) throws {
        let text = Self.smallScenario(seed: seed)
        let steps = PlanningProblem(scenario: try ScenarioLoader().load(text: text, source: "slack-\(seed).yaml"))
        let verifier = PlanVerifier(problem: steps)
        let slack = DeadlineSlack(problem: steps)
        let due = steps.steps.indices.filter { !steps.steps[$0].dueBy.isEmpty }
        var moved = 0
        for plan in Self.everyValidPlan(steps) {
            let widened = slack.widened(plan)
            #expect(verifier.violations(widened).isEmpty, "\(text)\n\(plan) -> \(widened)")
            #expect(abs(steps.maturityValue(of: widened) - steps.maturityValue(of: plan)) < 1e-9)
            for s in due { #expect((widened[s] ?? .max) <= (plan[s] ?? .max)) }
            if widened != plan { moved += 1 }
        }
        // Not a test that cannot fail: some plan of each of these scenarios can be widened.
        #expect(moved > 0, "\(text)")
    }
}
