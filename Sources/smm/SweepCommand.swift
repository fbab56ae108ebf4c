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
                let sweep = try scenarioOptions.loader.sweep(
                    path: file, overrides: scenarioOptions.overrides, progress: replan.progress,
                    parameter: parameter, values: values)
                return try ScenarioSweep(planner: try planning.planner(), lanes: jobs, onPoint: Self.report).run(sweep)
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
