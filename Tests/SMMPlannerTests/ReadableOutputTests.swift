import Foundation
import MaturityModel
import Testing

/// Issue 16: the format reference, a starter scenario, plans rendered from their JSON, output
/// formats from extensions, and warnings for practices a system does not list.
@Suite(.serialized, .tags(.process)) struct ReadableOutputTests {
    static let hvac = packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path

    @Test func aFreshCloneHoldsTheFormatReferenceAndAStarter() throws {
        let reference = try String(
            contentsOf: packageRoot.appendingPathComponent("docs/scenario-format.md"),
            encoding: .utf8)
        // Every top-level key the loader accepts is documented.
        for key in [
            "format", "name", "catalog", "start", "quarters", "objective", "budget", "effort_capacity",
            "priorities", "practice_weights", "scope_weight", "target_defaults", "costs", "effort",
            "practice_costs", "practice_effort", "systems", "deadlines", "dependencies",
        ] {
            #expect(reference.contains("`\(key)"), "\(key)")
        }
        #expect(
            try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
                .contains("docs/scenario-format.md"))
        let version = try smm("--version")
        // The version, then which solvers this run has (GLPK always; HiGHS, which CI installs).
        let lines = version.stdout.split(separator: "\n")
        #expect(version.status == 0 && lines.first?.split(separator: ".").count == 3)
        #expect(lines.count == 2 && lines.last?.hasPrefix("solvers: GLPK") == true)
        if ProcessInfo.processInfo.environment["CI"] != nil { #expect(lines.last?.contains("HiGHS 1.") == true) }
        let dir = try temporaryDirectory()
        let starter = dir.appendingPathComponent("starter.yaml").path
        #expect(try smm("init", "--systems", "plc,hmi", "--start", "2027-Q1", "-o", starter).status == 0)
        let validated = try smm("validate", starter)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains("2 systems, 72 steps to target"))
        #expect(validated.stderr.isEmpty, "a starter lists every practice: no warning")
        #expect(try smm("plan", starter).status == 0)
        // A bad file points to the reference.
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "name: x\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(try smm("plan", bad).stderr.contains("docs/scenario-format.md"))
    }

    @Test func aSavedPlanRendersEveryFormatWithoutPlanningAgain() throws {
        let dir = try temporaryDirectory()
        let scenario = dir.appendingPathComponent("hvac.yaml").path
        try FileManager.default.copyItem(atPath: Self.hvac, toPath: scenario)
        let plan = dir.appendingPathComponent("plan.json").path
        #expect(try smm("plan", scenario, "--set", "budget.quarterly=45000", "-o", plan).status == 0)
        for (format, ext) in [
            ("markdown", "md"), ("csv", "csv"), ("table", "txt"), ("json", "json"),
            ("issues-csv", "csv"),
        ] {
            let direct = try smm("plan", scenario, "--set", "budget.quarterly=45000", "-f", format)
            let rendered = try smm("render", plan, "-f", format)
            #expect(rendered.status == 0, "\(format): \(rendered.stderr)")
            #expect(rendered.stdout == direct.stdout, "\(format)")
            _ = ext
        }
        // The extension of -o picks the format; an unknown one is an error.
        let html = dir.appendingPathComponent("roadmap.html").path
        #expect(try smm("render", plan, "-o", html).status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let unknown = try smm("render", plan, "-o", dir.appendingPathComponent("roadmap.docx").path)
        #expect(unknown.status == 64 && unknown.stderr.contains("names no format"))
        let csv = dir.appendingPathComponent("steps.csv").path
        #expect(try smm("plan", scenario, "-o", csv).status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("quarter,system,practice"))
        // A comment, an x- note or other formatting leaves the plan valid: render compares what the
        // scenario says, not its bytes.
        let original = try String(contentsOfFile: scenario, encoding: .utf8)
        try ("# reviewed by the auditor\nx-reviewed: 2027-01-15\n" + original + "\n# edited\n")
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let annotated = try smm("render", plan)
        #expect(annotated.status == 0, "\(annotated.stderr)")
        #expect(annotated.stdout == (try smm("plan", scenario, "--set", "budget.quarterly=45000").stdout))
        // A changed value is refused; so is a plan edited to break a rule.
        try original.replacingOccurrences(of: "quarters: 8", with: "quarters: 9")
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let changed = try smm("render", plan)
        #expect(changed.status == 2 && changed.stderr.contains("says something else than when the plan was made"))
    }

    @Test func anEditedPlanThatBreaksARuleIsRefused() throws {
        let dir = try temporaryDirectory()
        let plan = dir.appendingPathComponent("plan.json").path
        #expect(try smm("plan", Self.hvac, "-o", plan).status == 0)
        var text = try String(contentsOfFile: plan, encoding: .utf8)
        // Move every step into the first quarter: far over its budget.
        for q in ["2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2", "2028-Q3"] {
            text = text.replacingOccurrences(
                of: "\"quarter\": \"\(q)\",\n      \"cost\"",
                with: "\"quarter\": \"2027-Q1\",\n      \"cost\"")
        }
        try text.write(toFile: plan, atomically: true, encoding: .utf8)
        let run = try smm("render", plan)
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stderr.contains("breaks the plan rules") || run.stderr.contains("not a step"), "\(run.stderr)")
    }

    @Test func unlistedPracticesAreWarnedAboutInValidateAndGap() throws {
        let cameras = packageRoot.appendingPathComponent("Scenarios/residential-cameras.yaml").path
        let validate = try smm("validate", cameras)
        #expect(validate.status == 0)
        #expect(validate.stderr.contains("warning: 7 of 18 practices of home-cameras are not listed"))
        let gap = try smm("gap", cameras)
        #expect(gap.stdout.contains("Note: 7 of 18 practices of home-cameras are not listed"))
        let json = try smm("gap", cameras, "-f", "json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["warnings"] as? [String])?.count == 1)
        let portfolio = try smm("validate", packageRoot.appendingPathComponent("Scenarios/vendor-portfolio.yaml").path)
        #expect(portfolio.stderr.split(separator: "\n").count == 1, "one line for a portfolio")
    }

    @Test func deadlinesAndTheReasonForEachQuarterAppearInEveryFormat() throws {
        let json = try smm("plan", Self.hvac, "-f", "json")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let deadlines = try #require(plan["deadlines"] as? [[String: Any]])
        #expect(deadlines.count == 2)
        let patch = try #require(deadlines.first { $0["practice"] as? String == "patch-management" })
        #expect(patch["by"] as? String == "2027-Q2" && patch["reached"] as? String == "2027-Q1")
        #expect(patch["slack"] as? Int == 1 && patch["status"] as? String == "met")
        let steps = try #require(plan["steps"] as? [[String: Any]])
        let reasons = steps.compactMap { $0["reason"] as? String }
        #expect(reasons.contains("right after the level below"))
        #expect(reasons.contains("earlier quarters' budget was used up"))
        // Every step said to follow its predecessor does sit in the quarter after it.
        for step in steps where step["reason"] as? String == "right after the level below" {
            let quarter = try #require(Quarter(step["quarter"] as? String))
            let below = steps.first {
                $0["system"] as? String == step["system"] as? String
                    && $0["practice"] as? String == step["practice"] as? String
                    && $0["kind"] as? String == step["kind"] as? String
                    && ($0["to"] as? Int).map { $0 + 1 } == step["to"] as? Int
            }
            #expect(Quarter(below?["quarter"] as? String).map { $0 + 1 } == quarter)
        }
        let markdown = try smm("plan", Self.hvac, "-f", "markdown").stdout
        #expect(markdown.contains("## Deadlines"))
        #expect(markdown.contains("| hvac | patch-management | level 2 | 2027-Q2 | 2027-Q1 | 1 quarter | met |"))
        #expect(markdown.contains(":milestone, d1, 2027-06-30, 0d"))
        #expect(markdown.contains("why this quarter"))
        let table = try smm("plan", Self.hvac).stdout
        #expect(table.contains("Deadlines\nsystem  practice"))
        let compare = try smm("compare", Self.hvac, Self.hvac).stdout
        #expect(compare.contains("deadlines met"))
    }

    @Test func initAndImportStartFromOneCostTableAndSayWhatThePlanValues() throws {
        let dir = try temporaryDirectory()
        let sheet = dir.appendingPathComponent("gw.csv").path
        #expect(try smm("template", "--systems", "gw", "-o", sheet).status == 0)
        let imported = try smm("import", sheet, "--start", "2027-Q1")
        let started = try smm("init", "--systems", "gw", "--start", "2027-Q1")
        #expect(imported.status == 0 && started.status == 0)
        func settings(_ text: String) -> [Substring] {
            text.split(separator: "\n").drop { !$0.hasPrefix("start:") }.prefix {
                !$0.hasPrefix("# Levels") && !$0.hasPrefix("systems")
            }
        }
        #expect(!settings(started.stdout).isEmpty && settings(started.stdout) == settings(imported.stdout))
        for text in [started.stdout, imported.stdout] {
            #expect(text.contains("priorities:") && text.contains("practice_weights:") && text.contains("weight: 3"))
        }
        #expect(started.stdout.contains("    weight: 1"))
    }

    @Test func compareTakesLabelsAndWhatIfsPerFile() throws {
        let run = try smm(
            "compare", "--set", "effort_capacity.quarterly=200", "\(Self.hvac):40k",
            "\(Self.hvac):60k", "--set", "budget.quarterly=60000", "-f", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let plans = try #require(json["plans"] as? [[String: Any]])
        #expect(plans.map { $0["scenario"] as? String } == ["40k", "60k"])
        let costs = plans.compactMap { ($0["objective"] as? [String: Any])?["value"] as? Double }
        #expect(costs.count == 2 && costs[1] > costs[0], "the 60k plan is better: \(costs)")
        // Each plan says what binds: both reach every target, the 40k plan paced by its quarterly
        // budget in more quarters than the 60k plan.
        let limits = plans.map { $0["binding_limits"] as? [String: Any] }
        #expect(limits.allSatisfy { $0?["targets_reached"] as? Bool == true && $0?["main"] is NSNull })
        let paced = limits.map { (($0?["quarters"] as? [String: Any])?["budget"] as? Int) ?? 0 }
        #expect(paced[0] > paced[1], "\(paced)")
        let table = try smm("compare", "\(Self.hvac):40k", "\(Self.hvac):60k", "--set", "budget.quarterly=60000")
        #expect(table.stdout.contains("what binds") && table.stdout.contains("none at the end; pace: quarterly budget"))
        // Files and edits reach the command in order from ArgumentParser (no second parse of the
        // command line): a mistyped option among them is named, with the option meant.
        let mistyped = try smm("compare", Self.hvac, "--time-limt", "5", Self.hvac)
        #expect(mistyped.status == 64 && mistyped.stderr.contains("did you mean --time-limit?"), "\(mistyped.stderr)")
        let key = try smm("compare", Self.hvac, "--budget", "5", Self.hvac)
        #expect(key.status == 64 && key.stderr.contains("--set budget.quarterly=50000"), "\(key.stderr)")
        let noValue = try smm("report", Self.hvac, "-o", "/dev/null", "--set")
        #expect(noValue.status == 64 && noValue.stderr.contains("--set needs a value"), "\(noValue.stderr)")
        // --set with a system id instead of an index.
        let byID = try smm("validate", Self.hvac, "--set", "systems[id=hvac].weight=2")
        #expect(byID.status == 0)
        let typo = try smm("validate", Self.hvac, "--set", "systems[id=hvca].weight=2")
        #expect(typo.status == 2 && typo.stderr.contains("no item with id 'hvca' (did you mean hvac?)"))
    }

    @Test func theSweepLeadsWithWhatABudgetHolderAsks() throws {
        let run = try smm("sweep", Self.hvac, "--budget", "30000...50000", "--steps", "3")
        #expect(run.status == 0)
        let header = try #require(run.stdout.split(separator: "\n").dropFirst().first)
        #expect(header.hasPrefix("budget.quarterly  status   attainment at end  all targets by"))
        #expect(run.stdout.contains("not within the plan") && run.stdout.contains("2028-Q3"))
        // What binds at each point, what 10,000 more buys, and where more money stops helping:
        // 30,000 → 40,000 a quarter is 80,000 over 8 quarters for 94.4% → 100% (0.69 points per 10,000).
        #expect(header.contains("what binds") && header.contains("points per 10,000"))
        let first = try #require(run.stdout.split(separator: "\n").first { $0.contains("30,000  optimal") })
        #expect(first.contains("quarterly budget") && first.contains("0.69"))
        #expect(run.stdout.contains("More money stops raising attainment at 40,000: every target is reached"))
        // A total that binds: the same plan at every quarterly budget, and the sweep says why.
        let capped = try smm(
            "sweep", Self.hvac, "--budget", "30000...50000", "--steps", "3", "--set", "budget.total=200000", "-f",
            "json")
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(capped.stdout.utf8)) as? [String: Any])
        let points = try #require(json["points"] as? [[String: Any]])
        let main = points.map { (($0["binding_limits"] as? [String: Any])?["main"] as? String) ?? "-" }
        #expect(main == ["total-budget", "total-budget", "total-budget"])
        let table = try smm(
            "sweep", Self.hvac, "--budget", "30000...50000", "--steps", "3", "--set", "budget.total=200000")
        #expect(table.stdout.contains("the total budget binds: raise budget.total (or --set budget.total=null)"))
    }
}

private extension Quarter {
    init?(_ label: String?) {
        guard let label else { return nil }
        self.init(label: label)
    }

    static func + (quarter: Quarter, count: Int) -> Quarter { quarter.advanced(by: count) }
}
