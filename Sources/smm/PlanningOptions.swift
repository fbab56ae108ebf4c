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

/// Options of every command that plans: time limit, gap, solver output, progress.
struct PlanningOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Seconds the whole command may take: reading, planning and writing (0: no limit). Planning stops in "
                + "time to write the best plan found, with its proven gap.")
    )
    var timeLimit: Double = 60
    @Option(help: "Stop when a plan is proven within this relative gap of the optimum (e.g. 0.01).")
    var gap: Double = 0
    @Flag(name: .shortAndLong, help: "Show GLPK's output on standard error.") var verbose = false
    @Flag(
        name: .shortAndLong,
        help: "No progress on standard error (when it is not a terminal, a line at the first plan and every 10 s).")
    var quiet = false
    @Option(
        help: "automatic (GLPK up to \(PlannerOptions.coreThreshold) columns, the portfolio core above), glpk or core.")
    var engine: PlannerOptions.Engine = .automatic

    @Option(
        help: ArgumentHelp(
            "With HiGHS: both (the default: two lanes raced), taken-in or done-by (one lane).",
            visibility: .hidden))
    var formulation: FormulationChoice = .both

    enum FormulationChoice: String, ExpressibleByArgument {
        case both
        case takenIn = "taken-in"
        case doneBy = "done-by"
    }

    func validate() throws {
        if !(timeLimit >= 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit must be a number of seconds, at least 0")
        }
        if !(gap >= 0 && gap.isFinite) { throw ValidationError("--gap must be a number at least 0") }
    }

    /// A planner with these options; progress goes to stderr when it is a terminal and GLPK is not verbose.
    /// - Parameter budget: How `--time-limit` is shared (`nil`: each solve gets it whole, as a
    ///   sweep's points do).
    func planner(within budget: PlanningTimeBudget? = nil) throws -> RoadmapPlanner {
        var seconds = timeLimit > 0 ? timeLimit : nil
        if let budget {
            do throws(PlanningTimeBudget.TooShort) { seconds = try budget.secondsPerPlan() } catch {
                printError(error.description)
                throw ExitStatus.invalidInput
            }
        }
        var options = PlannerOptions(timeLimit: seconds, relativeGap: gap, engine: engine)
        switch formulation {
        case .both: break
        case .takenIn: options.proverFormulations = [.takenIn]
        case .doneBy: options.proverFormulations = [.doneBy]
        }
        options.stop = Interruption.shared.stop
        if verbose {
            printError(Backends.summary(detailed: true))
            options.onOutput = { @Sendable line in printError(line) }
        } else if isatty(STDERR_FILENO) == 1 {
            options.onProgress = { @Sendable p in ProgressLine.shared.show(p) }
        } else if !quiet {
            // A log or a CI job sees a line when the first plan is found, then one every 10 s:
            // silence for a minute reads as a hang.
            options.onProgress = { @Sendable p in PlainProgress.shared.show(p) }
        }
        // `--engine glpk` is GLPK alone; otherwise HiGHS, when found, proves whole programs.
        let provers = engine == .wholeProgram ? [] : Backends.provers
        return RoadmapPlanner(solver: GLPKSolver(), provers: provers, options: options)
    }

    /// The share of `--time-limit` for `plans` plans whose output costs `writingFactor` × reading.
    func budget(plans: Int = 1, writingFactor: Double = 1) -> PlanningTimeBudget {
        PlanningTimeBudget(limit: timeLimit, plans: plans, writingFactor: writingFactor)
    }

    /// Plans every scenario, sharing the time limit; a solver failure names the file and exits 1.
    func planAll(_ scenarios: [Scenario], writingFactor: Double = 1) throws -> [Roadmap] {
        let planner = try planner(within: budget(plans: scenarios.count, writingFactor: writingFactor))
        return try scenarios.map { scenario in
            do { return try Interruption.shared.planning { try planner.plan(scenario) } } catch {
                printError("\(scenario.source): \(error)")
                throw ExitCode.failure
            }
        }
    }

    /// Clears the progress line, if one was drawn, before the report is printed.
    func endProgress() {
        ProgressLine.shared.finish()
    }
}

extension PlannerOptions.Engine: ExpressibleByArgument {}
