import Dispatch
import OptimizationModel

/// The whole integer program of a scenario (`RoadmapModel`) on one MIP solve: proven optimal when
/// the solver finishes within the time limit. When it does not, the portfolio core's quarter
/// windows (`NeighbourhoodSearch`) improve its plan in the last part of the time.
struct WholeProgramEngine {
    let steps: PlanningSteps
    let solver: any MIPSolver
    let options: PlannerOptions

    /// Plans the scenario.
    /// - Parameters:
    ///   - previous: A plan of a neighbouring scenario, offered as the starting incumbent when it
    ///     is feasible here.
    ///   - explainer: Says why, when there is no plan.
    func plan(startingFrom previous: Roadmap?, explainer: InfeasibilityExplainer) throws -> Roadmap {
        let model = RoadmapModel(steps: steps)
        let assembly = RoadmapAssembly(model: model, engine: .wholeProgram, backend: solver.name)
        if model.mip.columnCount == 0 {
            // Every target is met already: the empty plan is optimal.
            return try RoadmapAssembly(model: model, engine: .none, backend: solver.name).roadmap(
                status: .optimal, quarters: [], bound: 0, conflicts: [], seconds: 0, log: "")
        }
        let clock = EngineClock()
        let granularity = ObjectiveGranularity.ofModel(steps)
        let solverLimit = options.timeLimit.map { $0 * (1 - Self.windowsShare) }
        var solveOptions = options.solveOptions(role: .wholeProgram, timeLimit: solverLimit)
        solveOptions.initialSolution = previous.flatMap { startingValues(from: $0, model: model) }
        // The solve stops once its bound, rounded to a value a plan can have, meets its plan: proven.
        solveOptions.objectiveGranularity = granularity.step
        let solution = try solver.solve(model.mip, options: solveOptions)
        switch solution.status {
        case .optimal, .feasible:
            // Every minimize-cost plan costs the sum of all steps: any plan is cost-optimal.
            let proven = solution.status == .optimal || steps.scenario.objective == .minimizeCost
            var quarters = model.quarters(from: solution.values)
            if solution.status == .feasible, let limit = options.timeLimit {
                quarters = improvedByWindows(
                    quarters, solution: solution, granularity: granularity, until: limit, clock: clock)
            }
            return try assembly.roadmap(
                status: proven ? .optimal : .feasible, quarters: quarters, bound: solution.bound,
                conflicts: [], seconds: clock.elapsed, log: solution.log)
        case .infeasible:
            let conflicts = try explainer.explainWithElasticModels(
                within: options.timeLimit.map { $0 - solution.seconds }, stop: options.stop)
            return try assembly.roadmap(
                status: .infeasible, quarters: [], bound: nil, conflicts: conflicts,
                seconds: solution.seconds, log: solution.log)
        case .noSolution:
            return try assembly.roadmap(
                status: .noPlan, quarters: [], bound: solution.bound, conflicts: [],
                seconds: solution.seconds, log: solution.log)
        }
    }

    /// Share of the time limit kept for the windows. The solver proves most small programs in well under
    /// a second, and the rest seldom in the last tenth of the time; there GLPK's search improves its plan
    /// less than the windows do: measured on the four generated programs of 2–3 systems that GLPK left
    /// 0.06–0.7% below the optimum in 20 s (docs/performance.md, "time to proof").
    static let windowsShare = 0.1

    /// The solver's unproven plan, improved by quarter windows until `limit` seconds of `clock`, or
    /// until a round of every window shape changes nothing (within a second on small programs). Not
    /// after a stop request, nor when the plan is already within the requested gap or proven by its
    /// bound rounded to the objective's granularity (the solver's stop at the proof).
    private func improvedByWindows(
        _ quarters: Schedule, solution: MIPSolution, granularity: ObjectiveGranularity, until limit: Double,
        clock: EngineClock
    ) -> Schedule {
        guard options.stop?.isStopped != true, let value = solution.objective, let bound = solution.bound else {
            return quarters
        }
        let tightened = granularity.tightened(bound)
        guard relativeGap(value, bound: tightened) > max(options.relativeGap, Tolerance.objective) else {
            return quarters
        }
        var improver = SubplanImprover(steps: steps, solver: solver)
        improver.stop = options.stop
        let before = steps.maturityValue(of: quarters)
        let improved = NeighbourhoodSearch(improver: improver).improve(
            quarters, until: limit, clock: { clock.elapsed })
        let after = steps.maturityValue(of: improved)
        guard after > before + Tolerance.objective else { return quarters }
        options.onOutput?("quarter windows improved the plan from \(before) to \(after)\n")
        return improved
    }

    /// The column values of `previous` in `model`, when it is a feasible point of it.
    private func startingValues(from previous: Roadmap, model: RoadmapModel) -> [Double]? {
        guard previous.status == .optimal || previous.status == .feasible else { return nil }
        let index = steps.indexByID()
        var quarters = Schedule(stepCount: steps.steps.count)
        for step in previous.steps {
            guard let s = index[step.id] else { return nil }
            quarters[s] = step.quarterIndex
        }
        let values = model.values(forQuarters: quarters)
        return model.mip.violations(of: values).isEmpty ? values : nil
    }
}

/// Seconds since the engine started.
private struct EngineClock {
    let started = DispatchTime.now().uptimeNanoseconds

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
}
