import Foundation
import Testing

/// Runs the built `smm` executable as a user would: exit codes, stdout, stderr and files.
struct SMMRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

func smmExecutable() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL.deletingLastPathComponent(),
        Bundle.main.bundleURL,
        packageRoot.appendingPathComponent(".build/debug"),
    ].map { $0.appendingPathComponent("smm") }
    return try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "build smm first (swift build): looked in \(candidates.map(\.path))")
}

func smm(_ arguments: String..., in directory: URL = packageRoot) throws -> SMMRun {
    try smm(arguments: arguments, in: directory)
}

func smm(arguments: [String], in directory: URL = packageRoot) throws -> SMMRun {
    try runProcess(try smmExecutable(), arguments, in: directory)
}

/// Runs a program to its end: exit status, standard output and standard error.
func runProcess(_ executable: URL, _ arguments: [String], in directory: URL = packageRoot) throws -> SMMRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting, so a large output cannot fill the pipe and block the child.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return SMMRun(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

@Suite(.serialized, .tags(.process)) struct CLITests {
    @Test func aMistypedCommandOrAScenarioKeyGivenAsAnOptionGetsAHint() throws {
        let typo = try smm("plna", "Scenarios/hvac-integrator.yaml")
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("smm has no command 'plna': did you mean smm plan?"), "\(typo.stderr)")
        let key = try smm("plan", "Scenarios/hvac-integrator.yaml", "--budget", "50000")
        #expect(key.status == 64)
        #expect(key.stderr.contains("'--budget' is a scenario key, not an option"), "\(key.stderr)")
        #expect(key.stderr.contains("--set budget.quarterly=50000"))
        // Nothing near: no hint, the parser's own message.
        let far = try smm("zzzzzzzz")
        #expect(far.status == 64 && !far.stderr.contains("did you mean"))
    }

    @Test func everyHelpTextRendersWithoutStrayBackslashes() throws {
        let commands = [
            [], ["plan"], ["gap"], ["compare"], ["sweep"], ["report"], ["validate"], ["catalog"], ["export-model"],
            ["generate"], ["template"], ["import"], ["init"], ["render"], ["progress"], ["progress", "init"],
            ["progress", "status"],
        ]
        for command in commands {
            let help = try smm(arguments: command + ["--help"])
            #expect(help.status == 0, "\(command)")
            #expect(!help.stdout.isEmpty && !help.stdout.contains("\\"), "smm \(command.joined(separator: " ")) --help")
        }
        // The formats a help lists are the ones -f takes.
        let status = try smm("progress", "status", "--help").stdout
        #expect(status.contains("values: table, markdown;"), "\(status)")
        // --progress is required where it is, and says what it does on each command.
        #expect(status.contains("USAGE: smm progress status <file> --progress <file>"), "\(status)")
        for command in ["gap", "validate"] {
            let help = try smm(command, "--help").stdout
            #expect(help.contains("--progress <file>") && !help.contains("Re-plan from"), "\(command)")
        }
        #expect(try smm("plan", "--help").stdout.contains("Re-plan from a progress file"))
        let missing = try smm("progress", "status", "Scenarios/hvac-integrator.yaml")
        #expect(missing.status == 64 && missing.stderr.contains("--progress"))
    }

    @Test func aWrittenPlanIsSaidWithWhatItHolds() throws {
        let out = try temporaryDirectory().appendingPathComponent("plan.json").path
        let run = try smm("plan", "Scenarios/hvac-integrator.yaml", "-o", out)
        #expect(run.status == 0)
        #expect(run.stderr.contains("wrote \(out) (json, "), "\(run.stderr)")
        #expect(run.stderr.contains(" steps, optimal)"))
    }

    @Test func validateEveryShippedScenario() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: packageRoot.appendingPathComponent("Scenarios").path
        )
        .filter { $0.hasSuffix(".yaml") }.sorted().map { "Scenarios/\($0)" }
        #expect(files.count >= 5)
        let run = try smm(arguments: ["validate"] + files)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == files.count)
        #expect(
            run.stdout.contains(
                "Scenarios/vendor-portfolio.yaml: valid: \"Automation vendor portfolio 2027-2029\", 12 systems"))
        // Deadlines as the file lists them (one for every system is one), and the initiatives.
        #expect(run.stdout.contains("8 deadlines (30 system deadlines), 3 dependencies, 2 initiatives"))
        // With a progress file, it is checked against the scenario too.
        let replan = try smm(
            "validate", "Scenarios/hvac-integrator.yaml", "--progress",
            "Scenarios/progress/hvac-integrator-2027-Q4.yaml")
        #expect(replan.status == 0, "\(replan.stderr)")
    }

    @Test func invalidInputExitsTwoWithEveryMessageAndWritesNothing() throws {
        let dir = try temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml")
        try """
        start: 2027-Q9
        quarters: 2
        budget: {quarterly: -1}
        systems: [{id: a, practices: {patch-managment: {current: 1}}}]
        """.write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("plan.md")
        let run = try smm("plan", bad.path, "-o", out.path)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("bad.yaml:1: start: '2027-Q9' is not a quarter"))
        #expect(run.stderr.contains("bad.yaml:3: budget.quarterly: must not be negative"))
        #expect(
            run.stderr.contains(
                "systems[0].practices.patch-managment: unknown practice 'patch-managment' (did you mean patch-management?)"
            ))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try smm("validate", bad.path).status == 2)
        #expect(try smm("gap", dir.appendingPathComponent("missing.yaml").path).stderr.contains("no such file"))
    }

}

