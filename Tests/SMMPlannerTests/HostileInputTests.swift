import Foundation
import GLPKBackend
import Testing
@testable import OptimizationModel
@testable import Reports
@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel
@testable import Spreadsheets
import TextSafety

/// Issue 15: input that must be refused quickly with a clear message, plans that must never be
/// reported wrong, and text that must not break any output format.
@Suite struct HostileInputTests {
    static let hvac = packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path

    // MARK: Crash and false "optimal"

    @Test func deadlineNeedingThreeStepsIsExplainedNotACrash() throws {
        // Trapped with "Range requires lowerBound <= upperBound" before the fix.
        let scenario = try ScenarioLoader().load(
            path: Self.hvac,
            overrides: [
                "deadlines[0]={system: hvac, practice: event-detection-and-response-plan, level: 3, by: 2027-Q1}"
            ])
        let roadmap = try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: 20)).plan(scenario)
        #expect(roadmap.status == .infeasible)
        #expect(roadmap.conflicts.contains { $0.message.contains("needs 3 level steps") })
    }

    @Test func aGapToleranceNeverReportsOptimalBelowTheOptimum() throws {
        // The proven optimum of the HVAC scenario is 254 (the CLI test plans it to proof).
        let scenario = try ScenarioLoader().load(path: Self.hvac)
        let roadmap = try RoadmapPlanner(
            solver: GLPKSolver(), options: PlannerOptions(timeLimit: 30, relativeGap: 0.05)
        ).plan(scenario)
        let value = try #require(roadmap.objectiveValue), bound = try #require(roadmap.bound)
        #expect(bound >= 254 - 1e-9, "the bound must stay a bound")
        if roadmap.status == .optimal { #expect(value == 254) } else { #expect(roadmap.status == .feasible) }
        #expect(value < 254 || roadmap.status == .optimal)
    }

    // MARK: Exact verification

    @Test func theVerifierCatchesAnOverspendOfThreeHundredthsAndRepairsIt() throws {
        let scenario = try load(
            scenarioText(
                """
                systems: [{id: a, practices: {patch-management: {current: 0, target: 2}, threat-modeling: {target: 1}}}]
                """), overrides: ["budget.quarterly=3000", "costs.level.1=1000.03"])
        let steps = PlanningProblem(scenario: scenario)
        let verifier = PlanVerifier(problem: steps)
        // Level 1 of both practices (1000.03 each) and level 2 (2000) in quarter 1: 4000.06 of 3000.
        // Then only the two level-1 steps: 2000.06 of 3000, fine. Then 1000.03 + 2000 = 3000.03 of 3000.
        let order = steps.steps.map { "\($0.practiceID)/\($0.to)" }
        let l1 = try #require(order.firstIndex(of: "patch-management/1"))
        let l2 = try #require(order.firstIndex(of: "patch-management/2"))
        let t1 = try #require(order.firstIndex(of: "threat-modeling/1"))
        var plan = Schedule(stepCount: steps.steps.count)
        plan[l1] = 1
        plan[t1] = 2
        plan[l2] = 2
        let broken = verifier.violations(plan)
        #expect(broken.map(\.rule) == [.resource], "\(broken)")
        #expect(broken.first?.description.contains("3000.03") == true)
        let repaired = try #require(verifier.repaired(plan))
        #expect(verifier.violations(repaired).isEmpty)
        #expect(repaired[l1] == 1 && repaired.compactMap { $0 }.count == 2)
        // A ladder broken by the solver cannot be repaired by dropping money: it is an error.
        var wrong = plan
        wrong[l1] = 2
        wrong[l2] = 1
        #expect(verifier.repaired(wrong) == nil)
    }

    @Test func everyPlannedQuarterStaysWithinItsBudgetExactly() throws {
        for cost in ["0.028", "1000.028", "2000.028"] {
            let scenario = try ScenarioLoader().load(path: Self.hvac, overrides: ["costs.level.1=\(cost)"])
            let roadmap = try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: 30)).plan(
                scenario)
            for quarter in roadmap.quarters {
                let spend = roadmap.steps.filter { $0.quarterIndex == quarter.index }
                    .reduce(Decimal(0)) { $0 + PlanVerifier.exact($1.cost) }
                #expect(spend <= PlanVerifier.exact(quarter.budget), "cost \(cost), \(quarter.quarter): \(spend)")
            }
        }
    }

    @Test func quarterAttainmentCountedFromStepsMatchesTheGapAnalysis() throws {
        for name in ["hvac-integrator", "bottling-line", "residential-cameras"] {
            let path = packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path
            let roadmap = try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: 30)).plan(
                ScenarioLoader().load(path: path))
            for quarter in roadmap.quarters {
                let expected = roadmap.plannedGap(throughQuarter: quarter.index).portfolio.attainment
                #expect(abs(quarter.attainment - expected) < 1e-12, "\(name) \(quarter.quarter)")
            }
        }
    }

    @Test func theRefinementStopsWhenTimeIsUp() throws {
        let scenario = try ScenarioLoader().load(path: Self.hvac)
        let steps = PlanningProblem(scenario: scenario)
        let scheduler = GuidedScheduler(problem: steps)
        let order = Array(steps.steps.indices)
        let plan = try #require(scheduler.schedule(order: order, preferred: nil))
        var polls = 0
        let refined = scheduler.refine(
            plan,
            until: {
                polls += 1; return true
            })
        #expect(refined == plan)
        #expect(polls == 1)
    }

    // MARK: Numbers

    @Test func amountsBeyondTheRangeOrTooFarApartAreRefused() {
        let huge = diagnostics(scenarioText("systems: [{id: a, weight: 1e308}]"))
        #expect(
            huge.contains { $0.path == "systems[0].weight" && $0.message.contains("larger than the largest amount") })
        let apart = diagnostics(
            scenarioText(
                """
                systems: [{id: a, practices: {patch-management: {target: 2}}}]
                practice_costs: {patch-management: {level: {1: 0.000001, 2: 1000000000000}}}
                """))
        #expect(apart.contains { $0.message.contains("cannot tell the smallest from 0") }, "\(apart)")
        let nan = diagnostics(scenarioText("systems: [{id: a, weight: .nan}]"))
        #expect(nan.contains { $0.message.contains("not NaN") })
        let infinite = diagnostics(scenarioText("budget: {quarterly: .inf}\nsystems: [{id: a}]"))
        #expect(!infinite.isEmpty)
    }

    @Test func quartersBeyondTheYear9999AreRefused() {
        let late = diagnostics(scenarioText("systems: [{id: a}]").replacingOccurrences(of: "2027-Q1", with: "9999-Q3"))
        #expect(late.contains { $0.message.contains("after 9999-Q4") })
    }

    // MARK: Documents

    @Test func anAliasBombIsRefusedQuickly() {
        var text = "a: &a [\(Array(repeating: "\"lol\"", count: 9).joined(separator: ","))]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ","))]\n"
        }
        let started = Date()
        let found = diagnostics(text)
        #expect(found.contains { $0.message.contains("aliases") })
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func anAliasUsedAsAKeyIsRefusedBeforeYamsHashesIt() {
        var text = "a: &a [\(Array(repeating: "\"lol\"", count: 9).joined(separator: ","))]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ","))]\n"
        }
        let started = Date()
        for key in ["? *i\n: 1\n", "*i : 1\n", "x: {*i: 1}\n", "x: {[*i]: 1}\n"] {
            let found = diagnostics(text + key)
            #expect(found.contains { $0.message.contains("used as a key") }, "\(key): \(found)")
        }
        #expect(Date().timeIntervalSince(started) < 5)
        // Aliases as values stay allowed.
        let shared = scenarioText("x-costs: &c {1: 1000}\nsystems: [{id: a, x-note: *c}]")
        #expect(diagnostics(shared).isEmpty)
    }

    @Test func deepNestingIsRefused() {
        let deep = "x-deep: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let found = diagnostics(scenarioText(deep))
        #expect(
            found.contains { $0.message.contains("nested more than") || $0.message.contains("nesting") }, "\(found)")
    }

    @Test func controlAndBidiCharactersInIdsAndNamesAreRefused() {
        for bad in ["a\\u0000b", "a\\u001b[31mred", "line\\r\\nbreak", "evil\\u202Etxt.exe", "zero\\u200Bwidth"] {
            let found = diagnostics(scenarioText("systems: [{id: \"\(bad)\"}]"))
            #expect(
                found.contains { $0.path == "systems[0].id" && $0.message.contains("control or invisible") },
                "\(bad): \(found)")
            // The message shows the character escaped, never raw.
            #expect(
                found.allSatisfy { !$0.description.unicodeScalars.contains { SafeText.isUnsafe($0) && $0 != "\n" } })
        }
        let name = diagnostics(scenarioText("systems: [{id: a, name: \"Roadmap\\u202E\"}]"))
        #expect(name.contains { $0.path == "systems[0].name" }, "\(name)")
    }

    @Test func longValuesAreQuotedAsShortExcerpts() {
        let long = String(repeating: "x", count: 5_000_000)
        let found = diagnostics(scenarioText("objective: \(long)\nsystems: [{id: a}]"))
        let message = try? #require(found.first { $0.path == "objective" }).description
        #expect((message?.count ?? .max) < 300)
    }

    @Test func filesThatAreNotScenariosAreNeitherReadWhole() throws {
        let dir = try temporaryDirectory()
        // A directory, a FIFO (reading it would block), a file over the size limit, NUL bytes.
        #expect(try loadErrors(dir.path).contains("is a directory"))
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(try loadErrors(fifo).contains("not a regular file"))
        let big = dir.appendingPathComponent("big.yaml")
        try Data(repeating: 0x20, count: 2 << 20).write(to: big)
        var limits = InputLimits()
        limits.fileBytes = 1 << 20
        #expect(try loadErrors(big.path, limits: limits).contains("the limit is 1048576"))
        let nul = dir.appendingPathComponent("nul.yaml")
        try Data("name: a\u{0}b\n".utf8).write(to: nul)
        #expect(try loadErrors(nul.path).contains("NUL"))
        // A catalog path that names another kind of file: nothing of it is quoted.
        let scenario = dir.appendingPathComponent("s.yaml")
        try scenarioText("catalog: /etc/passwd\nsystems: [{id: a}]").write(
            to: scenario, atomically: true, encoding: .utf8)
        let errors = try loadErrors(scenario.path)
        #expect(errors.contains("not a YAML or JSON mapping"))
        #expect(!errors.contains("root:"))
    }

    @Test func scenariosBeyondTheSizeLimitsAreRefused() throws {
        let text = scenarioText("systems: [{id: a, practices: {patch-management: {target: 4}}}, {id: b}]")
        var limits = InputLimits()
        limits.systems = 1
        limits.stepQuarters = 10
        do {
            _ = try ScenarioLoader(limits: limits).load(text: text)
            Issue.record("loaded a scenario over the limits")
        } catch {
            #expect(error.description.contains("2 systems; the limit is 1 (raise it with --max-systems)"))
            #expect(error.description.contains("4 steps to target over 4 quarters"))
        }
    }

    private func loadErrors(_ path: String, limits: InputLimits = .standard) throws -> String {
        do {
            _ = try ScenarioLoader(limits: limits).load(path: path)
            return ""
        } catch {
            return error.description
        }
    }

    // MARK: Output formats

    @Test func everyFormatEscapesWhatItGivesAMeaningTo() {
        #expect(Escaping.html("p\"><img src=x onerror=alert(1)>") == "p&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        #expect(Escaping.csvField("a\r\nb") == "\"a\r\nb\"")
        #expect(Escaping.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(Escaping.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(Escaping.csvField("-12.5") == "-12.5")
        #expect(Escaping.markdown("<script>x</script> | y") == "&lt;script&gt;x&lt;/script&gt; \\| y")
        #expect(Escaping.mermaid("a: b; c # d") == "a  b  c   d")
        // OSCAL UUIDs: system "a" with practice "q/p" is not system "a/q" with practice "p".
        #expect(
            DeterministicUUID.make(["smm", "s", "a", "q/p", "risk"])
                != DeterministicUUID.make(["smm", "s", "a/q", "p", "risk"]))
        // A label starting with %% would make its task line a Mermaid comment.
        #expect(Escaping.mermaid("%%{init: x}%% task") == "   init  x    task")
        #expect(Escaping.terminal("a\u{1B}[2Jb") == "a\\u{1B}[2Jb")
        var table = TextTable(headers: ["id"])
        table.append(["x\r\ny"])
        #expect(table.csv() == "id\r\n\"x\r\ny\"\r\n")
    }

    @Test func anIdFromACustomCatalogCannotInjectMarkupIntoTheHTMLReport() throws {
        let scenario = try load(
            scenarioText(
                """
                catalog:
                  domains:
                    - id: d
                      subdomains:
                        - id: s
                          practices: [{id: "p\\"><img src=x onerror=alert(1)>", name: "<b>bold</b>"}]
                systems: [{id: a, practices: {"p\\"><img src=x onerror=alert(1)>": {target: 1}}}]
                """))
        let roadmap = try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: 10)).plan(scenario)
        let html = HTMLReport.render([roadmap])
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>bold"))
        #expect(html.contains("p&quot;&gt;&lt;img"))
    }
}

