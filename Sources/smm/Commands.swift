import ArgumentParser
import Foundation
import GapAnalysis
import GLPKBackend
import MaturityModel
import OptimizationModel
import PortfolioGenerator
import Reports
import RoadmapPlanner
import ScenarioLoading
import TextSafety

/// What `plan` writes: the report formats, and the exports for spreadsheets, OSCAL and trackers.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable, FileFormat {
    case table, markdown, json, csv, xlsx, html
    case oscalPOAM = "oscal-poam"
    case issuesCSV = "issues-csv"

    init?(fileExtension: String) {
        if fileExtension == "xlsx" { self = .xlsx; return }
        if ["html", "htm"].contains(fileExtension) { self = .html; return }
        guard let report = ReportFormat(fileExtension: fileExtension) else { return nil }
        self.init(rawValue: report.rawValue)
    }
}

extension PlanFormat {
    /// What writing this format costs beside reading the scenario (`PlanningTimeBudget`),
    /// measured at 10,000 systems × 8 quarters, with a margin (docs/limits.md has the figures).
    var writingFactor: Double {
        switch self {
        case .json, .csv, .table, .issuesCSV: 1
        case .markdown, .xlsx: 2.5
        case .html: 4
        case .oscalPOAM: 5.5
        }
    }
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose the optimal quarterly roadmap for a scenario.",
        discussion: """
            Formats: table (terminal), markdown, json (the plan format: docs/scenario-format.md), csv (one row \
            per step), xlsx (sheets Summary, Roadmap, Quarters, Deadlines and Gap; needs -o), html (the report), \
            oscal-poam (an OSCAL 1.1.2 plan of action and milestones), issues-csv \
            (epics per quarter and a task per step, for Jira's or GitHub's CSV import). Without -f, the \
            extension of -o decides (.md .json .csv .xlsx .txt), else markdown with -o and table without.
            """)

    @Argument(help: "The scenario file (YAML or JSON).") var file: String
    @Option(name: .shortAndLong, help: "table, markdown, json, csv, xlsx, html, oscal-poam or issues-csv.")
    var format: PlanFormat?
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var replan: ReplanOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let format = try outputOptions.format(self.format, markdown: PlanFormat.markdown, table: .table)
        if format == .xlsx, outputOptions.output == nil {
            throw ValidationError("-f xlsx writes a file: give -o FILE.xlsx")
        }
        let scenario = try scenarioOptions.load(file, progress: replan.progress)
        let planner = try planning.planner(within: planning.budget(writingFactor: format.writingFactor))
        let roadmap: Roadmap
        do { roadmap = try Interruption.shared.planning { try planner.plan(scenario) } } catch {
            printError("\(file): \(error)")
            throw ExitCode.failure
        }
        planning.endProgress()
        try PlanOutput(roadmap: roadmap, scenarioFile: file, overrides: scenarioOptions.overrides)
            .emit(format, to: outputOptions)
        try exitIfInterrupted()
        try PlanOutput.exit(for: roadmap.status)
    }
}

/// Writes a roadmap in one of `plan`'s formats: shared by `plan` and `render`.
struct PlanOutput {
    let roadmap: Roadmap
    let scenarioFile: String
    let overrides: [String]

    func emit(_ format: PlanFormat, to outputOptions: OutputOptions) throws {
        let inputs = [scenarioFile]
        switch format {
        case .table, .markdown, .csv:
            try outputOptions.emit(
                PlanReport.render(roadmap, format: ReportFormat(rawValue: format.rawValue)!),
                inputs: inputs)
        case .json:
            let source = PlanSource.of(
                path: scenarioFile, overrides: overrides, progress: roadmap.scenario.progress?.source,
                contentSHA256: roadmap.scenario.documentDigest)
            try outputOptions.emit(PlanReport.render(roadmap, format: .json, source: source), inputs: inputs)
        case .html:
            try outputOptions.emit(HTMLReport.render([roadmap]), inputs: inputs)
        case .issuesCSV:
            try outputOptions.emit(IssuesCSV.render(roadmap), inputs: inputs)
        case .oscalPOAM:
            try outputOptions.emit(
                OSCALPOAM.render(roadmap, lastModified: modificationDate(of: scenarioFile)),
                inputs: inputs)
        case .xlsx:
            guard let output = outputOptions.output else {
                throw ValidationError("-f xlsx writes a file: give -o FILE.xlsx")
            }
            try writeWorkbook(PlanWorkbook.workbook(roadmap), to: output, inputs: inputs)
        }
        // A file written is said, with what it holds: nothing else tells a user where it went.
        if let output = outputOptions.output {
            let steps = roadmap.steps.count
            printError(
                "wrote \(SafeText.escapingControls(output)) (\(format.rawValue), \(steps) step\(steps == 1 ? "" : "s"), \(roadmap.status.rawValue))"
            )
        }
    }

    /// Exit 3 for an infeasible scenario, 4 for no plan.
    static func exit(for status: Roadmap.Status) throws {
        switch status {
        case .infeasible: throw ExitStatus.infeasible
        case .noPlan: throw ExitStatus.noPlan
        case .optimal, .feasible: break
        }
    }
}

/// A file's modification time (now, if it cannot be read): the `last-modified` of exports, so that
/// exporting an unchanged scenario twice gives the same document.
func modificationDate(of path: String) -> Date {
    var info = stat()
    guard stat(path, &info) == 0 else { return Date() }
    return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
}

