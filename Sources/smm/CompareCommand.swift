import ArgumentParser
import Foundation
import GLPKBackend
import MaturityModel
import OptimizationModel
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel
import Synchronization

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan several scenarios and show them side by side.",
        discussion:
            "Status, cost, objective, maturity per domain and subdomain, attainment per quarter, the quarter "
            + "each target is reached and the steps that differ."
    )

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "Two or more scenario files, each optionally labelled (a.yaml:50k) and followed by "
                + "--set key.path=value edits of its own (a --set before every file applies to all).",
            valueName: "file[:label] [--set k=v]…"))
    var scenarioWords: [String] = []
    @Option(name: .shortAndLong, help: "table, markdown, json or csv.") var format: ReportFormat?
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var limits: InputLimitOptions
    @OptionGroup var replan: ReplanOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if try ScenarioSpec.parse(scenarioWords, of: Self.self).count < 2 {
            throw ValidationError("compare needs at least two scenario files")
        }
    }

    func run() throws {
        let specs = try ScenarioSpec.parse(scenarioWords, of: Self.self)
        let scenarios = try limits.loadAll(specs, progress: replan.progress)
        let roadmaps = try planning.planAll(scenarios)
        let format = try outputOptions.format(self.format, markdown: ReportFormat.markdown, table: .table)
        planning.endProgress()
        try outputOptions.emit(
            ComparisonReport.render(
                PlanComparison(roadmaps: roadmaps), format: format, complete: Interruption.shared.exitCode == nil),
            inputs: specs.map(\.path))
        try exitIfInterrupted()
    }
}
