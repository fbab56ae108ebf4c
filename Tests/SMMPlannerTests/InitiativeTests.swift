import Foundation
import MaturityModel
import PortfolioGenerator
import Testing

@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel

/// Spec §6: organisation-wide initiatives, checked by the independent checker and by enumeration.
@Suite struct InitiativeTests {
    static func scenario(initiative levels: String, budget: Int = 30000, members: String = "", deadline: Bool = true)
        -> String
    {
        """
        name: initiatives
        start: 2027-Q1
        quarters: 4
        budget: {quarterly: \(budget)}
        costs: {level: {1: 5000, 2: 10000, 3: 20000, 4: 40000}}
        systems:
          - {id: plc, practices: {vulnerability-assessment: {current: 0, target: 3}, patch-management: {target: 1}}}
          - {id: hmi, practices: {vulnerability-assessment: {current: 1, target: 2}}}
          - {id: gateway, practices: {vulnerability-assessment: {current: 0, target: 2}}}
        initiatives:
          - id: group-vulnerability-programme
            practice: vulnerability-assessment\(members)
            levels: \(levels)
        \(deadline ? "deadlines: [{system: gateway, practice: vulnerability-assessment, level: 2, by: 2027-Q3}]" : "")
        dependencies:
          - {practice: patch-management, level: 1, requires: {practice: vulnerability-assessment, level: 1}}
        """
    }

    @Test func everyInitiativeProblemNamesItsKey() {
        let text = scenarioText(
            """
            systems: [{id: plc}, {id: hmi}]
            initiatives:
              - {id: hmi, practice: access-control, levels: {1: {cost: 1}}}
              - {id: a, practice: patch-managment, levels: {1: {cost: 1}}}
              - {id: b, practice: access-control, systems: [plcc], levels: {1: {cost: 1}, 3: {cost: 2}}}
              - {id: c, practice: patch-management, levels: {1: {cost: 1}}}
              - {id: d, practice: patch-management, systems: [plc], levels: {1: {cost: 1}}}
            """)
        let found = diagnostics(text)
        func has(_ path: String, _ fragment: String) -> Bool {
            found.contains { $0.path == path && $0.message.contains(fragment) && $0.line != nil }
        }
        #expect(has("initiatives[0].id", "already the id of a system"), "\(found)")
        #expect(has("initiatives[1].practice", "did you mean patch-management?"), "\(found)")
        #expect(has("initiatives[2].systems[0]", "did you mean plc?"), "\(found)")
        #expect(has("initiatives[2].levels", "level 2 is missing"), "\(found)")
        #expect(has("initiatives[4].systems", "already belongs to initiative 'c'"), "\(found)")
    }

