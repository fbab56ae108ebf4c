import OptimizationModel

/// The whole integer program of a scenario (`RoadmapModel`) on one MIP solve: proven optimal when
/// the solver finishes within the time limit.
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
        var solveOptions = options.solveOptions(role: .wholeProgram, timeLimit: options.timeLimit)
        solveOptions.initialSolution = previous.flatMap { startingValues(from: $0, model: model) }
        // The solve stops once its bound, rounded to a value a plan can have, meets its plan: proven.
        solveOptions.objectiveGranularity = ObjectiveGranularity.ofModel(steps).step
        let solution = try solver.solve(model.mip, options: solveOptions)
        switch solution.status {
        case .optimal, .feasible:
            // Every minimize-cost plan costs the sum of all steps: any plan is cost-optimal.
            let proven = solution.status == .optimal || steps.scenario.objective == .minimizeCost
            return try assembly.roadmap(
                status: proven ? .optimal : .feasible,
                quarters: model.quarters(from: solution.values), bound: solution.bound,
                conflicts: [], seconds: solution.seconds, log: solution.log)
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
