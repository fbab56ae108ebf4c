import Foundation
import GLPKBackend
import MaturityModel
import PortfolioGenerator
import Testing

@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel

/// Re-planning a scenario with initiatives: the progress file records an initiative's done steps
/// (`{initiative: id, to: l, quarter: q}`), which raise every member, and the re-plan climbs the
/// initiative's ladder from there. Checked by enumeration against the independent checker, and
/// end to end from `smm progress init` to `smm plan --progress`.
@Suite struct InitiativeReplanningTests {
    /// Tiny portfolios with one initiative whose baseline's first quarter is history: the first
    /// initiative step done (and the others of that quarter, some not), against enumeration.
    @Test(arguments: 1...16)
    func replansMatchEnumeration(seed: Int) throws {
        var r = SeededRandom(seed: UInt64(seed) &* 104_729)
        let members = ["[plc, hmi]", "[plc, hmi, gateway]", "[hmi, gateway]"][r.int(0...2)]
        let text = """
            name: tiny-initiative-replan-\(seed)
            start: 2027-Q1
            quarters: 3
            budget: {quarterly: \(r.int(3...8) * 2500), carry_over: \(r.int(0...1) == 0)}
            costs: {level: {1: 5000, 2: 10000, 3: 20000, 4: 40000}}
            systems:
              - id: plc
                weight: \(r.int(1...3))
                practices: {vulnerability-assessment: {current: 0, target: \(r.int(1...3))}}
              - {id: hmi, practices: {vulnerability-assessment: {current: 0, target: \(r.int(1...2))}}}
              - id: gateway
                practices:
                  vulnerability-assessment: {current: 0, target: 2}
                  patch-management: {target: \(r.int(0...1))}
            initiatives:
              - id: group
                practice: vulnerability-assessment
                systems: \(members)
                levels: {1: {cost: \(r.int(1...3) * 2500)}, 2: {cost: \(r.int(2...4) * 2500)}}
            \(r.int(0...1) == 0 ? "dependencies: [{practice: patch-management, level: 1, requires: {practice: vulnerability-assessment, level: 1}}]" : "")
            """
        let scenario = try ScenarioLoader().load(text: text, source: "tiny.yaml")
        let (base, baseJSON, baseSteps) = try planAndCheck(scenario)
        guard base.status == .optimal else { return }
        // History: the initiative's level 1 in 2027-Q1 (planned or not), and the baseline's other
        // 2027-Q1 steps but the last.
        let others = baseSteps.filter { $0.quarter == 1 && $0.initiative == nil }.dropLast()
        let done =
            ["  - {initiative: group, to: 1, quarter: 2027-Q1, cost: \(r.int(1...4) * 2500)}"]
            + others.map(ReplanningTests.doneLine)
        let commit = r.int(0...1), penalty = r.int(0...2)
        let (replan, progressText) = try ReplanningTests.replan(
            scenario, baseline: baseJSON, done: done, commitQuarters: commit, changePenalty: penalty)
        // The done step raised every member below level 1.
        let step = try #require(replan.progress?.done.first { $0.initiative != nil })
        #expect(step.systemID == "group" && !step.members.isEmpty)
        try BruteForceTests.expectPlannerMatchesEnumeration(replan, text: text + "\n---\n" + progressText)
        // The re-plan never takes the initiative's level 1 again, and each member counts as raised.
        let roadmap = try RoadmapPlanner(solver: GLPKSolver()).plan(replan)
        #expect(!roadmap.steps.contains { $0.initiative == "group" && $0.to == 1 })
        #expect(
            roadmap.historySteps.first { $0.initiative == "group" }?.raisedSystems
                == step.members.map {
                    replan.systems[$0].id
                })
    }

    @Test func everyInitiativeHistoryProblemNamesItsKey() throws {
        let dir = try temporaryDirectory()
        let text = InitiativeTests.scenario(initiative: "{1: {cost: 9000}, 2: {cost: 15000}}")
        let scenario = try ScenarioLoader().load(text: text, source: "s.yaml")
        func problems(_ done: String) -> [String] {
            let file = dir.appendingPathComponent("p.yaml")
            try? "format: smm-progress/1\nas_of: 2027-Q3\ndone:\n\(done)\n".write(
                to: file, atomically: true, encoding: .utf8)
            do {
                _ = try ScenarioLoader().applying(progressFile: file.path, to: scenario)
                return []
            } catch { return error.diagnostics.map { "\($0.path): \($0.message)" } }
        }
        #expect(
            problems("  - {initiative: group-vulnerabilty-programme, to: 1, quarter: 2027-Q1}")
                == [
                    "done[0].initiative: unknown initiative 'group-vulnerabilty-programme' "
                        + "(did you mean group-vulnerability-programme?)"
                ])
        #expect(
            problems("  - {initiative: group-vulnerability-programme, to: 2, quarter: 2027-Q1}").first?.contains(
                "skips level 1") == true)
        #expect(
            problems("  - {initiative: group-vulnerability-programme, to: 3, quarter: 2027-Q1}")
                == ["done[0].to: initiative group-vulnerability-programme owns levels up to 2, not 3"])
        // A member's level the initiative owns is done only through it.
        let owned = problems(
            "  - {system: plc, practice: vulnerability-assessment, kind: level, to: 1, quarter: 2027-Q1}")
        #expect(owned.first?.contains("belongs to initiative group-vulnerability-programme") == true, "\(owned)")
        // Above the initiative's levels, a member's own step starts where the initiative took it.
        #expect(
            problems(
                """
                  - {initiative: group-vulnerability-programme, to: 1, quarter: 2027-Q1}
                  - {initiative: group-vulnerability-programme, to: 2, quarter: 2027-Q2}
                  - {system: plc, practice: vulnerability-assessment, kind: level, to: 3, quarter: 2027-Q2}
                """
            ).isEmpty)
    }

    @Test func progressInitWritesInitiativeStepsThatPlanProgressReads() throws {
        let dir = try temporaryDirectory()
        let scenario = dir.appendingPathComponent("plant.yaml").path
        try InitiativeTests.scenario(initiative: "{1: {cost: 9000}, 2: {cost: 15000}}")
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let baseline = dir.appendingPathComponent("baseline.json").path
        #expect(try smm("plan", scenario, "-o", baseline).status == 0)
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: baseline))) as? [String: Any])
        let early = ((plan["steps"] as? [[String: Any]]) ?? []).filter {
            $0["initiative"] != nil && ($0["quarter"] as? String ?? "") < "2027-Q3"
        }
        #expect(!early.isEmpty, "the baseline runs the initiative in the first half year")
        let progress = dir.appendingPathComponent("progress.yaml").path
        let written = try smm("progress", "init", "--baseline", baseline, "--as-of", "2027-Q3", "-o", progress)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(
            try String(contentsOfFile: progress, encoding: .utf8).contains("{initiative: group-vulnerability-programme")
        )
        let replan = try smm("plan", scenario, "--progress", progress, "-f", "json")
        #expect(replan.status == 0, "\(replan.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(replan.stdout.utf8)) as? [String: Any])
        let history = ((json["history"] as? [String: Any])?["steps"] as? [[String: Any]]) ?? []
        #expect(history.contains { $0["initiative"] as? String == "group-vulnerability-programme" })
        // The baseline's initiative steps before as_of are done on time.
        let variance = ((json["variance"] as? [String: Any])?["steps"] as? [[String: Any]]) ?? []
        let initiativeRows = variance.filter { $0["system"] as? String == "group-vulnerability-programme" }
        #expect(!initiativeRows.isEmpty && initiativeRows.allSatisfy { ($0["status"] as? String) != "dropped" })
        #expect(initiativeRows.contains { $0["status"] as? String == "done-on-time" })
        let status = try smm("progress", "status", scenario, "--progress", progress)
        #expect(status.status == 0, "\(status.stderr)")
    }
}
