import ArgumentParser
import Foundation
import GLPKBackend
import GapAnalysis
import MaturityModel
import OptimizationModel
import PortfolioGenerator
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel
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
        let format = try PlanOutput.format(self.format, outputOptions)
        let scenario = try scenarioOptions.load(file, progress: replan.progress)
        try PlanOutput.plan(
            file, format: format, planning: planning, scenarioOptions: scenarioOptions, outputOptions: outputOptions
        ) { try $0.plan(scenario) }
    }
}

/// Writes a roadmap in one of `plan`'s formats: shared by `plan`, `negotiate` and `render`.
struct PlanOutput {
    let roadmap: Roadmap
    let scenarioFile: String
    let overrides: [String]

    /// The format asked for (`-f`, else the extension of `-o`); xlsx needs `-o`.
    static func format(_ format: PlanFormat?, _ outputOptions: OutputOptions) throws -> PlanFormat {
        let format = try outputOptions.format(format, markdown: PlanFormat.markdown, table: .table)
        if format == .xlsx, outputOptions.output == nil {
            throw ValidationError("-f xlsx writes a file: give -o FILE.xlsx")
        }
        return format
    }

    /// Plans with `planning`'s planner (`plan`'s or `negotiate`'s question), writes the roadmap in
    /// `format` and exits with its status (or the interruption's).
    static func plan(
        _ file: String, format: PlanFormat, planning: PlanningOptions, scenarioOptions: ScenarioOptions,
        outputOptions: OutputOptions, _ question: (RoadmapPlanner) throws -> Roadmap
    ) throws {
        let planner = try planning.planner(within: planning.budget(writingFactor: format.writingFactor))
        let roadmap: Roadmap
        do { roadmap = try Interruption.shared.planning { try question(planner) } } catch {
            printError("\(file): \(error)")
            throw ExitCode.failure
        }
        planning.endProgress()
        try PlanOutput(roadmap: roadmap, scenarioFile: file, overrides: scenarioOptions.overrides)
            .emit(format, to: outputOptions)
        try exitIfInterrupted()
        try PlanOutput.exit(for: roadmap.status)
    }

    func emit(_ format: PlanFormat, to outputOptions: OutputOptions) throws {
        let inputs = [scenarioFile]
        switch format {
        case .table, .markdown, .csv:
            try outputOptions.emit(
                PlanReport.render(roadmap, format: ReportFormat(rawValue: format.rawValue)!),
                inputs: inputs)
        case .json:
            let source = InputFile.bytes(of: scenarioFile).map { bytes in
                PlanSource.of(
                    path: scenarioFile, bytes: bytes, overrides: overrides,
                    progress: roadmap.scenario.progress?.source, contentSHA256: roadmap.scenario.documentDigest)
            }
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
