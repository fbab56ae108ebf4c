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
                    + "\(s.dependencies.count) dependenc\(s.dependencies.count == 1 ? "y" : "ies")\(initiatives)"
                    + (s.stakeholders.isEmpty
                        ? ""
                        : ", \(s.stakeholders.count) stakeholders agreeing by \(s.agreement?.rule.rawValue ?? "max-min")")
            )
            printWarnings(s)
        }
        if failed { throw ExitStatus.invalidInput }
    }
}
