import ArgumentParser
import Foundation
import GLPKBackend
import MaturityModel
import OptimizationModel
import Reports
import RoadmapPlanner
import ScenarioLoading
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

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan several scenarios and show them side by side.",
        discussion:
            "Status, cost, objective, maturity per domain and subdomain, attainment per quarter, the quarter "
            + "each target is reached and the steps that differ."
    )

    @Argument(
        help: ArgumentHelp(
            "Two or more scenario files, each optionally labelled (a.yaml:50k) and followed by "
                + "--set edits of its own.", valueName: "file[:label] [--set k=v]…"))
    var files: [String]
    @Option(name: .shortAndLong, help: "table, markdown, json or csv.") var format: ReportFormat?
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var replan: ReplanOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if files.count < 2 { throw ValidationError("compare needs at least two scenario files") }
    }

    func run() throws {
        let scenarios = try scenarioOptions.loadAll(files, progress: replan.progress)
        let roadmaps = try planning.planAll(scenarios)
        let format = try outputOptions.format(self.format, markdown: ReportFormat.markdown, table: .table)
        planning.endProgress()
        try outputOptions.emit(
            ComparisonReport.render(
                PlanComparison(roadmaps: roadmaps), format: format, complete: Interruption.shared.exitCode == nil),
            inputs: files)
        try exitIfInterrupted()
    }
}

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Plan a scenario over a range of budgets (or totals, or horizons): the budget-versus-maturity frontier.",
        discussion: """
            --budget A...B sets budget.quarterly (the same amount every quarter); --total A...B sets budget.total; \
            --horizon A...B sets quarters. Two points are planned at once on a machine with two cores or more \
            (when each is planned whole, on one thread); each budget point starts from the plan of the \
            point planned before it on the same thread, a smaller budget.
            """)

    @Argument(help: "The scenario file.") var file: String
    @Option(help: ArgumentHelp("Range of the quarterly budget.", valueName: "A...B")) var budget: String?
    @Option(help: ArgumentHelp("Range of the total budget.", valueName: "A...B")) var total: String?
    @Option(help: ArgumentHelp("Range of the horizon in quarters.", valueName: "A...B")) var horizon: String?
    @Option(help: "Number of points, evenly spaced, ends included.") var steps: Int = 5
    @Option(
        help: ArgumentHelp(
            "Points planned at once (default: 2 with two cores or more, when each point is planned whole).",
            valueName: "n"))
    var jobs: Int?
    @Option(name: .shortAndLong, help: "table, markdown, json or csv.") var format: ReportFormat?
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var replan: ReplanOptions
    @OptionGroup var outputOptions: OutputOptions

    func parsed() throws -> (SweepParameter, Double, Double) {
        let given = [(SweepParameter.quarterlyBudget, budget), (.totalBudget, total), (.horizon, horizon)].filter {
            $0.1 != nil
        }
        guard given.count == 1, let (parameter, text) = given.first, let range = text else {
            throw ValidationError("give exactly one of --budget, --total or --horizon, as A...B")
        }
        let parts = range.replacingOccurrences(of: "...", with: "..").components(separatedBy: "..")
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a.isFinite, b.isFinite, a >= 0,
            b >= a
        else {
            throw ValidationError("'\(range)' is not a range A...B of numbers with 0 <= A <= B")
        }
        if parameter == .horizon, a < 1 || b > Double(ScenarioLoader.maximumQuarters) {
            throw ValidationError("--horizon must lie within 1...\(ScenarioLoader.maximumQuarters)")
        }
        return (parameter, a, b)
    }

    func validate() throws {
        _ = try parsed()
        if steps < 1 || steps > 200 { throw ValidationError("--steps must be between 1 and 200") }
        if let jobs, jobs < 1 || jobs > 64 { throw ValidationError("--jobs must be between 1 and 64") }
    }

    func run() throws {
        let (parameter, a, b) = try parsed()
        let values = ScenarioSweep.values(from: a, to: b, count: steps, parameter: parameter)
        let points: [SweepPoint]
        do {
            points = try Interruption.shared.planning {
                try ScenarioSweep(planner: try planning.planner(), lanes: jobs, onPoint: Self.report).run(
                    path: file, overrides: scenarioOptions.overrides, progress: replan.progress,
                    parameter: parameter, values: values, loader: scenarioOptions.loader)
            }
        } catch let error as ScenarioError {
            printError(error.description)
            throw ExitStatus.invalidInput
        } catch {
            printError("\(file): \(error)")
            throw ExitCode.failure
        }
        planning.endProgress()
        let format = try outputOptions.format(self.format, markdown: ReportFormat.markdown, table: .table)
        let complete = Interruption.shared.exitCode == nil && points.count == values.count
        try outputOptions.emit(
            SweepReport.render(
                points, parameter: parameter, format: format, complete: complete, requested: values.count),
            inputs: [file])
        try exitIfInterrupted()
    }

    /// One line on stderr per point planned: a sweep of eleven hard points takes minutes, and the
    /// user sees which points are proven as they come.
    @Sendable static func report(_ point: SweepPointProgress) {
        ProgressLine.shared.finish()
        let roadmap = point.roadmap
        var line = "point \(point.number)/\(point.count) (\(formatAmount(point.value))): \(roadmap.status.rawValue)"
        if let value = roadmap.objectiveValue { line += " \(formatAmount(value))" }
        if roadmap.status == .feasible, let gap = roadmap.gap {
            line += String(format: " (gap %.3f%%)", gap * 100)
        }
        printError(line + String(format: " in %.1f s", roadmap.report.seconds))
    }
}

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

