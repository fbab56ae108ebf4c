import ArgumentParser
import Foundation
import MaturityModel
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel

/// `smm progress`: record what happened since a plan was published, and see where it stands.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Record what was done since a plan (smm-progress/1) and show the state it records.",
        discussion: """
            smm progress init writes a progress file from a published plan, with every step planned \
            before --as-of listed as done; correct it, then re-plan with smm plan SCENARIO --progress FILE. \
            smm progress status shows the state a progress file records: spend against budget, \
            attainment, and the deadlines met or missed before as_of.
            """,
        subcommands: [ProgressInit.self, ProgressStatus.self], defaultSubcommand: ProgressStatus.self)
}

struct ProgressInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a progress file from a baseline plan, ready to correct.")

    @Option(help: ArgumentHelp("The published plan (smm plan -f json).", valueName: "plan.json"))
    var baseline: String
    @Option(help: ArgumentHelp("The first open quarter: the quarters before it are history.", valueName: "YYYY-Qn"))
    var asOf: String
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        guard let quarter = Quarter(label: asOf) else {
            throw ValidationError("--as-of '\(asOf)' is not a quarter of the form YYYY-Qn (e.g. 2027-Q3)")
        }
        let bytes: [UInt8]
        switch InputFile.read(path: baseline, limit: InputLimits.standard.fileBytes) {
        case .success(let read): bytes = read
        case .failure(let problem):
            printError("\(baseline): \(problem)")
            throw ExitStatus.invalidInput
        }
        let text: String
        do {
            text = try ProgressTemplate.text(
                baseline: bytes, baselinePath: relativeBaselinePath(), asOf: quarter)
        } catch {
            printError("\(baseline): \(error)")
            throw ExitStatus.invalidInput
        }
        try outputOptions.emit(text, inputs: [baseline])
    }

    /// The baseline as the progress file should name it: relative to the progress file's folder.
    private func relativeBaselinePath() -> String {
        guard !baseline.hasPrefix("/") else { return baseline }
        let from = URL(fileURLWithPath: outputOptions.output ?? "x").deletingLastPathComponent().standardized
        let to = URL(fileURLWithPath: baseline).standardized
        var fromParts = from.pathComponents, toParts = to.pathComponents
        while let a = fromParts.first, let b = toParts.first, a == b {
            fromParts.removeFirst()
            toParts.removeFirst()
        }
        return (Array(repeating: "..", count: fromParts.count) + toParts).joined(separator: "/")
    }
}

struct ProgressStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what a progress file records: spend, attainment, deadlines.")

    @Argument(help: "The scenario file.") var file: String
    @Option(help: ArgumentHelp("The progress file (smm-progress/1) to show.", valueName: "file")) var progress: String
    @OptionGroup var scenarioOptions: ScenarioOptions
    @Option(name: .shortAndLong, help: "table or markdown.") var format: StatusFormat = .table
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let scenario = try scenarioOptions.load(file, progress: progress)
        try outputOptions.emit(
            ProgressReport.status(Roadmap.history(of: scenario), format: format.report), inputs: [file, progress])
    }
}

/// The formats `progress status` writes: its help lists exactly what `-f` accepts.
enum StatusFormat: String, ExpressibleByArgument, CaseIterable {
    case table, markdown

    var report: ReportFormat { self == .table ? .table : .markdown }
}
