import MaturityModel
import ScenarioTestSupport
import Testing
@testable import ScenarioLoading
import ScenarioModel

@Suite struct ResolutionTests {
    private func practice(_ s: Scenario, _ system: Int = 0, _ id: String) -> PracticeState {
        s.systems[system].practices.first { $0.practiceID == id }!
    }

    @Test func costPrecedenceSystemOverPracticeOverGlobal() throws {
        let s = try load(
            scenarioText(
                """
                practice_costs:
                  patch-management: {level: {2: 2500, 3: 3500}}
                systems:
                  - id: a
                    practices: {patch-management: {current: 0, target: 4}}
                    costs: {patch-management: {level: {3: 9999}}}
                  - id: b
                    practices: {patch-management: {current: 0, target: 4}}
                """))
        #expect(practice(s, 0, "patch-management").levelSteps.map(\.cost) == [1000, 2500, 9999, 4000])
        #expect(practice(s, 1, "patch-management").levelSteps.map(\.cost) == [1000, 2500, 3500, 4000])
    }

    @Test func levelKeysMayBeStringsAndNumbersDecimals() throws {
        let s = try load(
            """
            {"start": "2027-Q1", "quarters": 2, "budget": {"quarterly": 1500.5},
             "costs": {"level": {"1": 10.25, "2": 20}},
             "effort": {"level": {"2": 1.5}},
             "systems": [{"id": "a", "practices": {"access-control": {"current": 0, "target": 2}}}]}
            """)
        let steps = practice(s, 0, "access-control").levelSteps
        #expect(steps.map(\.cost) == [10.25, 20])
        // A missing effort is 0.
        #expect(steps.map(\.effort) == [0, 1.5])
        #expect(s.budget.quarterly == [1500.5, 1500.5])
    }

    @Test func targetsFromSystemThenDomainDefaultThenCurrent() throws {
        let s = try load(
            scenarioText(
                """
                target_defaults: {hardening: 3}
                systems:
                  - id: a
                    practices:
                      patch-management: {current: 1, target: 2}
                      monitoring-practices: {current: 1}
                      access-control: {current: 2}
                      vulnerability-assessment: {current: 4}
                      threat-modeling: {current: 3, target: 1}
                """))
        #expect(practice(s, 0, "patch-management").targetLevel == 2)  // the system's target
        #expect(practice(s, 0, "monitoring-practices").targetLevel == 3)  // hardening default
        #expect(practice(s, 0, "access-control").targetLevel == 2)  // no default: current
        #expect(practice(s, 0, "vulnerability-assessment").targetLevel == 4)  // never below current
        #expect(practice(s, 0, "threat-modeling").targetLevel == 3)
        #expect(practice(s, 0, "threat-modeling").levelSteps.isEmpty)
        // Practices not listed: current 0, target from the default or 0.
        #expect(practice(s, 0, "situational-awareness-and-information-sharing").currentLevel == 0)
        #expect(practice(s, 0, "situational-awareness-and-information-sharing").targetLevel == 3)
        #expect(practice(s, 0, "compliance-management").targetLevel == 0)
    }

    @Test func scopesDefaultToGeneralAndTargetScopeToCurrent() throws {
        let s = try load(
            scenarioText(
                """
                systems:
                  - id: a
                    practices:
                      patch-management: {current: 1, scope: industry}
                      access-control: {current: 1, target_scope: system}
                """))
        #expect(practice(s, 0, "patch-management").targetScope == .industry)
        #expect(practice(s, 0, "patch-management").scopeSteps.isEmpty)
        #expect(practice(s, 0, "compliance-management").currentScope == .general)
        let access = practice(s, 0, "access-control")
        #expect(access.scopeSteps.map(\.to) == [1, 2])
        #expect(access.scopeSteps.map(\.cost) == [500, 800])
    }

    @Test func deadlinesRaiseTargetsAndApplyToEverySystemWithoutOne() throws {
        let s = try load(
            scenarioText(
                """
                systems:
                  - id: a
                    practices: {patch-management: {current: 1, target: 1}}
                  - id: b
                deadlines:
                  - {practice: patch-management, level: 3, by: 2027-Q4}
                  - {system: b, practice: compliance-management, scope: system, by: 2027-Q2}
                """))
        #expect(s.deadlines.count == 3)
        #expect(practice(s, 0, "patch-management").targetLevel == 3)
        #expect(practice(s, 1, "patch-management").targetLevel == 3)
        #expect(practice(s, 1, "compliance-management").targetScope == .system)
        #expect(practice(s, 0, "compliance-management").targetScope == .general)
        #expect(s.deadlines.first { $0.systemIndex == 1 && $0.scope == .system }?.byIndex == 2)
    }

    @Test func perQuarterListsAndCarryOver() throws {
        let s = try load(
            scenarioText(
                """
                effort_capacity: {quarterly: [1, 2, 3, 4]}
                systems: [{id: a}]
                """
            ).replacingOccurrences(
                of: "quarterly: 10000", with: "quarterly: [5, 6, 7, 8]\n  carry_over: true\n  total: 20"))
        #expect(s.budget.quarterly == [5, 6, 7, 8])
        #expect(s.budget.carryOver)
        #expect(s.budget.total == 20)
        #expect(s.effortCapacity == [1, 2, 3, 4])
        #expect(s.objective == .maximizeMaturity)
        #expect(s.scopeWeight == 1)
    }

    @Test func overridesEditTheDocumentBeforeValidation() throws {
        let s = try load(
            scenarioText("systems: [{id: a, weight: 1}]"),
            overrides: ["budget.quarterly=[1,2,3,4]", "priorities.hardening=3", "systems[0].weight=2"])
        #expect(s.budget.quarterly == [1, 2, 3, 4])
        #expect(s.systems[0].weight == 2)
        let bad = diagnostics(
            scenarioText("systems: [{id: a}]"), overrides: ["budget.quarterly=-5", "systems[3].weight=1"])
        #expect(bad.contains { $0.path == "budget.quarterly" && $0.message.contains("negative") })
        #expect(bad.contains { $0.message.contains("there is no [3]") })
    }

    @Test func anOverrideOfNullRemovesAnOptionalKey() throws {
        let text = scenarioText("systems: [{id: a}]").replacingOccurrences(
            of: "quarterly: 10000", with: "quarterly: 10000\n  total: 15000")
        #expect(try load(text).budget.total == 15000)
        #expect(try load(text, overrides: ["budget.total=null"]).budget.total == nil)
        #expect(try load(text, overrides: ["budget.total=~"]).budget.total == nil)
        // A required key removed is missing, as in a file without it.
        #expect(diagnostics(text, overrides: ["start=null"]).contains { $0.path == "start" })
    }
}