/// Every input the fuzzers (`Fuzz/run.sh`) found a crash, hang or leak with is kept in
/// `Fuzz/regressions/` (the scenario harness's at its top, the others in `sheets/`, `progress/`
/// and `plans/`) and replayed here through the surface it was found on, in each of its modes: it
/// must now be read or refused with an error.
@Suite struct FuzzRegressionTests {
    static let folder = packageRoot.appendingPathComponent("Fuzz/regressions")

    /// The kept inputs of one folder, raw (a mode byte first, where the harness has modes).
    static func kept(_ subfolder: String?) throws -> [(name: String, bytes: [UInt8])] {
        let folder = subfolder.map { Self.folder.appendingPathComponent($0) } ?? Self.folder
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().compactMap { name in
            var directory: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            guard !name.hasPrefix("."), name != "README.md",
                FileManager.default.fileExists(atPath: url.path, isDirectory: &directory), !directory.boolValue
            else { return nil }
            return (name, [UInt8](try Data(contentsOf: url)))
        }
    }

    @Test func everyKeptScenarioLoadsOrIsRefused() throws {
        let files = try Self.kept(nil)
        #expect(!files.isEmpty)
        var limits = InputLimits()
        limits.documentValues = 100_000
        let loader = ScenarioLoader(limits: limits)
        let seed = scenarioText("systems: [{id: a, practices: {patch-management: {current: 1, target: 3}}}]")
        for (name, raw) in files {
            var bytes = raw
            // Raw fuzzer inputs start with the mode byte; kept YAML files do not.
            if !name.hasSuffix(".yaml"), !bytes.isEmpty { bytes.removeFirst() }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? loader.load(text: text, source: name)
            _ = try? loader.load(text: seed, source: name, overrides: ["systems[0].practices=\(text)"])
            _ = try? loader.load(text: "catalog: \(text)\n" + seed, source: name)
        }
    }

