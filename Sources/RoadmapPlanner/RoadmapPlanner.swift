import Dispatch
import GapAnalysis
import GLPKBackend
import OptimizationModel
import ScenarioLoading

/// Options of `RoadmapPlanner`.
public struct PlannerOptions: Sendable {
    /// Seconds the solver may take (`nil`: until proven optimal).
    public var timeLimit: Double?
    /// Stop when the plan is proven within this relative gap of the optimum.
    public var relativeGap: Double
    /// Receives each line the solver prints.
    public var onOutput: (@Sendable (String) -> Void)?
    /// Receives branch-and-bound progress about once a second.
    public var onProgress: (@Sendable (SolveProgress) -> Void)?
    /// Which engine plans.
    public var engine: Engine = .automatic
    /// Polled by every engine: once stopped (Ctrl-C), planning ends with the best plan so far,
    /// reported `feasible` with its proven bound.
    public var stop: StopSignal?

    /// How a scenario is solved.
    public enum Engine: String, Sendable, CaseIterable {
        /// The whole program by GLPK up to `coreThreshold` columns, the portfolio core above.
        case automatic
        /// The whole program by GLPK's branch-and-cut: proven optimal when it finishes.
        case glpk
        /// The portfolio core: a Lagrangian bound and guided rounding, for large portfolios.
        case core
    }

    /// Columns of the integer program above which `automatic` starts with the core.
    public static let coreThreshold = 1500
    /// Columns up to which `automatic` then hands the core's plan to GLPK for the time left.
    public static let glpkPolishLimit = 5000

    public init(
        timeLimit: Double? = nil, relativeGap: Double = 0, onOutput: (@Sendable (String) -> Void)? = nil,
        onProgress: (@Sendable (SolveProgress) -> Void)? = nil, engine: Engine = .automatic
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.onOutput = onOutput
        self.onProgress = onProgress
        self.engine = engine
    }
}

/// Chooses which practice steps to take in which quarter: builds the integer program of a
/// scenario, has a backend solve it, and turns the answer into a `Roadmap`.
public struct RoadmapPlanner: Sendable {
    public let solver: any MIPSolver
    public var options: PlannerOptions

    /// - Parameters:
    ///   - solver: The backend; GLPK by default.
    ///   - options: Time limit, gap and callbacks.
    public init(solver: any MIPSolver = GLPKSolver(), options: PlannerOptions = PlannerOptions()) {
        self.solver = solver
        self.options = options
    }

    /// Plans a scenario.
    /// - Parameter scenario: A resolved scenario.
    /// - Returns: The roadmap; status `infeasible` with conflicts when no plan satisfies spec §3.
    /// - Throws: A solver error (never for infeasibility).
    public func plan(_ scenario: Scenario) throws -> Roadmap {
        try plan(scenario, startingFrom: nil)
    }