struct Gap: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the gap between current and target maturity, per practice, subdomain, domain and system.")

    @Argument(help: "The scenario file (YAML or JSON).") var file: String
    @Option(name: .shortAndLong, help: "table, markdown, json or csv.") var format: ReportFormat?
    @OptionGroup var scenarioOptions: ScenarioOptions
    @Option(
        help: ArgumentHelp(
            "A progress file (smm-progress/1): the gap at its as_of, after the steps it records as done.",
            valueName: "file"))
    var progress: String?
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let scenario = try scenarioOptions.load(file, progress: progress)
        let format = try outputOptions.format(self.format, markdown: ReportFormat.markdown, table: .table)
        let notes = scenario.warnings.map { $0.message.replacingOccurrences(of: "warning: ", with: "") }
        // With a progress file, the state at as_of: the history's done steps raise the profile.
        let gap =
            scenario.progress.map { Roadmap.history(of: scenario).plannedGap(throughQuarter: $0.asOfIndex - 1) }
            ?? GapAnalysis(scenario: scenario)
        try outputOptions.emit(
            GapReport.render(gap, format: format, notes: notes), inputs: [file] + (progress.map { [$0] } ?? []))
    }
}

/// Writes one line to standard output; a failure is reported and exits 1.
func outputLine(_ line: String) throws {
    try OutputOptions(output: nil).emit(line + "\n", inputs: [])
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files; print a one-line summary of each valid one and every problem of the others.")

    @Argument(help: "Scenario files.") var files: [String]
    @OptionGroup var scenarioOptions: ScenarioOptions
    @Option(help: ArgumentHelp("A progress file (smm-progress/1) to check against each scenario.", valueName: "file"))
    var progress: String?

    func run() throws {
        var failed = false
        for file in files {
            let s: Scenario
            do {
                s = try scenarioOptions.loader.load(
                    path: file, overrides: scenarioOptions.overrides, progress: progress)
            } catch {
                printError(error.description)
                failed = true
                continue
            }
            // Deadlines and dependencies as the file lists them; a deadline for every system says so.
            let entries = s.deadlineEntries
            let deadlines =
                "\(entries) deadline\(entries == 1 ? "" : "s")"
                + (s.deadlines.count > entries ? " (\(s.deadlines.count) system deadlines)" : "")
            let initiatives =
                s.initiatives.isEmpty
                ? "" : ", \(s.initiatives.count) initiative\(s.initiatives.count == 1 ? "" : "s")"
            try outputLine(
                "\(file): valid: \"\(s.name)\", "
                    + "\(s.systems.count) system\(s.systems.count == 1 ? "" : "s"), "
                    + "\(s.stepsToTarget) steps to target, \(s.horizon) quarters from \(s.start), "
                    + "\(s.objective.rawValue), \(deadlines), "
                    + "\(s.dependencies.count) dependenc\(s.dependencies.count == 1 ? "y" : "ies")\(initiatives)")
            printWarnings(s)
        }
        if failed { throw ExitStatus.invalidInput }
    }
}

struct Catalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the maturity model: domains, subdomains, practices, levels and scopes.")

    @Option(name: .shortAndLong, help: "table, markdown, json or csv.") var format: ReportFormat = .table
    @Option(help: "A catalog file to show instead of the built-in iic-smm.") var catalog: String?

    func run() throws {
        var shown = MaturityModel.Catalog.iicSMM
        if let catalog {
            do { shown = try CatalogLoader.load(path: catalog) } catch {
                printError(error.description)
                throw ExitStatus.invalidInput
            }
        }
        try OutputOptions(output: nil).emit(CatalogReport.render(shown, format: format), inputs: [])
    }
}

struct ExportModel: ParsableCommand {
    enum FileFormat: String, ExpressibleByArgument { case lp, mps }

    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Write the scenario's integer program in CPLEX LP or free MPS format (GLPK's writers).")

    @Argument(help: "The scenario file (YAML or JSON).") var file: String
    @Option(name: .shortAndLong, help: "lp or mps.") var format: FileFormat = .lp
    @Option(name: [.short, .customLong("output")], help: "The model file to write.") var output: String
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var replan: ReplanOptions

    func run() throws {
        let scenario = try scenarioOptions.load(file, progress: replan.progress)
        let planner = RoadmapPlanner(solver: GLPKSolver())
        let model = planner.model(for: scenario)
        // GLPK writes the file itself, by path: to the temporary file that OutputFile renames into place.
        do {
            try OutputFile.commit(to: output, inputs: [file]) { _, path throws(OutputError) in
                do {
                    // The model built once above, written by the planner's solver.
                    try planner.solver.write(model, format: format == .lp ? .lp : .mps, to: path)
                } catch {
                    throw OutputError(description: "\(output): cannot write the model: \(error)")
                }
            }
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        printError(
            "\(output): \(model.rowCount) rows, \(model.columnCount) columns, "
                + "\(model.nonzeroCount) non-zeros")
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write a random, realistic portfolio scenario (for benchmarks); the same arguments give the same file.")

    @Option(help: "Number of systems.") var systems: Int
    @Option(help: "Number of quarters.") var quarters: Int = 8
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Organisation-wide initiatives to add (governance and enablement practices first).")
    var initiatives: Int = 0
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if !(1...100_000).contains(systems) { throw ValidationError("--systems must be between 1 and 100000") }
        if !(1...ScenarioLoader.maximumQuarters).contains(quarters) {
            throw ValidationError("--quarters must be between 1 and \(ScenarioLoader.maximumQuarters)")
        }
    }

    func run() throws {
        try outputOptions.emit(
            PortfolioGenerator(systems: systems, quarters: quarters, seed: seed, initiatives: initiatives).yaml(),
            inputs: [])
    }
}
