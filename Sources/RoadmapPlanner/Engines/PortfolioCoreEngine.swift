import Dispatch
import OptimizationModel
import Roadmaps

/// The portfolio core (`PortfolioCore`), then, for programs small enough that the MIP solver's
/// branch-and-bound gains on the core's windows, the whole program on the MIP solver from the
/// core's plan for the time left (the polish).
struct PortfolioCoreEngine {
    let problem: PlanningProblem
    let solver: any MIPSolver
    let options: PlannerOptions
    /// Whether the polish follows the core.
    let polish: Bool

    /// The core's (and the polish's) plan, or `nil` when the core found none.
    /// - Parameter started: When planning began: building the steps counts against the time limit.
    func plan(started: UInt64) throws -> Roadmap? {
        var core = PortfolioCore(problem: problem, solver: solver)
        core.relativeGap = max(options.relativeGap, Tolerance.objective)
        core.onProgress = options.onProgress
        core.stop = options.stop
        core.pricingPayments = options.corePricesPayments
        let spent = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let timeLimit = max(0.1, (options.timeLimit ?? 60) - spent)
        // With the polish to follow, the core takes half of the time.
        core.timeLimit = polish ? timeLimit / 2 : timeLimit
        guard let result = core.solve() else { return nil }
        options.onOutput?(
            "portfolio core: \(result.iterations) iterations, \(String(format: "%.2f", result.seconds)) s, "
                + "plan \(result.value), bound \(result.bound)\n")
        var outcome = Outcome(
            quarters: result.quarters, value: result.value, bound: result.bound, seconds: result.seconds,
            engine: .portfolioCore)
        // The polish runs only with time left to use: the time limit holds, and a stop request
        // ends planning here.
        let timeLeft = timeLimit - outcome.seconds
        if polish, timeLeft >= 0.1, options.stop?.isStopped != true,
            relativeGap(outcome.value, bound: outcome.bound) > options.relativeGap
        {
            polishOutcome(&outcome, timeLeft: timeLeft)
        }
        // The assembly reports a plan that meets its bound as optimal; every minimize-cost plan is.
        let status: Roadmap.Status = problem.scenario.objective == .minimizeCost ? .optimal : .feasible
        let report = SolveReport(
            rows: outcome.size.rows, columns: outcome.size.columns, nonzeros: outcome.size.nonzeros,
            seconds: outcome.seconds, engine: outcome.engine, backend: solver.name)
        return try RoadmapAssembly(problem: problem, report: report).roadmap(
            status: status, quarters: outcome.quarters, bound: outcome.bound, conflicts: [],
            seconds: outcome.seconds, log: outcome.log)
    }

    /// The plan so far, its bound and what it took.
    private struct Outcome {
        var quarters: Schedule
        var value: Double
        var bound: Double
        var seconds: Double
        var engine: PlanningEngine
        var size = (rows: 0, columns: 0, nonzeros: 0)
        var log = ""
    }

    /// The whole program's branch-and-cut from the core's plan (its incumbent, so never worse),
    /// for the time left. The solver counts its own seconds and starts without the core's plan and
    /// bound; progress goes on from them.
    private func polishOutcome(_ outcome: inout Outcome, timeLeft: Double) {
        let model = RoadmapModel(problem: problem)
        var progress: (@Sendable (SolveProgress) -> Void)?
        if let report = options.onProgress {
            let offset = outcome.seconds, coreValue = outcome.value, coreBound = outcome.bound
            progress = { p in
                report(
                    SolveProgress(
                        elapsedSeconds: offset + p.elapsedSeconds,
                        incumbent: max(p.incumbent ?? coreValue, coreValue),
                        bound: min(p.bound ?? coreBound, coreBound)))
            }
        }
        var polishOptions = options.solveOptions(role: .polish, timeLimit: timeLeft)
        polishOptions.onProgress = progress
        polishOptions.initialSolution = model.values(forQuarters: outcome.quarters)
        polishOptions.objectiveGranularity = problem.modelGranularity.step
        do {
            let solution = try solver.solve(model.mip, options: polishOptions)
            outcome.seconds += solution.seconds
            outcome.log = solution.log
            outcome.size = (model.mip.rowCount, model.mip.columnCount, model.mip.nonzeroCount)
            outcome.engine = .portfolioCoreAndPolish
            if let objective = solution.objective, objective > outcome.value + Tolerance.objective {
                outcome.quarters = model.quarters(from: solution.values)
                outcome.value = objective
            }
            if let bound = solution.bound { outcome.bound = min(outcome.bound, max(bound, outcome.value)) }
            if solution.status == .optimal { outcome.bound = outcome.value }
        } catch {
            // The core's plan stands; say why the solver did not continue from it.
            options.onOutput?("\(solver.name) could not continue from the core's plan: \(error)\n")
        }
    }
}
