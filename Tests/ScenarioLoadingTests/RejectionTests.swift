import ScenarioTestSupport
import Testing
@testable import ScenarioLoading
import ScenarioModel

/// Every rejection of the foundation issue, each asserting that the message names the offending key or value.
@Suite struct RejectionTests {
    private func expectRejected(
        _ text: String, path: String, containing fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let found = diagnostics(text)
        #expect(!found.isEmpty, "expected a rejection", sourceLocation: sourceLocation)
        #expect(
            found.contains { $0.path == path && $0.message.contains(fragment) },
            "no diagnostic at \(path) containing '\(fragment)' in:\n\(found.map(\.description).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }

    @Test func unknownPracticeWithSuggestionAndLine() {
        let text = scenarioText(
            """
            systems:
              - id: a
              - id: b
              - id: c
                practices:
                  patch-managment: {current: 1}
            """)
        expectRejected(
            text, path: "systems[2].practices.patch-managment",
            containing: "unknown practice 'patch-managment' (did you mean patch-management?)")
        #expect(diagnostics(text).first?.line == 15)
        #expect(
            diagnostics(text).first?.description.hasPrefix("bad.yaml:15: systems[2].practices.patch-managment") == true)
    }

    @Test func unknownIds() {
        expectRejected(
            scenarioText(
                "systems: [{id: hvac}]\ndeadlines: [{system: hvca, practice: threat-modeling, level: 1, by: 2027-Q2}]"),
            path: "deadlines[0].system", containing: "unknown system 'hvca' (did you mean hvac?)")
        expectRejected(
            scenarioText(
                """
                systems: [{id: a}]
                dependencies: [{practice: patch-management, level: 3, requires: {practice: asset-managment, level: 2}}]
                """), path: "dependencies[0].requires.practice", containing: "unknown practice 'asset-managment'")
        expectRejected(
            scenarioText("catalog: iic-sm\nsystems: [{id: a}]"), path: "catalog",
            containing: "unknown catalog 'iic-sm': not a built-in id (did you mean iic-smm?)")
        expectRejected(
            scenarioText("priorities: {hardenning: 2}\nsystems: [{id: a}]"), path: "priorities.hardenning",
            containing: "unknown domain 'hardenning' (did you mean hardening?)")
        expectRejected(
            scenarioText("budgte: 3\nsystems: [{id: a}]"), path: "budgte",
            containing: "unknown key 'budgte' (did you mean budget?)")
    }

    @Test func levelsOutsideTheRange() {
        expectRejected(
            scenarioText("systems: [{id: a, practices: {patch-management: {current: 5}}}]"),
            path: "systems[0].practices.patch-management.current", containing: "level 5 is outside 0..4")
        expectRejected(
            scenarioText("systems: [{id: a, practices: {patch-management: {target: -1}}}]"),
            path: "systems[0].practices.patch-management.target", containing: "level -1 is outside 0..4")
        expectRejected(
            scenarioText("systems: [{id: a, practices: {patch-management: {target: 2.5}}}]"),
            path: "systems[0].practices.patch-management.target", containing: "whole number")
        expectRejected(
            scenarioText("practice_costs: {patch-management: {level: {5: 100}}}\nsystems: [{id: a}]"),
            path: "practice_costs.patch-management.level.5", containing: "level 5 is outside 1..4")
    }

    @Test func unknownScope() {
        expectRejected(
            scenarioText("systems: [{id: a, practices: {patch-management: {scope: sytem}}}]"),
            path: "systems[0].practices.patch-management.scope",
            containing: "unknown scope 'sytem' (did you mean system?)")
    }

    @Test func wrongTypes() {
        expectRejected(scenarioText("systems: {id: a}"), path: "systems", containing: "expected a list")
        expectRejected(
            scenarioText("systems: [{id: a, weight: heavy}]"), path: "systems[0].weight",
            containing: "expected a number, found 'heavy'")
        expectRejected(
            scenarioText("systems: [{id: a, weight: \"2\"}]"), path: "systems[0].weight",
            containing: "quoted text")
        expectRejected(
            scenarioText("systems: [{id: a, practices: [patch-management]}]"), path: "systems[0].practices",
            containing: "expected a mapping")
        let carry = scenarioText("systems: [{id: a}]").replacingOccurrences(
            of: "quarterly: 10000",
            with: "quarterly: 10000\n  carry_over: maybe")
        expectRejected(carry, path: "budget.carry_over", containing: "expected true or false")
    }

    @Test func malformedYAMLAndEmptyFile() {
        let malformed = diagnostics("name: x\nsystems: [{id: a\nstart: 2027-Q1\n")
        #expect(malformed.count == 1)
        #expect(malformed[0].message.contains("malformed YAML"))
        #expect(malformed[0].line != nil)
        #expect(diagnostics("").first?.message == "the file is empty")
        #expect(diagnostics("   \n\n").first?.message == "the file is empty")
        #expect(diagnostics("# only a comment\n").first?.message.contains("no content") == true)
        #expect(diagnostics("- a\n- b\n").first?.message.contains("expected a mapping") == true)
    }