    @Test func everyKeptSheetIsReadOrRefused() throws {
        var limits = SheetReadingLimits()
        limits.cells = 20_000
        for (_, raw) in try Self.kept("sheets") where !raw.isEmpty {
            let rest = Array(raw.dropFirst())
            // Each mode's reader, whatever the mode byte: a whole workbook, a sheet part, shared
            // strings, a CSV file.
            _ = try? XLSXReader.read(bytes: rest, limits: limits)
            _ = try? WorksheetParser.parse(
                Data(rest), part: "sheet1.xml", sheet: "S", shared: ["system"], budget: SheetReadingBudget(limits))
            _ = try? SharedStrings.parse(Data(rest), part: "sharedStrings.xml")
            if let text = String(validating: rest, as: UTF8.self) {
                _ = try? CSVReader.read(text: text, name: "kept.csv", limits: limits)
            }
        }
    }

    @Test func everyKeptProgressFileAndPlanIsReadOrRefused() throws {
        let scenario = try ScenarioLoader().load(path: HostileInputTests.hvac)
        let empty = try temporaryDirectory().path
        for (name, raw) in try Self.kept("progress") {
            _ = try? ScenarioLoader().applying(
                progressText: String(decoding: raw, as: UTF8.self), source: name, directory: empty, to: scenario)
        }
        for (_, raw) in try Self.kept("plans") {
            if let file = try? PlanFile.read(raw), let roadmap = try? file.plan.roadmap(for: scenario) {
                _ = PlanReport.render(roadmap, format: .markdown)
            }
        }
    }
}
