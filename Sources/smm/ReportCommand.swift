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

    @Argument(help: "One or more scenario files.") var files: [String]
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var replan: ReplanOptions
    @Option(name: [.short, .customLong("output")], help: "The HTML file to write.") var output: String
    @Flag(
        help: ArgumentHelp(
            "The executive view, a page or two per scenario: summary, quarters, deadlines, the largest gaps left, "
                + "attainment and what the plan valued."))
    var brief = false

    func run() throws {
        let scenarios = try scenarioOptions.loadAll(files, progress: replan.progress)
        let roadmaps = try planning.planAll(scenarios, writingFactor: PlanFormat.html.writingFactor)
        planning.endProgress()
        try OutputOptions(output: output).emit(HTMLReport.render(roadmaps, brief: brief), inputs: files)
        try exitIfInterrupted()
    }
}
