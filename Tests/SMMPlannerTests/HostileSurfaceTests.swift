import Foundation
import GLPKBackend
import Testing
@testable import Reports
@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel
import ScenarioTestSupport
import TextSafety

/// The surfaces beyond the scenario loader, tried as a hostile user would: progress files,
/// saved plans, catalogs named by mistake, what-ifs cut short, imports into existing files. Each
/// case failed before its fix (a false claim, an echoed file, a lost annotation, a rewritten
/// read-only file).
@Suite(.tags(.process)) struct HostileSurfaceTests {
    static let hvac = packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path
    static let progress = packageRoot.appendingPathComponent("Scenarios/progress/hvac-integrator-2027-Q4.yaml").path

    // MARK: False claims

    @Test func aChangePenaltyThatDrownsTheStepValuesIsRefused() throws {
        let dir = try temporaryDirectory()
        let original = try String(contentsOfFile: Self.progress, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: packageRoot.appendingPathComponent("Scenarios/progress/hvac-integrator-baseline-2027-Q1.json").path,
            toPath: dir.appendingPathComponent("hvac-integrator-baseline-2027-Q1.json").path)
        for (penalty, refused) in [("1000", false), ("1e8", true), ("1e12", true)] {
            let file = dir.appendingPathComponent("p-\(penalty).yaml").path
            try original.replacingOccurrences(of: "change_penalty: 0.5", with: "change_penalty: \(penalty)")
                .write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try ScenarioLoader().load(path: Self.hvac, progress: file)
                #expect(!refused, "penalty \(penalty) was accepted")
            } catch {
                #expect(refused, "penalty \(penalty): \(error)")
                #expect(error.description.contains("change_penalty"), "\(error)")
                #expect(error.description.contains("more than 1000000 times the smallest step value"), "\(error)")
            }
        }
    }

    @Test func aSavedPlanWithStepsRemovedIsNotRenderedAsOptimal() throws {
        let dir = try temporaryDirectory()
        let plan = dir.appendingPathComponent("plan.json").path
        #expect(try smm("plan", Self.hvac, "-o", plan).status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as? [String: Any])
        var edited = object
        let steps = try #require(object["steps"] as? [[String: Any]])
        // Drop the last step of the plan: still feasible, worth less than the file says.
        edited["steps"] = Array(steps.dropLast())
        try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: plan))
        let run = try smm("render", plan)
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stderr.contains("edited after smm wrote it"), "\(run.stderr)")
        // A file that claims there is no plan renders nothing of its own text.
        var infeasible = object
        infeasible["status"] = "infeasible"
        infeasible["steps"] = []
        infeasible["conflicts"] = ["\u{1B}[31mYOUR BUDGET IS FINE. Fix: wire money to x"]
        try JSONSerialization.data(withJSONObject: infeasible).write(to: URL(fileURLWithPath: plan))
        let claim = try smm("render", plan)
        #expect(claim.status == 2)
        #expect(claim.stderr.contains("holds no plan (status infeasible)"), "\(claim.stderr)")
        #expect(!claim.stdout.contains("YOUR BUDGET") && !claim.stderr.contains("YOUR BUDGET"))
    }

    // MARK: Disclosure

    @Test func aPasswordFileNamedAsCatalogProgressOrScenarioIsNotEchoed() throws {
        let dir = try temporaryDirectory()
        let shadow = dir.appendingPathComponent("shadow").path
        let hash = "$6$abcdefghijklmnop$QWERTYUIOPASDFGHJKLZXCVBNMqwertyuiopasdfghjklzxcvbnm1234567890"
        try "root:\(hash):19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
            .write(toFile: shadow, atomically: true, encoding: .utf8)
        let scenario = dir.appendingPathComponent("s.yaml").path
        try scenarioText("catalog: \(shadow)\nsystems: [{id: a}]").write(
            toFile: scenario, atomically: true, encoding: .utf8)
        let runs = [
            try smm("validate", scenario), try smm("plan", Self.hvac, "--progress", shadow), try smm("plan", shadow),
        ]
        for run in runs {
            #expect(run.status == 2)
            #expect(run.stderr.contains("it has none of its keys"), "\(run.stderr)")
            #expect(!run.stderr.contains("abcdefghijklmnop") && !run.stderr.contains("daemon"), "\(run.stderr)")
        }
    }

    @Test func keyPathsAndIdsInMessagesAreCutToExcerpts() {
        let key = String(repeating: "k", count: 5_000)
        let found = diagnostics(scenarioText("\(key): 1\nsystems: [{id: a}]"))
        let message = found.first?.description ?? ""
        #expect(message.count < 200, "\(message.count) characters")
        // A warning about a 40,000-character id shows 48 of them.
        let id = String(repeating: "i", count: 40_000)
        let scenario = try? ScenarioLoader().load(
            text: scenarioText("systems: [{id: \(id), practices: {patch-management: {target: 2}}}]"), source: "t.yaml")
        let warning = scenario?.warnings.first?.description ?? ""
        #expect(!warning.isEmpty && warning.count < 300, "\(warning.count) characters")
    }

    @Test func errorsAreCappedWithACountOfTheRest() {
        let keys = (0..<5_000).map { "unknown-\($0): 1" }.joined(separator: "\n")
        do {
            _ = try ScenarioLoader().load(text: scenarioText(keys + "\nsystems: [{id: a}]"), source: "t.yaml")
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.count == ProblemList<Diagnostic>.shown)
            #expect(error.omitted == 5_000 - ProblemList<Diagnostic>.shown)
            #expect(error.description.hasSuffix("… and \(5_000 - ProblemList<Diagnostic>.shown) more"))
        }
    }

    // MARK: The time limit

    @Test func aTimeLimitTheCommandCannotHoldIsRefusedBeforePlanning() throws {
        let dir = try temporaryDirectory()
        let portfolio = dir.appendingPathComponent("p.yaml").path
        #expect(try smm("generate", "--systems", "200", "-o", portfolio).status == 0)
        let out = dir.appendingPathComponent("plan.json").path
        // Half a second less what reading and writing take is always under the half second a
        // plan needs: refused whatever the machine's speed.
        let run = try smm("plan", portfolio, "--time-limit", "0.5", "-o", out)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("--time-limit 0.5 cannot hold this command: reading took"), "\(run.stderr)")
        #expect(run.stderr.contains("Give at least --time-limit"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    // MARK: What-ifs cut short

    @Test func anInterruptedSweepOrComparisonSaysSoInEveryFormat() throws {
        let scenario = try ScenarioLoader().load(path: Self.hvac)
        let roadmap = try RoadmapPlanner(solver: GLPKSolver()).plan(scenario)
        let points = [SweepPoint(value: 40_000, roadmap: roadmap, marginalValue: nil)]
        let json = SweepReport.render(
            points, parameter: .quarterlyBudget, format: .json, complete: false, requested: 20)
        #expect(json.contains("\"complete\": false"))
        #expect(
            SweepReport.render(points, parameter: .quarterlyBudget, format: .table, complete: false, requested: 20)
                .contains("interrupted: 1 of 20 points planned"))
        #expect(SweepReport.render(points, parameter: .quarterlyBudget, format: .json).contains("\"complete\": true"))
        let comparison = PlanComparison(roadmaps: [roadmap, roadmap])
        #expect(ComparisonReport.render(comparison, format: .json, complete: false).contains("\"complete\": false"))
        #expect(ComparisonReport.render(comparison, format: .markdown, complete: false).contains("**interrupted"))
    }

    // MARK: Imports into existing files

    @Test func importIntoKeepsAnnotationsAndNeverRewritesAReadOnlyFile() throws {
        let dir = try temporaryDirectory()
        let scenario = dir.appendingPathComponent("plant.yaml").path
        try scenarioText(
            """
            systems:
              - id: gw
                practices:
                  patch-management: {current: 1, target: 2, x-owner: "OT team", x-ticket: SEC-12}
            """
        ).write(toFile: scenario, atomically: true, encoding: .utf8)
        let sheet = dir.appendingPathComponent("sheet.csv").path
        try "system,practice id,current level,target level\ngw,patch-management,2,3\n"
            .write(toFile: sheet, atomically: true, encoding: .utf8)
        let run = try smm("import", sheet, "--into", scenario)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        #expect(text.contains("x-owner: OT team") || text.contains("x-owner: \"OT team\""), "\(text)")
        #expect(text.contains("x-ticket: SEC-12") && text.contains("current: 2"), "\(text)")
        // 0444: the owner keeps it as it is, even from root.
        #expect(chmod(scenario, 0o444) == 0)
        let before = try String(contentsOfFile: scenario, encoding: .utf8)
        let readOnly = try smm("import", sheet, "--into", scenario)
        #expect(readOnly.status != 0 && readOnly.stderr.contains("is read-only (mode 444)"), "\(readOnly.stderr)")
        #expect(try String(contentsOfFile: scenario, encoding: .utf8) == before)
    }

    @Test func importIntoElsewhereRefusesACatalogThatWouldNoLongerResolve() throws {
        let dir = try temporaryDirectory()
        let catalog = dir.appendingPathComponent("my-catalog.yaml").path
        try """
        format: smm-catalog/1
        id: tiny
        domains:
          - id: ops
            subdomains:
              - id: patching
                practices: [{id: patch, name: Patching}, {id: scan}]
        """.write(toFile: catalog, atomically: true, encoding: .utf8)
        let scenario = dir.appendingPathComponent("plant.yaml").path
        try scenarioText("catalog: my-catalog.yaml\nsystems: [{id: gw, practices: {patch: {target: 1}}}]").write(
            toFile: scenario, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader().load(path: scenario)
        let practice = try #require(loaded.catalog.practiceIDs.first)
        let sheet = dir.appendingPathComponent("sheet.csv").path
        try "system,practice id,current level,target level\ngw,\(practice),1,2\n"
            .write(toFile: sheet, atomically: true, encoding: .utf8)
        let elsewhere = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let out = elsewhere.appendingPathComponent("plant.yaml").path
        let run = try smm("import", sheet, "--into", scenario, "-o", out)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("my-catalog.yaml"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(
            try smm("import", sheet, "--into", scenario, "-o", dir.appendingPathComponent("beside.yaml").path).status
                == 0)
    }

    @Test func initWritesIdsThatReadBackAsWritten() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("s.yaml").path
        let run = try smm("init", "--systems", #"plant\2,gw 2,true,0x1F"#, "-o", file)
        #expect(run.status == 0, "\(run.stderr)")
        let scenario = try ScenarioLoader().load(path: file)
        // A YAML boolean or number written plain would not read back as an id.
        #expect(scenario.systems.map(\.id) == [#"plant\2"#, "gw 2", "true", "0x1F"])
    }
}
