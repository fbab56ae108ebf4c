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