extension PlannerOptions.Engine: ExpressibleByArgument {}

/// The best plan, the bound and the gap of a progress report, each after `separator`.
func progressFigures(_ p: SolveProgress, separator: String) -> String {
    var text = separator + (p.incumbent.map { "best plan \(formatAmount($0))" } ?? "no plan yet")
    if let bound = p.bound {
        text += separator + "bound \(formatAmount(bound))"
        if let incumbent = p.incumbent {
            text += separator + String(format: "gap %.3f%%", relativeGap(incumbent, bound: bound) * 100)
        }
    }
    return text
}

/// Progress as plain lines, for a standard error that is not a terminal: one when the first plan
/// is found, then one every 10 s.
final class PlainProgress: Sendable {
    static let shared = PlainProgress()
    static let interval = 10.0
    private let state = Mutex<(sawPlan: Bool, last: Double)>((false, 0))

    func show(_ p: SolveProgress) {
        let line: String? = state.withLock { state in
            if !state.sawPlan, let incumbent = p.incumbent {
                state.sawPlan = true
                state.last = p.elapsedSeconds
                return String(format: "planning: first plan after %.1f s, value ", p.elapsedSeconds)
                    + formatAmount(incumbent)
            }
            guard p.elapsedSeconds - state.last >= Self.interval else { return nil }
            state.last = p.elapsedSeconds
            return String(format: "planning: %.0f s", p.elapsedSeconds) + progressFigures(p, separator: ", ")
        }
        if let line { printError(line) }
    }
}

/// One line of branch-and-bound progress on a terminal, rewritten at most once a second.
final class ProgressLine: @unchecked Sendable {
    static let shared = ProgressLine()
    private let lock = NSLock()
    private var last = -1.0
    private var drawn = false

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { try? StandardStream.write("\r\u{1B}[K", to: STDERR_FILENO) }
        drawn = false
        last = -1
    }

    func show(_ p: SolveProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard p.elapsedSeconds - last >= 1 else { return }
        last = p.elapsedSeconds
        let text = String(format: "\r%6.1f s", p.elapsedSeconds) + progressFigures(p, separator: "  ")
        drawn = true
        try? StandardStream.write(text + "   ", to: STDERR_FILENO)
    }
}
