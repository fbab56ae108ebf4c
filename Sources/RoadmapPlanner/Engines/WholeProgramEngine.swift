import Dispatch
import OptimizationModel
import Roadmaps

/// The whole integer program of a scenario (`RoadmapModel`) on the MIP solver: proven optimal when
/// the solver finishes within the time limit. One search alone (`engineSearch`) searches the plain
/// program for `plainNodeLimit` nodes, then the money limits' flows (`KnapsackFlows`) when their
/// LP is much tighter, else the plain program again. Two searches (`race`, the default) are the
/// plain program's, start to end, and the solver's other search, which goes on after its first
/// `plainNodeLimit` nodes as one search alone would. A plan still not proven is improved by the
/// portfolio core's quarter windows (`NeighbourhoodSearch`) in the last part of the time.
struct WholeProgramEngine {
    let problem: PlanningProblem
    let solver: any MIPSolver
    let options: PlannerOptions
    /// Backends that prove these programs sooner than `solver` (`RoadmapPlanner.provers`): when
    /// there is one, it searches the whole program (`ProverRace`) and `solver` keeps the windows.
    var provers: [any MIPSolver] = []

    /// Plans the scenario.
    /// - Parameters:
    ///   - previous: A plan of a neighbouring scenario, offered as the starting incumbent when it
    ///     is feasible here.
    ///   - explainer: Says why, when there is no plan.
    func plan(startingFrom previous: Roadmap?, explainer: InfeasibilityExplainer) throws -> Roadmap {
        let model = RoadmapModel(problem: problem)
        let assembly = RoadmapAssembly(
            model: model, engine: .wholeProgram, backend: provers.first?.name ?? solver.name)
        if model.mip.columnCount == 0 {
            // Every target is met already: the empty plan is optimal.
            return try RoadmapAssembly(model: model, engine: .none, backend: solver.name).roadmap(
                status: .optimal, quarters: [], bound: 0, conflicts: [], seconds: 0, log: "")
        }
        let clock = EngineClock()
        let granularity = problem.modelGranularity
        let solverLimit = options.timeLimit.map { $0 * (1 - Self.windowsShare) }
        var solveOptions = options.solveOptions(role: .wholeProgram, timeLimit: solverLimit)
        solveOptions.initialSolution = previous.flatMap { startingValues(from: $0, model: model) }
        // The solve stops once its bound, rounded to a value a plan can have, meets its plan: proven.
        solveOptions.objectiveGranularity = granularity.step
        let solution = try search(model, options: solveOptions, until: solverLimit, clock: clock)
        switch solution.status {
        case .optimal, .feasible:
            // Every minimize-cost plan costs the sum of all steps: any plan is cost-optimal.
            let proven = solution.status == .optimal || problem.scenario.objective == .minimizeCost
            var quarters = model.quarters(from: solution.values)
            if solution.status == .feasible, let limit = options.timeLimit {
                quarters = improvedByWindows(
                    quarters, solution: solution, granularity: granularity, until: limit, clock: clock)
            }
            quarters = preferringDeadlineSlack(quarters, clock: clock)
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

    /// The program searched alone, as `plan` searches it before its windows: the prover's race
    /// when there is a prover, else the solver's race or its one search. What the agreement's
    /// proofs run their programs of one party's value (with value floors) on.
    /// - Parameter start: A plan of the program to start from.
    func search(timeLimit: Double?, start: Schedule? = nil) throws -> (model: RoadmapModel, solution: MIPSolution) {
        let model = RoadmapModel(problem: problem)
        var solveOptions = options.solveOptions(role: .wholeProgram, timeLimit: timeLimit)
        solveOptions.objectiveGranularity = problem.modelGranularity.step
        solveOptions.initialSolution = start.map { model.values(forQuarters: $0) }
        let solution = try search(model, options: solveOptions, until: timeLimit, clock: EngineClock())
        // A plan its bound meets once rounded to the granularity is proven: said so, as `plan` does.
        guard solution.status == .feasible, let value = solution.objective, let bound = solution.bound,
            problem.modelGranularity.proves(value, bound: bound)
        else { return (model, solution) }
        return (
            model,
            MIPSolution(
                status: .optimal, values: solution.values, objective: value, bound: value,
                relaxationObjective: solution.relaxationObjective, seconds: solution.seconds, log: solution.log,
                nodes: solution.nodes, effort: solution.effort, planEffort: solution.planEffort)
        )
    }

    private func search(
        _ model: RoadmapModel, options solveOptions: SolveOptions, until limit: Double?, clock: EngineClock
    ) throws -> MIPSolution {
        let granularity = problem.modelGranularity
        let programs = Programs(plain: model, granularity: granularity)
        if let prover = provers.first {
            return try proverSearch(prover, model: model, granularity: granularity, options: solveOptions)
        } else if options.searchLanes >= 2 {
            return try race(programs, options: solveOptions, until: limit, clock: clock)
        }
        return try engineSearch(
            programs, options: solveOptions, until: limit, clock: clock, ceiling: nil, search: .alone
        ).solution
    }

    /// The prover's race (`ProverRace`): a proven plan is the same on every run; an unproven one
    /// depends on where the time limit stopped the lanes, and the log says so.
    private func proverSearch(
        _ prover: any MIPSolver, model: RoadmapModel, granularity: ObjectiveGranularity, options: SolveOptions
    ) throws -> MIPSolution {
        // The same columns as `model`, without the symmetry rows: HiGHS finds the symmetry itself.
        let plain = RoadmapModel(problem: problem, symmetryRows: false)
        let race = ProverRace(
            prover: prover, plain: plain, granularity: granularity, formulations: self.options.proverLanes)
        let solution = try race.run(options: options).solution
        guard solution.status == .feasible || solution.status == .noSolution, !race.settles(solution) else {
            return solution
        }
        let line = "not proven within the time limit: another run may end with another plan\n"
        options.onOutput?(line)
        return solution.replacing(log: solution.log + line)
    }

    /// The programs of one scenario the searches run on.
    private struct Programs {
        /// The integer program of spec §3.
        let plain: RoadmapModel
        let granularity: ObjectiveGranularity

        /// Whether a solve settled the program: infeasible, or a plan that is optimal or whose
        /// bound, rounded to the objective's granularity, meets its value.
        func settles(_ solution: MIPSolution) -> Bool {
            if solution.status == .optimal || solution.status == .infeasible { return true }
            guard let value = solution.objective, let bound = solution.bound else { return false }
            return granularity.proves(value, bound: bound)
        }

        /// How a search of these programs ended, for `SearchRace`.
        func finish(_ solution: MIPSolution, nodes: Int) -> SearchRace.Finish {
            SearchRace.Finish(solution: solution, proven: settles(solution), effort: nodes)
        }
    }

    /// The engine's search: the plain program for `plainNodeLimit` nodes, then (`continueSearch`)
    /// the flows, when their LP is tighter than that search's bound by `flowGain`, or the plain
    /// program again. Under `ceiling`, when it races (`SearchRace`). Its own lines (the choice of
    /// the flows) go to `say`, by default where the solver's go.
    private func engineSearch(
        _ programs: Programs, options: SolveOptions, until limit: Double?, clock: EngineClock, ceiling: EffortCeiling?,
        flowGain: Double = Self.flowGain, search: PlanningEvent.Search, say: (@Sendable (String) -> Void)? = nil
    ) throws -> SearchRace.Finish {
        // The program with the money limits' flows (`KnapsackFlows`), built on this search's own
        // thread: only this search uses it, and in a race the other one need not wait for it.
        let flowModel = RoadmapModel(problem: problem, knapsackFlows: true)
        let hasFlows = !(flowModel.flows?.graphs.isEmpty ?? true)
        var options = options
        options.effortCeiling = ceiling
        if hasFlows { options.nodeLimit = Self.plainNodeLimit }
        var solution = try solver.solve(programs.plain.mip, options: options)
        var nodes = solution.effort ?? 0
        if hasFlows, solution.status == .feasible || solution.status == .noSolution,
            !programs.settles(solution), options.stop?.isStopped != true,
            nodes < ceiling?.value ?? Int.max
        {
            (solution, nodes) = try continueSearch(
                after: solution, nodes: nodes, plainModel: programs.plain, flowModel: flowModel,
                options: options, until: limit, clock: clock, flowGain: flowGain, search: search,
                say: say ?? options.onOutput)
        }
        return programs.finish(solution, nodes: nodes)
    }

    /// The race's first lane: GLPK's search of the plain program, start to end (the search that
    /// `engineSearch` interrupts after `plainNodeLimit` nodes and then repeats; here nothing repeats).
    private func plainSearch(_ programs: Programs, options: SolveOptions, ceiling: EffortCeiling, target: PlanTarget)
        throws -> SearchRace.Finish
    {
        var options = options
        options.effortCeiling = ceiling
        options.planTarget = target
        let solution = try solver.solve(programs.plain.mip, options: options)
        return programs.finish(solution, nodes: solution.effort ?? 0)
    }

    /// The race's second lane: the engine's search (`engineSearch`) by the solver's other search
    /// (`SolveOptions.searchPath` `.alternative`), which may go on with the flows (from a smaller gain,
    /// `raceFlowGain`, than alone: the first lane still searches the plain program).
    private func otherSearch(
        _ programs: Programs, options: SolveOptions, until limit: Double?, clock: EngineClock, ceiling: EffortCeiling,
        target: PlanTarget
    ) throws -> SearchRace.Finish {
        var options = options
        options.searchPath = .alternative
        options.planTarget = target
        // GLPK's lines would interleave with the first lane's: they are kept for its log only. The
        // engine's one line (whether it goes on with the flows) is shown, named.
        let onOutput = options.onOutput
        options.onOutput = nil
        options.onProgress = nil
        return try engineSearch(
            programs, options: options, until: limit, clock: clock, ceiling: ceiling, flowGain: Self.raceFlowGain,
            search: .other, say: onOutput.map { show in { @Sendable line in show("the other search: " + line) } })
    }

    /// Both searches at once, on two threads (`SearchRace`): the answer of the one that proves its
    /// plan with fewer nodes, or, when neither does in the time, the better plan and the tighter bound.
    private func race(_ programs: Programs, options: SolveOptions, until limit: Double?, clock: EngineClock)
        throws -> MIPSolution
    {
        let engine = self
        let (winner, finishes) = try SearchRace.run(
            [
                { ceiling, target in
                    try engine.plainSearch(programs, options: options, ceiling: ceiling, target: target)
                },
                { ceiling, target in
                    try engine.otherSearch(
                        programs, options: options, until: limit, clock: clock, ceiling: ceiling, target: target)
                },
            ], weights: Self.raceWeights)
        let first = finishes[0]!.solution
        guard let second = finishes[1]?.solution else { return first }
        let names = ["the plain search", "the other search"]
        let summary = finishes.indices.map { i in
            let finish = finishes[i]!
            let proof = finish.proven ? "proved its plan" : "did not prove its plan"
            let node = finish.planEffort.map(String.init) ?? "?"
            let found = finish.solution.objective.map { " (its plan, \($0), found by node \(node))" } ?? ""
            return "\(names[i]) \(proof) after \(finish.effort) nodes" + found
        }
        let line =
            "two searches raced on two threads: " + summary.joined(separator: "; ") + "; the plan is "
            + (winner.map { "that of \(names[$0])" } ?? "the better one") + "\n"
        options.onOutput?(line)
        let log = first.log + line + "--- " + names[1] + " ---\n" + second.log
        let searches: [PlanningEvent.Search] = [.plain, .other]
        if let winner {
            let proof = finishes[winner]!.solution
            let lane = SearchRace.planLane(
                winner: winner, finishes: finishes, weights: Self.raceWeights, sameValue: Self.sameValue)
            let plan = finishes[lane]!.solution
            if lane != winner {
                options.onOutput?("its plan: that of \(names[lane]), found earlier, of the same value\n")
            }
            self.options.onEvent?(.raceEnded(winner: searches[winner], planOf: searches[lane]))
            return MIPSolution(
                status: proof.status, values: plan.values, objective: plan.objective, bound: proof.bound,
                relaxationObjective: first.relaxationObjective, seconds: clock.elapsed, log: log,
                nodes: proof.nodes, planEffort: plan.planEffort)
        }
        self.options.onEvent?(.raceEnded(winner: nil, planOf: nil))
        return Self.combining(first, second, bounds: [], sense: programs.plain.mip.sense, seconds: clock.elapsed)
            .replacing(seconds: clock.elapsed, log: log)
    }

    /// `quarters`, or among plans of the same value one that meets deadlines earlier
    /// (`DeadlineSlack`; spec §3 leaves the choice open). Says in the log how many swaps it made.
    private func preferringDeadlineSlack(_ quarters: Schedule, clock: EngineClock) -> Schedule {
        let started = clock.elapsed
        let widened = DeadlineSlack(problem: problem).widened(quarters)
        // Each swap moves a due step earlier and a step without a deadline later.
        let swaps = zip(widened, quarters).filter { $0 != $1 }.count / 2
        let milliseconds = ((clock.elapsed - started) * 1000).rounded()
        options.onOutput?(
            "deadline slack: \(swaps) \(swaps == 1 ? "swap" : "swaps") moved due steps earlier (\(milliseconds) ms)\n")
        return widened
    }

    /// The other search's nodes count twice: it wins only when it proves with fewer than half the
    /// nodes of the plain search, whose plan is the one GLPK alone would give. Where only the other
    /// proves (the programs it was added for, and those the flows prove), it wins all the same.
    static let raceWeights = [1, 2]

    /// Whether two searches' plans have the same objective value (`SearchRace.planLane`).
    static func sameValue(_ a: MIPSolution, _ b: MIPSolution) -> Bool {
        guard let x = a.objective, let y = b.objective else { return false }
        return Tolerance.sameObjective(x, y)
    }

    /// Nodes of GLPK's search on the plain program before the engine looks at the flows. The plain
    /// program's nodes are fast, and it proves most small programs within a few hundred; a node
    /// count, unlike a time, makes the same choice on every run and machine.
    static let plainNodeLimit = 1_000

    /// The search after `plainNodeLimit` nodes of the plain program, for the rest of the solver's
    /// time, from the plain search's plan: on the program with the money limits' flows
    /// (`KnapsackFlows`) when their LP alone is much tighter than the plain search's bound, else the
    /// plain search again from its start. The answer carries the better plan, the tightest bound (all hold) and every log.
    private func continueSearch(
        after plain: MIPSolution, nodes: Int, plainModel: RoadmapModel, flowModel: RoadmapModel,
        options: SolveOptions, until limit: Double?, clock: EngineClock, flowGain: Double,
        search: PlanningEvent.Search, say: (@Sendable (String) -> Void)?
    ) throws -> (MIPSolution, nodes: Int) {
        let remaining = { limit.map { max(0.01, $0 - clock.elapsed) } }
        var nodes = nodes
        var flowOptions = options
        flowOptions.role = .extendedFormulation
        // The flows' program is searched by its own settings, whichever search led to it.
        flowOptions.searchPath = .usual
        flowOptions.nodeLimit = nil
        flowOptions.initialSolution = nil
        flowOptions.effortOffset = nodes
        if !plain.values.isEmpty {
            let values = flowModel.values(forQuarters: plainModel.quarters(from: plain.values))
            if flowModel.mip.violations(of: values).isEmpty { flowOptions.initialSolution = values }
        }
        // The flows' LP alone, against the plain search's bound after its nodes.
        var rootOptions = flowOptions
        rootOptions.relaxationOnly = true
        rootOptions.timeLimit = remaining()
        let root = try solver.solve(flowModel.mip, options: rootOptions)
        // In a race the other search may have proved its plan meanwhile, before this one's nodes:
        // then nothing this search does can win (`SearchRace`), and it ends with what it has.
        if let ceiling = options.effortCeiling, nodes >= ceiling.value { return (plain, nodes) }
        let useFlows = Self.isTighter(
            root.relaxationObjective, than: plain.bound, by: flowGain, sense: flowModel.mip.sense)
        let plainBound = plain.bound.map { "\($0)" } ?? "none"
        let flowBound = root.relaxationObjective.map { "\($0)" } ?? "none"
        let choice = useFlows ? "the flows" : "the plain program"
        say?(
            "after \(Self.plainNodeLimit) nodes the plain program's bound is \(plainBound); with the money "
                + "limits' flows (\(flowModel.mip.columnCount) columns) the LP alone gives \(flowBound): "
                + "GLPK goes on with \(choice)\n")
        self.options.onEvent?(
            .flowsDecision(
                search: search, afterNodes: Self.plainNodeLimit, plainBound: plain.bound,
                flowsBound: root.relaxationObjective, withFlows: useFlows))
        let last: MIPSolution
        if useFlows {
            flowOptions.timeLimit = remaining()
            flowOptions.effortOffset = nodes
            let flows = try solver.solve(flowModel.mip, options: flowOptions)
            // No values when it stopped before a plan (at its node ceiling, in a race).
            last =
                flows.values.isEmpty
                ? flows
                : flows.replacing(values: plainModel.values(forQuarters: flowModel.quarters(from: flows.values)))
        } else {
            // The same search as without the node limit (from the same start, not from the plain
            // search's plan), so that it ends with the same plan, only later.
            // Its first nodes repeat the first search's, so its count replaces theirs: in a race
            // (`SearchRace`) the plain search is measured by the nodes it needs, as without the flows.
            var again = options
            again.nodeLimit = nil
            again.timeLimit = remaining()
            again.effortOffset = 0
            last = try solver.solve(plainModel.mip, options: again)
            nodes = 0
        }
        nodes += last.effort ?? 0
        let combined = Self.combining(
            plain, last, bounds: [root.bound], sense: flowModel.mip.sense, seconds: clock.elapsed)
        return (combined, nodes)
    }

    /// Whether the flows' LP (`flowBound`) alone is tighter than the plain search's bound by at least
    /// `flowGain` of it. A smaller gain did not pay for the slower nodes of the larger program
    /// (measured on the generated small programs, docs/performance.md: 408.375 → 404.94 (0.84%),
    /// proven in 3.2 s with the flows and not in 20 s without; 483.75 → 482.35 (0.15%), proven in
    /// 9.8 s with them, 2.8 s without).
    private static func isTighter(
        _ flowBound: Double?, than bound: Double?, by flowGain: Double, sense: MIPModel.Sense
    ) -> Bool {
        guard let flowBound, let bound else { return false }
        let gain = sense == .maximize ? bound - flowBound : flowBound - bound
        return gain >= flowGain * max(1, abs(bound))
    }

    /// The relative gain of the flows' LP over the plain search's bound that makes the engine
    /// search the program with the flows.
    static let flowGain = 0.0025

    /// `flowGain` for the race's second lane. There a search of the flows costs only that lane's
    /// time, and the presolve-off search's bound after `plainNodeLimit` nodes is often a little
    /// tighter than the engine's (2 × 8 loose seed 2: 581.75 against 582.125, so the flows' 580.487
    /// is 0.22% tighter, not 0.28%; with them that program is proven in about 4 s, without not in 20 s).
    static let raceFlowGain = 0.002

    /// One answer from two searches of the same program (values in the plain program's terms): the
    /// better plan, the tightest of every bound, proven if the second search proved its plan.
    private static func combining(
        _ first: MIPSolution, _ second: MIPSolution, bounds: [Double?], sense: MIPModel.Sense, seconds: Double
    ) -> MIPSolution {
        let log = first.log + second.log
        if second.status == .optimal || second.status == .infeasible {
            return second.replacing(seconds: seconds, log: log)
        }
        var best = first.values.isEmpty ? second : first
        if !second.values.isEmpty, let a = second.objective, let b = best.objective {
            if sense == .maximize ? a > b : a < b { best = second }
        }
        let all = ([first.bound, second.bound] + bounds).compactMap { $0 }
        let bound = sense == .maximize ? all.min() : all.max()
        return MIPSolution(
            status: best.values.isEmpty ? .noSolution : .feasible, values: best.values, objective: best.objective,
            bound: bound, relaxationObjective: first.relaxationObjective, seconds: seconds, log: log,
            planEffort: best.planEffort)
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
        var improver = SubplanImprover(problem: problem, solver: solver)
        improver.stop = options.stop
        let before = problem.maturityValue(of: quarters)
        let improved = NeighbourhoodSearch(improver: improver).improve(
            quarters, until: limit, clock: { clock.elapsed })
        let after = problem.maturityValue(of: improved)
        guard after > before + Tolerance.objective else { return quarters }
        options.onOutput?("quarter windows improved the plan from \(before) to \(after)\n")
        options.onEvent?(.windowsImproved(from: before, to: after))
        return improved
    }

    /// The column values of `previous` in `model`, when it is a feasible point of it.
    private func startingValues(from previous: Roadmap, model: RoadmapModel) -> [Double]? {
        guard previous.status == .optimal || previous.status == .feasible else { return nil }
        let index = problem.indexByID()
        var quarters = Schedule(stepCount: problem.steps.count)
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
