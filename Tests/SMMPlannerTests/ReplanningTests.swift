import Foundation
import GLPKBackend
import MaturityModel
import PortfolioGenerator
import Reports
import Testing
import Yams

@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel

/// Spec §5: progress files, re-plans checked by the independent checker and by enumeration,
/// commitments, variance, and the CLI around them.
@Suite struct ReplanningTests {
    static let hvac = "Scenarios/hvac-integrator.yaml"
    static let example = "Scenarios/progress/hvac-integrator-2027-Q4.yaml"

    /// Writes files into a fresh folder; returns the folder.
    private func folder(_ files: [String: String]) throws -> URL {
        let dir = try temporaryDirectory()
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The problems of a progress file against a scenario file, as "path: message" lines.
    private func problems(scenario: String, progress: String, baseline: String? = nil) throws -> [Diagnostic] {
        var files = ["s.yaml": scenario, "p.yaml": progress]
        if let baseline { files["b.json"] = baseline }
        let dir = try folder(files)
        do {
            _ = try ScenarioLoader().load(
                path: dir.appendingPathComponent("s.yaml").path, progress: dir.appendingPathComponent("p.yaml").path)
            return []
        } catch {
            return error.diagnostics
        }
    }

    static let small = scenarioText(
        """
        systems:
          - id: gateway
            practices: {patch-management: {current: 1, target: 3}, access-control: {current: 0, target: 2}}
        deadlines:
          - {system: gateway, practice: patch-management, level: 3, by: 2027-Q4}
        """)

    @Test func everyProgressProblemNamesItsKeyAndLine() throws {
        let found = try problems(
            scenario: Self.small,
            progress: """
                format: smm-progress/1
                as_of: 2027-Q3
                commit_quarters: 9
                done:
                  - {system: gatewy, practice: patch-management, kind: level, to: 2, quarter: 2027-Q1}
                  - {system: gateway, practice: patch-managment, kind: level, to: 2, quarter: 2027-Q1}
                  - {system: gateway, practice: access-control, kind: level, to: 2, quarter: 2027-Q1}
                  - {system: gateway, practice: patch-management, kind: level, to: 2, quarter: 2027-Q3}
                  - {system: gateway, practice: patch-management, kind: levels, to: 2, quarter: 2027-Q1}
                  - {system: gateway, practice: patch-management, kind: level, quarter: 2027-Q1}
                spent: {2027-Q4: 100}
                """)
        let lines = found.map { "\($0.path) (line \($0.line ?? 0)): \($0.message)" }
        func has(_ path: String, _ fragment: String) -> Bool {
            found.contains {
                $0.path == path && $0.message.contains(fragment) && $0.line != nil && $0.file.hasSuffix("p.yaml")
            }
        }
        #expect(has("commit_quarters", "outside 0..4"), "\(lines)")
        #expect(has("done[0].system", "did you mean gateway?"), "\(lines)")
        #expect(has("done[1].practice", "did you mean patch-management?"), "\(lines)")
        #expect(has("done[2]", "skips level 1"), "\(lines)")
        #expect(has("done[3].quarter", "not before as_of 2027-Q3"), "\(lines)")
        #expect(has("done[4].kind", "did you mean level?"), "\(lines)")
        #expect(has("spent.2027-Q4", "not before as_of"), "\(lines)")
        #expect(has("done[5].to", "is required"), "\(lines)")
    }

    @Test func aBaselineMustBeAPlanOfThisScenario() throws {
        let progress = "format: smm-progress/1\nas_of: 2027-Q2\nbaseline: b.json\n"
        let notPlan = try problems(scenario: Self.small, progress: progress, baseline: "{\"format\": \"other\"}")
        #expect(notPlan.contains { $0.path == "baseline" && $0.message.contains("not a plan") }, "\(notPlan)")
        let other = try problems(
            scenario: Self.small, progress: progress,
            baseline: "{\"format\": \"smm-plan/1\", \"scenario\": \"someone else's\", \"steps\": []}")
        #expect(other.contains { $0.path == "baseline" && $0.message.contains("not of this scenario") }, "\(other)")
        let missing = try problems(scenario: Self.small, progress: progress)
        #expect(missing.contains { $0.path == "baseline" }, "\(missing)")
        // Read through the plan JSON's codec, its steps get the done steps' checks and messages.
        let name = try load(Self.small).name
        let misspelt = try problems(
            scenario: Self.small, progress: progress,
            baseline: """
                {"format": "smm-plan/1", "scenario": "\(name)", "steps": [
                  {"system": "gatewya", "practice": "patch-management", "kind": "level", "to": 2, "quarter": "2027-Q2"},
                  {"system": "gateway", "practice": "patch-management", "kind": "level", "to": 7, "quarter": "2027-Q2"}]}
                """)
        #expect(
            misspelt.contains {
                $0.message.contains("steps[0].system: unknown system 'gatewya' (did you mean gateway?)")
            },
            "\(misspelt)")
        #expect(misspelt.contains { $0.message.contains("steps[1].to") }, "\(misspelt)")
    }