extension CLITests {
    @Test func planPrintsARoadmapAndWritesFilesAtomically() throws {
        let run = try smm("plan", "Scenarios/hvac-integrator.yaml")
        #expect(run.status == 0)
        #expect(run.stdout.contains("status: optimal"))
        #expect(run.stdout.contains("2027-Q1: spend"))
        let dir = try temporaryDirectory()
        let md = dir.appendingPathComponent("roadmap.md"), csv = dir.appendingPathComponent("steps.csv")
        #expect(try smm("plan", "Scenarios/hvac-integrator.yaml", "-o", md.path).status == 0)
        #expect(try String(contentsOf: md, encoding: .utf8).hasPrefix("# Security roadmap: HVAC integrator 2027"))
        #expect(try smm("plan", "Scenarios/hvac-integrator.yaml", "--format", "csv", "-o", csv.path).status == 0)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\r\n")
        #expect(rows.first == "quarter,system,practice,kind,from,to,cost,effort,reason,deadline")
        #expect(rows.contains { $0.hasSuffix(",level 2 by 2027-Q2: met") }, "the deadline a step meets")
        #expect(rows.count == 29)  // header + 28 steps
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["roadmap.md", "steps.csv"])
    }

    @Test func infeasibleScenarioExitsThreeWithConflicts() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("tight.yaml")
        try """
        name: tight
        start: 2027-Q1
        quarters: 4
        budget: {quarterly: 30000}
        costs: {level: {1: 1000, 2: 2000, 3: 3000, 4: 45000}}
        systems: [{id: plant-2, practices: {patch-management: {current: 3}}}]
        deadlines: [{system: plant-2, practice: patch-management, level: 4, by: 2027-Q2}]
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try smm("plan", file.path, "--format", "json")
        #expect(run.status == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "infeasible")
        let conflicts = try #require(json["conflicts"] as? [String])
        #expect(
            conflicts.contains {
                $0.contains("that step costs 45,000 and no quarter's budget in 2027-Q1..2027-Q2 exceeds 30,000")
            })
    }

    @Test func gapFormats() throws {
        let table = try smm("gap", "Scenarios/hvac-integrator.yaml")
        #expect(table.status == 0 && table.stdout.contains("patch-management"))
        let json = try smm("gap", "Scenarios/vendor-portfolio.yaml", "--format", "json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["systems"] as? [Any])?.count == 12)
        let csv = try smm("gap", "Scenarios/hvac-integrator.yaml", "--format", "csv")
        #expect(csv.stdout.split(separator: "\r\n").count == 19)
        let md = try smm("gap", "Scenarios/hvac-integrator.yaml", "--format", "markdown")
        #expect(md.stdout.contains("| practice | level | scope |"))
    }

    @Test func catalogFormats() throws {
        let table = try smm("catalog")
        #expect(table.stdout.contains("18 practices"))
        let json = try smm("catalog", "--format", "json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["domains"] as? [Any])?.count == 3)
        #expect(try smm("catalog", "--format", "markdown").stdout.contains("| 3 | consistent |"))
    }

    @Test func exportModelWritesLPAndMPS() throws {
        let dir = try temporaryDirectory()
        let lp = dir.appendingPathComponent("hvac.lp"), mps = dir.appendingPathComponent("hvac.mps")
        let run = try smm("export-model", "Scenarios/hvac-integrator.yaml", "--format", "lp", "-o", lp.path)
        #expect(run.status == 0)
        #expect(run.stderr.contains("rows"))
        #expect(try String(contentsOf: lp, encoding: .utf8).contains("Subject To"))
        #expect(
            try smm("export-model", "Scenarios/hvac-integrator.yaml", "--format", "mps", "-o", mps.path).status == 0)
        #expect(try String(contentsOf: mps, encoding: .utf8).contains("COLUMNS"))
        let failed = try smm("export-model", "Scenarios/hvac-integrator.yaml", "-o", "/nonexistent-dir/x.lp")
        #expect(failed.status == 1)
    }

    /// `--ideal PARTY`: the program of one stakeholder's ideal, with its payment rows; an unknown
    /// party is named with the scenario's.
    @Test func exportModelWritesAStakeholdersIdeal() throws {
        let dir = try temporaryDirectory()
        let scenario = "Scenarios/hvac-operator-vendor.yaml"
        let whole = dir.appendingPathComponent("whole.lp"), ideal = dir.appendingPathComponent("vendor.lp")
        #expect(try smm("export-model", scenario, "-o", whole.path).status == 0)
        #expect(try smm("export-model", scenario, "--ideal", "vendor", "-o", ideal.path).status == 0)
        let wholeText = try String(contentsOf: whole, encoding: .utf8)
        let idealText = try String(contentsOf: ideal, encoding: .utf8)
        #expect(idealText.contains("pays1_q"))
        // The same rows, other objective coefficients.
        func objective(_ text: String) -> Substring { text.split(separator: "Subject To")[0] }
        #expect(objective(wholeText) != objective(idealText))
        #expect(wholeText.split(separator: "Subject To")[1] == idealText.split(separator: "Subject To")[1])
        let unknown = try smm("export-model", scenario, "--ideal", "vendr", "-o", ideal.path)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("--ideal vendr: no such stakeholder (its stakeholders: operator, vendor)"))
        #expect(unknown.stderr.contains("did you mean vendor?"))
    }

    @Test func setOverridesAValue() throws {
        let run = try smm(
            "plan", "Scenarios/hvac-integrator.yaml", "--set", "budget.quarterly=80000", "--format", "json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(((parsed["quarters"] as? [[String: Any]])?.first?["budget"] as? NSNumber)?.doubleValue == 80000)
    }
}