    @Test func duplicateSystemIds() {
        expectRejected(
            scenarioText("systems: [{id: a}, {id: b}, {id: a}]"), path: "systems[2].id",
            containing: "duplicate system id 'a' (first at systems[0])")
    }

    @Test func negativeNaNAndInfiniteNumbers() {
        expectRejected(
            scenarioText("systems: [{id: a, weight: -1}]"), path: "systems[0].weight",
            containing: "must not be negative")
        expectRejected(
            scenarioText("systems: [{id: a}]").replacingOccurrences(of: "quarterly: 10000", with: "quarterly: .nan"),
            path: "budget.quarterly", containing: "NaN")
        expectRejected(
            scenarioText("systems: [{id: a}]").replacingOccurrences(of: "{1: 1000,", with: "{1: .inf,"),
            path: "costs.level.1", containing: "finite")
    }

    @Test func perQuarterListOfTheWrongLength() {
        expectRejected(
            scenarioText("systems: [{id: a}]").replacingOccurrences(
                of: "quarterly: 10000", with: "quarterly: [1, 2, 3]"),
            path: "budget.quarterly", containing: "has 3 values but the plan has 4 quarters")
        expectRejected(
            scenarioText("effort_capacity: {quarterly: [1, 2, 3, 4, 5]}\nsystems: [{id: a}]"),
            path: "effort_capacity.quarterly", containing: "has 5 values")
    }

    @Test func quarterLabels() {
        expectRejected(
            scenarioText("systems: [{id: a}]").replacingOccurrences(of: "start: 2027-Q1", with: "start: 2027-Q5"),
            path: "start", containing: "'2027-Q5' is not a quarter of the form YYYY-Qn")
        expectRejected(
            scenarioText("systems: [{id: a}]\ndeadlines: [{practice: threat-modeling, level: 1, by: Q3-2027}]"),
            path: "deadlines[0].by", containing: "'Q3-2027' is not a quarter")
    }

    @Test func deadlinesOutsideTheHorizon() {
        expectRejected(
            scenarioText("systems: [{id: a}]\ndeadlines: [{practice: threat-modeling, level: 1, by: 2028-Q1}]"),
            path: "deadlines[0].by", containing: "2028-Q1 is outside the plan's horizon 2027-Q1..2027-Q4")
        expectRejected(
            scenarioText("systems: [{id: a}]\ndeadlines: [{practice: threat-modeling, level: 1, by: 2026-Q4}]"),
            path: "deadlines[0].by", containing: "outside the plan's horizon")
    }

    @Test func dependencyCycles() {
        expectRejected(
            scenarioText(
                """
                systems: [{id: a}]
                dependencies:
                  - {practice: patch-management, level: 2, requires: {practice: access-control, level: 2}}
                  - {practice: access-control, level: 1, requires: {practice: patch-management, level: 2}}
                """), path: "dependencies[0]", containing: "dependency cycle: dependencies[0], dependencies[1]")
        // Not a cycle: the ladder goes down, the dependencies go across.
        #expect(
            diagnostics(
                scenarioText(
                    """
                    systems: [{id: a}]
                    dependencies:
                      - {practice: patch-management, level: 2, requires: {practice: access-control, level: 2}}
                      - {practice: access-control, level: 3, requires: {practice: patch-management, level: 3}}
                    """)
            ).isEmpty)
    }

    @Test func unresolvableStepCost() {
        let text = """
            start: 2027-Q1
            quarters: 2
            budget: {quarterly: 100}
            costs: {level: {1: 10, 2: 20}}
            systems:
              - {id: a, practices: {patch-management: {current: 0, target: 3}}}
              - {id: b, practices: {patch-management: {current: 2, target: 3}, access-control: {target_scope: industry}}}
            """
        expectRejected(
            text, path: "costs.level.3",
            containing: "no cost for the step of patch-management to level 3, needed by system a, b")
        expectRejected(text, path: "costs.scope.industry", containing: "access-control to scope industry")
    }

    @Test func allProblemsAreReportedAtOnce() {
        let found = diagnostics(
            scenarioText(
                """
                objective: maximise
                systems:
                  - {id: a, weight: -2, practices: {patch-managment: {current: 9}}}
                """))
        #expect(found.count >= 3)
        #expect(found.contains { $0.path == "objective" && $0.message.contains("did you mean maximize-maturity?") })
        #expect(found.contains { $0.path == "systems[0].weight" })
        #expect(found.contains { $0.path == "systems[0].practices.patch-managment" })
    }

    @Test func requiredKeys() {
        let found = diagnostics("name: x\n")
        for key in ["start", "quarters", "budget", "systems"] {
            #expect(found.contains { $0.path == key && $0.message.contains("required") }, "\(key)")
        }
    }
}
