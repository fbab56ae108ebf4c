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