    /// Plans a scenario, offering the solver a known plan (e.g. the plan of a smaller budget) to start from.
    ///
    /// The previous plan is matched step by step (system, practice, kind, level or scope reached)
    /// and used only when it satisfies every constraint of this scenario.
    /// - Parameters:
    ///   - scenario: A resolved scenario.
    ///   - previous: A plan of a neighbouring scenario with the same systems and practices.
    public func plan(_ scenario: Scenario, startingFrom previous: Roadmap?) throws -> Roadmap {
        let started = DispatchTime.now().uptimeNanoseconds
        let steps = PlanningSteps(scenario: scenario)
        let explainer = InfeasibilityExplainer(steps: steps, solver: solver, timeLimit: options.timeLimit)
        let structural = explainer.structuralConflicts()
        let columns = steps.columnCount
        let useCore =
            options.engine == .core || (options.engine == .automatic && columns > PlannerOptions.coreThreshold)
        if structural.isEmpty, columns > 0, useCore,
            let roadmap = try planWithCore(steps, columns: columns, started: started)
        {
            return roadmap
        }
        let model = RoadmapModel(steps: steps)
        if !structural.isEmpty {
            return try RoadmapAssembly(model: model).roadmap(
                status: .infeasible, quarters: [], bound: nil,
                conflicts: structural, seconds: 0, log: "")
        }
        if model.mip.columnCount == 0 {
            // Every target is met already: the empty plan is optimal.
            return try RoadmapAssembly(model: model).roadmap(
                status: .optimal, quarters: [], bound: 0, conflicts: [],
                seconds: 0, log: "")
        }
        var solveOptions = SolveOptions(
            timeLimit: options.timeLimit, relativeGap: options.relativeGap, presolve: true,
            onOutput: options.onOutput, onProgress: options.onProgress,
            initialSolution: previous.flatMap { startingValues(from: $0, model: model) }, stop: options.stop)
        // GLPK stops once its bound, rounded to a value a plan can have, meets its plan: proven.
        solveOptions.objectiveGranularity = ObjectiveGranularity(steps: steps).step
        let solution = try solver.solve(model.mip, options: solveOptions)
        let assembly = RoadmapAssembly(model: model)
        switch solution.status {
        case .optimal, .feasible:
            // Every minimize-cost plan costs the sum of all steps: any plan is cost-optimal.
            let proven = solution.status == .optimal || scenario.objective == .minimizeCost
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

    /// The portfolio core's plan, or `nil` when it found none (then GLPK takes the whole program).
    /// - Parameter started: When planning began: building the steps counts against the time limit.
    private func planWithCore(_ steps: PlanningSteps, columns: Int, started: UInt64) throws -> Roadmap? {
        var core = PortfolioCore(steps: steps, solver: solver)
        core.relativeGap = max(options.relativeGap, 1e-9)
        core.onProgress = options.onProgress
        core.stop = options.stop
        let spent = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let timeLimit = max(0.1, (options.timeLimit ?? 60) - spent)
        // With GLPK to follow (automatic, and a program small enough that GLPK's branch-and-bound
        // gains on the core's windows), the core takes half of the time.
        let polish = options.engine == .automatic && columns <= PlannerOptions.glpkPolishLimit
        core.timeLimit = polish ? timeLimit / 2 : timeLimit
        guard let result = core.solve() else { return nil }
        options.onOutput?(
            "portfolio core: \(result.iterations) iterations, \(String(format: "%.2f", result.seconds)) s, "
                + "plan \(result.value), bound \(result.bound)\n")
        var quarters = result.quarters, value = result.value, bound = result.bound, seconds = result.seconds
        var solver = "SMM portfolio core (Lagrangian bound, guided rounding, GLPK windows)"
        var size = (rows: 0, columns: 0, nonzeros: 0)
        var log = ""
        // GLPK continues only with time left to use: the time limit holds (within GLPK's own
        // granularity), and a stop request ends planning here.
        let timeLeft = timeLimit - seconds
        if polish, timeLeft >= 0.1, options.stop?.isStopped != true,
            bound - value > options.relativeGap * max(1, abs(bound))
        {
            // GLPK's branch-and-cut from the core's plan (its incumbent, so never worse), for the time left.
            let model = RoadmapModel(steps: steps)
            do {
                // No cuts: GLPK generates them at the root without looking at the clock (measured: a
                // 1 s limit overran by 3.5 s at 50 systems), and the core's bound is already tight.
                // GLPK counts its own seconds and starts without the core's plan and bound;
                // progress goes on from them.
                var progress: (@Sendable (SolveProgress) -> Void)?
                if let report = options.onProgress {
                    let offset = seconds, coreValue = value, coreBound = bound
                    progress = { p in
                        report(
                            SolveProgress(
                                elapsedSeconds: offset + p.elapsedSeconds,
                                incumbent: max(p.incumbent ?? coreValue, coreValue),
                                bound: min(p.bound ?? coreBound, coreBound)))
                    }
                }
                var polishOptions = SolveOptions(
                    timeLimit: timeLeft, relativeGap: options.relativeGap, presolve: false,
                    onOutput: options.onOutput, onProgress: progress,
                    initialSolution: model.values(forQuarters: quarters), stop: options.stop)
                polishOptions.cuts = false
                polishOptions.objectiveGranularity = ObjectiveGranularity(steps: steps).step
                let solution = try self.solver.solve(model.mip, options: polishOptions)
                seconds += solution.seconds
                log = solution.log
                size = (model.mip.rowCount, model.mip.columnCount, model.mip.nonzeroCount)
                solver += " + GLPK \(GLPKSolver.version)"
                if let objective = solution.objective, objective > value + 1e-9 {
                    quarters = model.quarters(from: solution.values)
                    value = objective
                }
                if let glpkBound = solution.bound { bound = min(bound, max(glpkBound, value)) }
                if solution.status == .optimal { bound = value }
            } catch {
                // The core's plan stands; say why GLPK did not continue from it.
                options.onOutput?("GLPK could not continue from the core's plan: \(error)\n")
            }
        }
        // The assembly reports a plan that meets its bound as optimal; every minimize-cost plan is.
        let status: Roadmap.Status = steps.scenario.objective == .minimizeCost ? .optimal : .feasible
        let report = SolveReport(
            rows: size.rows, columns: size.columns, nonzeros: size.nonzeros, seconds: seconds, solver: solver)
        return try RoadmapAssembly(steps: steps, report: report).roadmap(
            status: status, quarters: quarters, bound: bound, conflicts: [], seconds: seconds, log: log)
    }

    /// The column values of `previous` in `model`, when it is a feasible point of it.
    private func startingValues(from previous: Roadmap, model: RoadmapModel) -> [Double]? {
        guard previous.status == .optimal || previous.status == .feasible else { return nil }
        let scenario = model.steps.scenario
        var quarterOf: [String: Int] = [:]
        for step in previous.steps {
            quarterOf["\(step.systemID)/\(step.practiceID)/\(step.kind)/\(step.to)"] = step.quarterIndex
        }
        let quarters = model.steps.steps.map { c in
            quarterOf["\(scenario.systems[c.systemIndex].id)/\(c.practiceID)/\(c.kind)/\(c.to)"]
        }
        guard quarters.compactMap({ $0 }).count == previous.steps.count else { return nil }
        let values = model.values(forQuarters: quarters)
        return model.mip.violations(of: values).isEmpty ? values : nil
    }

    /// The integer program of a scenario, for export or inspection.
    public func model(for scenario: Scenario) -> RoadmapModel {
        RoadmapModel(steps: PlanningSteps(scenario: scenario))
    }
}

/// Turns step quarters into the roadmap's steps, quarter summaries and objective.
struct RoadmapAssembly {
    let steps: PlanningSteps
    let report: SolveReport

    init(steps: PlanningSteps, report: SolveReport) {
        self.steps = steps
        self.report = report
    }

    init(model: RoadmapModel) {
        self.init(
            steps: model.steps,
            report: SolveReport(
                rows: model.mip.rowCount, columns: model.mip.columnCount, nonzeros: model.mip.nonzeroCount, seconds: 0,
                solver: "GLPK \(GLPKSolver.version)"))
    }

    /// The roadmap of a plan, verified first (`PlanVerifier`): a plan that broke a limit within
    /// the solver's tolerance is repaired and reported `feasible`; one that cannot be repaired throws.
    func roadmap(
        status: Roadmap.Status, quarters: [Int?], bound: Double?, conflicts: [Conflict], seconds: Double,
        log: String
    ) throws(PlanVerificationError) -> Roadmap {
        let scenario = steps.scenario
        let candidates = steps.steps
        var status = status, quarters = quarters, log = log
        if status == .optimal || status == .feasible {
            let verifier = PlanVerifier(steps: steps)
            let broken = verifier.violations(quarters)
            if !broken.isEmpty {
                guard let repaired = verifier.repaired(quarters) else {
                    throw PlanVerificationError(violations: broken.map(\.description))
                }
                let dropped = zip(quarters, repaired).filter { $0.0 != nil && $0.1 == nil }.count
                log +=
                    "\nplan verification: \(broken.map(\.description).joined(separator: "; ")); "
                    + "repaired by leaving out \(dropped) step\(dropped == 1 ? "" : "s")\n"
                quarters = repaired
                status = .feasible
            }
        }
        var scheduled: [(step: ScheduledStep, order: Int)] = []
        for (s, quarter) in quarters.enumerated() {
            guard let t = quarter else { continue }
            let c = candidates[s]
            scheduled.append(
                (
                    ScheduledStep(
                        systemID: scenario.systems[c.systemIndex].id, practiceID: c.practiceID,
                        kind: c.kind, from: c.from, to: c.to, quarterIndex: t,
                        quarter: scenario.quarter(t), cost: c.cost, effort: c.effort), s
                ))
        }
        // Quarter, then system, practice (catalog order), level before scope, lowest first: the candidate order.
        scheduled.sort { ($0.step.quarterIndex, $0.order) < ($1.step.quarterIndex, $1.order) }
        let steps = scheduled.map(\.step)
        let value: Double? = status == .optimal || status == .feasible ? objective(of: quarters) : nil
        // A maximize-maturity bound rounded down to a value a plan can have; when that meets the
        // plan, the plan is proven optimal.
        let bound = bound.map { max(ObjectiveGranularity(steps: self.steps).tightened($0), value ?? -.infinity) }
        if status == .feasible, let value, let bound, bound - value <= 1e-9 * max(1, abs(bound)) { status = .optimal }
        let roadmap = Roadmap(
            scenario: scenario, status: status, objectiveValue: value,
            bound: status == .optimal ? value : bound, steps: steps, quarters: [], conflicts: conflicts,
            report: SolveReport(
                rows: report.rows, columns: report.columns, nonzeros: report.nonzeros, seconds: seconds,
                solver: report.solver),
            solverLog: log)
        return Roadmap(
            scenario: scenario, status: status, objectiveValue: value, bound: roadmap.bound, steps: steps,
            quarters: summaries(roadmap), conflicts: conflicts, report: roadmap.report, solverLog: log)
    }

    /// Spec §3: Σ value × (H − t + 1) for maximize-maturity, Σ cost for minimize-cost.
    private func objective(of quarters: [Int?]) -> Double {
        guard steps.scenario.objective == .maximizeMaturity else {
            return zip(steps.steps, quarters).reduce(0) { $0 + ($1.1 == nil ? 0 : $1.0.cost) }
        }
        return steps.maturityValue(of: quarters)
    }

    private func summaries(_ roadmap: Roadmap) -> [QuarterSummary] {
        let scenario = steps.scenario
        var carried = 0.0
        // Attainment per quarter without a gap analysis per quarter (quadratic on portfolios): a
        // plan's level steps never pass a target, so each adds one reached level.
        let start = GapAnalysis(scenario: scenario).portfolio
        var levelStepsThrough = [Int](repeating: 0, count: scenario.horizon + 1)
        for step in roadmap.steps where step.kind == .level { levelStepsThrough[step.quarterIndex] += 1 }
        for t in 1...scenario.horizon { levelStepsThrough[t] += levelStepsThrough[t - 1] }
        return (1...scenario.horizon).map { t in
            let inQuarter = roadmap.steps.filter { $0.quarterIndex == t }
            let spend = inQuarter.reduce(0) { $0 + $1.cost }
            let budget = scenario.budget.quarterly[t - 1]
            let available = scenario.budget.carryOver ? budget + carried : budget
            carried = scenario.budget.carryOver ? available - spend : 0
            return QuarterSummary(
                index: t, quarter: scenario.quarter(t), budget: budget, available: available,
                spend: spend, effort: inQuarter.reduce(0) { $0 + $1.effort },
                effortCapacity: scenario.effortCapacity?[t - 1],
                attainment: GapRollup.attainment(
                    reached: start.reachedLevels + levelStepsThrough[t],
                    targeted: start.targetedLevels))
        }
    }
}