    @Test func aMemberCostForAnOwnedLevelIsAWarningNamingBoth() throws {
        let scenario = try load(
            scenarioText(
                """
                systems:
                  - id: plc
                    practices: {patch-management: {current: 0, target: 2}}
                    costs: {patch-management: {level: {1: 7}}}
                initiatives:
                  - {id: group, practice: patch-management, levels: {1: {cost: 100}}}
                """))
        #expect(
            scenario.warnings.contains {
                $0.message.contains("plc has its own cost for patch-management level 1")
                    && $0.message.contains("initiative 'group'")
            }, "\(scenario.warnings)")
    }

    /// Raised once, valued for every member it raises, with the deadlines and dependencies of the
    /// members met through it, and checked by the independent checker.
    @Test func anInitiativeRaisesItsMembersOnce() throws {
        let scenario = try load(
            Self.scenario(initiative: "{1: {cost: 8000, effort: 10}, 2: {cost: 15000, effort: 25}}"))
        let (roadmap, json, steps) = try planAndCheck(scenario)
        #expect(roadmap.status == .optimal)
        let initiativeSteps = steps.filter { $0.initiative != nil }
        #expect(initiativeSteps.map(\.to) == [1, 2])
        #expect(initiativeSteps.allSatisfy { $0.members == ["plc", "hmi", "gateway"] })
        #expect(!steps.contains { $0.initiative == nil && $0.practice == "vulnerability-assessment" && $0.to <= 2 })
        #expect(roadmap.deadlineStatuses.allSatisfy { $0.state != .missed })
        let first = try #require((json["steps"] as? [[String: Any]])?.first { $0["initiative"] != nil })
        #expect(first["system"] == nil && first["systems"] as? [String] == ["plc", "hmi", "gateway"])
    }

    /// Every format shows an initiative step once, with its members.
    @Test func reportsShowAnInitiativeOnceWithItsMembers() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("initiatives.yaml")
        try Self.scenario(initiative: "{1: {cost: 8000, effort: 10}, 2: {cost: 15000, effort: 25}}")
            .write(to: file, atomically: true, encoding: .utf8)
        let csv = try smm("plan", file.path, "-f", "csv")
        let rows = csv.stdout.split(whereSeparator: \.isNewline).map(String.init)
        #expect(rows.first?.hasSuffix(",initiative members") == true, "\(rows.first ?? "")")
        #expect(
            rows.filter { $0.contains("group-vulnerability-programme") && $0.hasSuffix("plc hmi gateway") }.count == 2)
        let table = try smm("plan", file.path)
        #expect(table.stdout.contains("initiative group-vulnerability-programme (plc, hmi, gateway)"))
        let html = try smm("plan", file.path, "-f", "html")
        #expect(html.stdout.contains("<h3>Initiatives</h3>") && html.stdout.contains("plc, hmi, gateway"))
        #expect(html.stdout.contains("group-vulnerability-programme (3 systems)"))
        // A saved plan reads its initiative steps back: render gives the same Markdown.
        let saved = dir.appendingPathComponent("plan.json").path
        #expect(try smm("plan", file.path, "-o", saved).status == 0)
        let rendered = try smm("render", saved, "-f", "markdown")
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stdout == (try smm("plan", file.path, "-f", "markdown")).stdout)
    }

    /// Dearer than the budget allows: the levels it owns are not reached any other way (rule 2),
    /// not even by plc, whose own step to level 3 would need level 2 first. (Cheaper: it is used,
    /// as in the test above.)
    @Test func theInitiativeIsTheOnlyWayToTheLevelsItOwns() throws {
        let dear = try load(
            Self.scenario(initiative: "{1: {cost: 80000}, 2: {cost: 90000}}", budget: 60000, deadline: false))
        let (roadmap, _, steps) = try planAndCheck(dear)
        #expect(roadmap.status == .optimal)
        #expect(!steps.contains { $0.practice == "vulnerability-assessment" })
    }

    /// The vendor portfolio runs security programme and compliance management as group programmes:
    /// each level once for all 12 lines, no line's own step to a level they own, every rule kept.
    @Test(.tags(.slow, .process), .fullRunOnly) func theVendorPortfolioRunsItsGroupProgrammesOnce() throws {
        let run = try smm("plan", "Scenarios/vendor-portfolio.yaml", "--time-limit", "10", "-f", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let scenario = try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent("Scenarios/vendor-portfolio.yaml").path)
        let checker = PlanChecker(scenario: scenario)
        let steps = checker.steps(fromJSON: json)
        #expect(checker.violations(steps) == [])
        let group = steps.filter { $0.initiative != nil }
        #expect(Set(group.map(\.practice)) == ["security-program-management", "compliance-management"])
        #expect(group.count == Set(group.map { "\($0.initiative!)/\($0.to)" }).count, "each level once")
        #expect(group.allSatisfy { $0.members.count == 12 })
        #expect(
            !steps.contains {
                $0.initiative == nil && $0.kind == "level" && $0.to <= 2
                    && ["security-program-management", "compliance-management"].contains($0.practice)
            })
    }

    /// `smm generate --initiatives K`: the same systems as without, K valid initiatives, and no
    /// legacy cost for a level an initiative owns (which would only draw a warning).
    @Test func generatedPortfoliosGetInitiatives() throws {
        let plain = try smm("generate", "--systems", "30", "--quarters", "6", "--seed", "3")
        let with = try smm("generate", "--systems", "30", "--quarters", "6", "--seed", "3", "--initiatives", "20")
        #expect(plain.status == 0 && with.status == 0)
        #expect(with.stdout.components(separatedBy: "\n  - id: initiative-").count - 1 == 20)
        let scenario = try ScenarioLoader().load(text: with.stdout, source: "generated.yaml")
        #expect(scenario.initiatives.count == 20)
        #expect(scenario.initiatives.contains { $0.members.count == 30 }, "some span every system")
        #expect(!scenario.warnings.contains { $0.message.contains("own cost") })
        let plainScenario = try ScenarioLoader().load(text: plain.stdout, source: "plain.yaml")
        #expect(
            plainScenario.systems.map(\.practices).map { $0.map(\.targetLevel) }
                == scenario.systems.map(\.practices).map { $0.map(\.targetLevel) })
        #expect(plainScenario.systems.map(\.id) == scenario.systems.map(\.id))
        #expect(
            plainScenario.systems.map(\.practices).map { $0.map(\.currentLevel) }
                == scenario.systems.map(\.practices).map { $0.map(\.currentLevel) })
    }

    /// Tiny random portfolios with one initiative against enumeration of every assignment.
    @Test(arguments: 1...20)
    func plannerMatchesEnumeration(seed: Int) throws {
        var r = SeededRandom(seed: UInt64(seed) &* 7919)
        let members = ["[plc, hmi]", "[plc]", "[hmi, gateway]"][r.int(0...2)]
        let dependency =
            "dependencies: [{practice: patch-management, level: 1, "
            + "requires: {practice: vulnerability-assessment, level: 1}}]"
        let deadline = "deadlines: [{system: hmi, practice: vulnerability-assessment, level: 1, by: 2027-Q2}]"
        let text = """
            name: tiny-initiative-\(seed)
            start: 2027-Q1
            quarters: 3
            budget: {quarterly: \(r.int(2...8) * 2500), carry_over: \(r.int(0...1) == 0)}
            costs: {level: {1: 5000, 2: 10000, 3: 20000, 4: 40000}}
            systems:
              - id: plc
                weight: \(r.int(1...3))
                practices: {vulnerability-assessment: {current: \(r.int(0...1)), target: \(r.int(1...3))}}
              - {id: hmi, practices: {vulnerability-assessment: {current: 0, target: \(r.int(1...2))}}}
              - id: gateway
                practices:
                  vulnerability-assessment: {current: 0, target: 1}
                  patch-management: {target: \(r.int(0...1))}
            initiatives:
              - id: group
                practice: vulnerability-assessment
                systems: \(members)
                levels: {1: {cost: \(r.int(1...4) * 2500)}, 2: {cost: \(r.int(2...6) * 2500)}}
            \(r.int(0...1) == 0 ? dependency : "")
            \(r.int(0...2) == 0 ? deadline : "")
            """
        let scenario = try ScenarioLoader().load(text: text, source: "tiny.yaml")
        try BruteForceTests.expectPlannerMatchesEnumeration(scenario, text: text)
    }
}
