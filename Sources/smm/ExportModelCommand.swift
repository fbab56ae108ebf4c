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
    @Option(
        help: ArgumentHelp(
            "Write the program of this stakeholder's ideal plan instead (its values; every rule and budget).",
            valueName: "party")) var ideal: String?
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var replan: ReplanOptions

    func run() throws {
        let scenario = try scenarioOptions.load(file, progress: replan.progress)
        let planner = RoadmapPlanner(solver: GLPKSolver())
        var party: Int?
        if let ideal {
            party = scenario.stakeholders.firstIndex { $0.id == ideal }
            guard party != nil else {
                let known = scenario.stakeholders.map(\.id)
                let hint = Suggestion.closest(to: ideal, in: known).map { "; did you mean \($0)?" } ?? ""
                printError(
                    "\(file): --ideal \(SafeText.excerpt(ideal)): no such stakeholder ("
                        + (known.isEmpty
                            ? "the scenario has none" : "its stakeholders: " + known.joined(separator: ", "))
                        + ")" + hint)
                throw ExitCode.failure
            }
        }
        let model = planner.model(for: scenario, idealOf: party)
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
