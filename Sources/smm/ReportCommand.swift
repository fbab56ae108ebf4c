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

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write one self-contained HTML report: gap charts, radar, timeline, budget and effort, maturity "
            + "over time, and the comparison of several scenarios."
    )

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "One or more scenario files, each optionally labelled (a.yaml:50k) and followed by --set "
                + "key.path=value edits of its own (a --set before every file applies to all).",
            valueName: "file[:label] [--set k=v]…"))
    var scenarioWords: [String] = []
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var limits: InputLimitOptions
    @OptionGroup var replan: ReplanOptions
    @Option(name: [.short, .customLong("output")], help: "The HTML file to write.") var output: String
    @Flag(
        help: ArgumentHelp(
            "The executive view, a page or two per scenario: summary, quarters, deadlines, the largest gaps left, "
                + "attainment and what the plan valued."))
    var brief = false

    func validate() throws {
        if try ScenarioSpec.parse(scenarioWords, of: Self.self).isEmpty {
            throw ValidationError("report needs a scenario file")
        }
    }

    func run() throws {
        let specs = try ScenarioSpec.parse(scenarioWords, of: Self.self)
        let scenarios = try limits.loadAll(specs, progress: replan.progress)
        let roadmaps = try planning.planAll(scenarios, writingFactor: PlanFormat.html.writingFactor)
        planning.endProgress()
        try OutputOptions(output: output).emit(HTMLReport.render(roadmaps, brief: brief), inputs: specs.map(\.path))
        try exitIfInterrupted()
    }
}