    /// The shipped example: history fixed, the commitments kept, the deadline at risk, the
    /// variance as its story tells, and every rule of §3 and §5 checked independently.
    @Test func theShippedExampleReplansWithinEveryRule() throws {
        let run = try smm("plan", Self.hvac, "--progress", Self.example, "-f", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let scenario = try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent(Self.hvac).path,
            progress: packageRoot.appendingPathComponent(Self.example).path)
        let checker = PlanChecker(scenario: scenario)
        let steps = checker.steps(fromJSON: json)
        #expect(json["status"] as? String == "optimal")
        #expect(checker.violations(steps) == [])
        #expect(checker.quarterViolations(json, steps) == [])
        let objective = try #require(json["objective"] as? [String: Any])
        #expect(abs(((objective["value"] as? NSNumber)?.doubleValue ?? .nan) - checker.objective(steps)) < 1e-9)
        #expect(json["as_of"] as? String == "2027-Q4")
        #expect(steps.allSatisfy { $0.quarter >= 4 })
        let variance = try #require(json["variance"] as? [String: Any])
        let states = (variance["steps"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "?" }
        #expect(states.filter { $0 == "done-early" }.count == 2)
        #expect(states.filter { $0 == "moved" }.count == 2)
        #expect(!states.contains("dropped"))
        let spend = try #require(variance["spend"] as? [[String: Any]])
        #expect(spend.map { ($0["actual"] as? NSNumber)?.doubleValue } == [41500, 40000, 37000])
        let deadlines = try #require(json["deadlines"] as? [[String: Any]])
        // The compliance deadline: the baseline had it in 2027-Q3, the slip leaves no slack.
        #expect(deadlines.map { $0["status"] as? String } == ["met", "at-risk"])
        // The programme's totals add up to its quarters, history included.
        let quarters = try #require(json["quarters"] as? [[String: Any]])
        let quarterSpend = quarters.reduce(0.0) { $0 + (($1["spend"] as? NSNumber)?.doubleValue ?? .nan) }
        #expect((json["total_cost"] as? NSNumber)?.doubleValue == quarterSpend)
        let programme = try #require(json["programme"] as? [String: Any])
        #expect((programme["spent"] as? NSNumber)?.doubleValue == 118_500)
        #expect((programme["done_cost_variance"] as? NSNumber)?.doubleValue == 1_500)
        // The committed 2027-Q4 steps are where the baseline put them.
        for practice in ["services-third-party-dependencies-management", "monitoring-practices"] {
            #expect(steps.contains { $0.practice == practice && $0.quarter == 4 })
        }
    }

    /// The portfolio core re-plans too: the same facts (done steps gone, pins, penalty) reach its
    /// Lagrangian subproblems, rounding and windows; its plan keeps every rule and is within its
    /// bound of the whole program's optimum.
    @Test func thePortfolioCoreReplansWithinEveryRule() throws {
        let scenario = try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent(Self.hvac).path,
            progress: packageRoot.appendingPathComponent(Self.example).path)
        let optimum = try RoadmapPlanner(solver: GLPKSolver()).plan(scenario)
        let core = try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: 5, engine: .core))
            .plan(scenario)
        #expect(core.report.engine == .portfolioCore)
        let checker = PlanChecker(scenario: scenario)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(PlanReport.render(core, format: .json).utf8)) as? [String: Any])
        #expect(checker.violations(checker.steps(fromJSON: json)) == [])
        let value = try #require(core.objectiveValue), bound = try #require(core.bound)
        let best = try #require(optimum.objectiveValue)
        #expect(value <= best + 1e-9 && best <= bound + 1e-9, "core \(value)..\(bound), optimum \(best)")
    }

    /// A progress file that follows its optimal baseline exactly: the re-plan is at least as good
    /// as the baseline's remaining steps, for every as_of.
    @Test(arguments: 2...7)
    func followingTheBaselineLosesNothing(asOf t: Int) throws {
        let dir = try temporaryDirectory()
        let baseline = dir.appendingPathComponent("baseline.json").path
        #expect(try smm("plan", Self.hvac, "-f", "json", "-o", baseline).status == 0)
        let quarter = "\(2027 + (t - 1) / 4)-Q\((t - 1) % 4 + 1)"
        let progress = dir.appendingPathComponent("progress.yaml").path
        let initRun = try smm("progress", "init", "--baseline", baseline, "--as-of", quarter, "-o", progress)
        #expect(initRun.status == 0, "\(initRun.stderr)")
        let plan =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: baseline))) as! [String: Any]
        let scenario = try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent(Self.hvac).path, progress: progress)
        let all = PlanChecker(scenario: scenario).steps(fromJSON: plan)
        let remaining = all.filter { $0.quarter >= t }
        let (roadmap, _, _) = try planAndCheck(scenario)
        #expect(roadmap.status == .optimal)
        // The baseline's own remaining steps are a feasible re-plan (with no change penalty lost).
        #expect(PlanChecker(scenario: scenario).violations(remaining) == [])
        #expect((roadmap.objectiveValue ?? -1) >= PlanChecker(scenario: scenario).objective(remaining) - 1e-9)
    }

    /// Commitments that cannot all be kept: the conflicts name them.
    @Test func conflictingCommitmentsAreNamed() throws {
        let dir = try temporaryDirectory()
        let baseline = dir.appendingPathComponent("baseline.json").path
        #expect(try smm("plan", Self.hvac, "-f", "json", "-o", baseline).status == 0)
        // The baseline promises 40,000 of steps in 2027-Q3; with 2027-Q3's budget cut to 20,000 the
        // commitments cannot all be kept.
        try """
        format: smm-progress/1
        as_of: 2027-Q3
        baseline: baseline.json
        commit_quarters: 1
        done: []
        """.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let run = try smm(
            "plan", Self.hvac, "--progress", dir.appendingPathComponent("p.yaml").path, "--set",
            "budget.quarterly=[40000,40000,20000,40000,40000,40000,40000,40000]")
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("commitment of the baseline"), "\(run.stdout)")
    }

    /// A re-plan's JSON names its progress file: render rebuilds the same report from it.
    @Test func aReplanRendersAgainWithItsProgress() throws {
        let dir = try temporaryDirectory()
        let plan = dir.appendingPathComponent("replan.json").path
        #expect(try smm("plan", Self.hvac, "--progress", Self.example, "-o", plan).status == 0)
        let direct = try smm("plan", Self.hvac, "--progress", Self.example, "-f", "markdown")
        let rendered = try smm("render", plan, "-f", "markdown")
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stdout == direct.stdout)
        #expect(rendered.stdout.contains("## Against the baseline"))
        #expect(rendered.stdout.contains("2027-Q3: 2 of 4 planned steps done, 2 done early, spent 37,000 of 40,000"))
    }

    @Test func progressStatusShowsTheStateAtAsOf() throws {
        let run = try smm("progress", "status", Self.hvac, "--progress", Self.example)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("18 steps done"), "\(run.stdout)")
        #expect(run.stdout.contains("spent 118,500 of 120,000"), "\(run.stdout)")
        #expect(run.stdout.contains("patch-management") && run.stdout.contains("met"), "\(run.stdout)")
    }

    /// Tiny random re-plans against enumeration: every assignment of the open steps to an open
    /// quarter (or none) checked by the independent checker, history and commitments included.
    @Test(arguments: 1...24)
    func replansMatchEnumeration(seed: Int) throws {
        var draw = UInt64(seed)
        var scenario: Scenario
        repeat {
            let text = BruteForceTests.randomScenario(seed: draw)
            draw += 1000
            scenario = try ScenarioLoader().load(text: text, source: "r.yaml")
        } while BruteForceTests.stepCount(scenario) > 8 || BruteForceTests.stepCount(scenario) < 2
        // The baseline is the optimal plan from scratch; history does its quarter-1 steps, but the
        // first one slips; the rest of quarter 2 may be committed; a penalty may keep the order.
        let (base, baseJSON, baseSteps) = try planAndCheck(scenario)
        guard base.status == .optimal else { return }
        var r = SeededRandom(seed: UInt64(seed))
        let doneSteps = baseSteps.filter { $0.quarter == 1 }.dropFirst()
        let commit = r.int(0...1), penalty = r.int(0...2)
        let spent = r.int(0...1) == 0 ? "spent: {2027-Q1: \(r.int(0...6) * 500)}" : ""
        let (replan, progressText) = try Self.replan(
            scenario, baseline: baseJSON, done: doneSteps.map(Self.doneLine), commitQuarters: commit,
            changePenalty: penalty, extra: spent)
        try BruteForceTests.expectPlannerMatchesEnumeration(replan, text: progressText)
    }

    /// A done step of 2027-Q1 as a progress file writes it (a scope step by its scope's id).
    static func doneLine(_ s: PlanChecker.Step) -> String {
        let to = s.kind == "level" ? "\(s.to)" : Scope(rawValue: s.to)!.id
        return "  - {system: \(s.system), practice: \(s.practice), kind: \(s.kind), to: \(to), quarter: 2027-Q1}"
    }

    /// `scenario` re-planned from 2027-Q2 against `baseline` (written beside the progress file),
    /// with the `done` lines as history; returns the re-plan and the progress file's text.
    static func replan(
        _ scenario: Scenario, baseline: [String: Any], done: [String], commitQuarters: Int, changePenalty: Int,
        extra: String = ""
    ) throws -> (Scenario, String) {
        let dir = try temporaryDirectory()
        try JSONSerialization.data(withJSONObject: baseline).write(to: dir.appendingPathComponent("b.json"))
        let progressText = """
            format: smm-progress/1
            as_of: 2027-Q2
            baseline: b.json
            commit_quarters: \(commitQuarters)
            change_penalty: \(changePenalty)
            done:\(done.isEmpty ? " []" : "\n" + done.joined(separator: "\n"))
            \(extra)
            """
        try progressText.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let replan = try ScenarioLoader().applying(
            progressFile: dir.appendingPathComponent("p.yaml").path, to: scenario)
        return (replan, progressText)
    }
}

/// Every value `smm` writes into YAML reads back as the same text (`YAMLText`): a backslash or a
/// line break in an id or a baseline field no longer breaks a progress file or adds done steps.
@Suite struct YAMLTextTests {
    @Test(arguments: [
        "plain-id", "a\\b", "say \"hi\"", "two\nlines", "- done: x", "true", "~", "12", "1.5", "#c", " padded ", "",
        "tab\there", "üñí", "a: b",
    ])
    func everyValueReadsBackAsItself(text: String) throws {
        let written = YAMLText.scalar(text)
        let read = try Yams.load(yaml: "key: " + written) as? [String: Any]
        #expect(read?["key"] as? String == text, "\(written)")
        #expect(!written.contains("\n"), "one line: \(written)")
    }
}
