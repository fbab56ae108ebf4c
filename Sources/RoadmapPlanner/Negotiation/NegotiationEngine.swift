import Dispatch
import Foundation
import OptimizationModel
import Roadmaps
import ScenarioModel

/// Spec §7: each party's ideal, the plan the parties agree on, and (for two parties) the frontier.
///
/// An ideal is the scenario's problem valued in one party's eyes (`PlanningProblem.valued(by:)`),
/// planned by the usual engines (whole program or portfolio core). `weighted` is such a change of
/// values too (Σ weight × value_k / ideal_k). `max-min` and `nash` are not sums: `nash` is one
/// program (`AgreementModel`); `max-min` is a short search of that program, then its proof and
/// second criterion as programs of the usual columns with `ValueFloor` rows (`maxMin`), or for
/// portfolios weighted problems planned by the core (`maxMinByWeights`).
/// The time limit is shared: half for the ideals (a quarter for portfolios), the rest for the
/// agreement (and the frontier).
struct NegotiationEngine {
    let problem: PlanningProblem
    let planner: RoadmapPlanner
    /// Plans of the two-party frontier to compute (0: none).
    let frontierPoints: Int

    /// The ideals' part of the time for portfolios (the portfolio core's scale); whole programs'
    /// ideals take half, for their proofs. The core's ideals are near their bound within seconds
    /// (200 × 8, 3 parties, 30 s: 0.2–0.6% after 2.4 s each), and the agreement's rounds gain more
    /// from the time: max-min's gap to its bound was 0.23–0.26% with half for the ideals (two
    /// runs), 0.046–0.064% with a quarter (six runs; `Benchmarks/stakeholders.py`'s portfolio).
    static let portfolioIdealsShare = 0.25

    /// Shares are equal within this (spec §7 rule 4: max-min's second criterion keeps the first to 1e-6).
    static let shareTolerance = 1e-6

    private var scenario: Scenario { problem.scenario }
    private var agreement: Agreement {
        scenario.agreement ?? Agreement(rule: .maxMin, weights: scenario.stakeholders.map { _ in 1 })
    }

    /// One party's ideal plan.
    struct Ideal {
        let roadmap: Roadmap
        let quarters: Schedule
        /// The problem valued in the party's eyes, whose plan this is.
        let program: PlanningProblem
        var value: Double { roadmap.objectiveValue ?? 0 }
    }

    func negotiate() throws -> Roadmap {
        let clock = NegotiationClock(limit: planner.options.timeLimit)
        let parties = scenario.stakeholders.indices
        var ideals: [Ideal] = []
        // The time is cut into `slices`, one per ideal within the ideals' part: ideal k takes
        // 1/(slices − k) of the time left, so one slice when the ideals before it took theirs,
        // and what one leaves unused is spread over the later slices (the agreement's included).
        let idealsPart = planner.usesPortfolioCore(for: problem) ? Self.portfolioIdealsShare : 0.5
        let slices = Int((Double(parties.count) / idealsPart).rounded())
        for k in parties {
            var options = planner.options
            options.timeLimit = clock.share(1, of: slices - k)
            let idealPlanner = RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: options)
            let valued = problem.ideal(of: k)
            let roadmap = try idealPlanner.plan(valued, startingFrom: nil)
            planner.options.onOutput?(
                "negotiation: ideal of \(scenario.stakeholders[k].id) \(roadmap.status.rawValue) after "
                    + "\(String(format: "%.1f", clock.elapsed)) s\n")
            // Every plan keeps the same rules, so an ideal without a plan means no agreement either.
            guard roadmap.status == .optimal || roadmap.status == .feasible else { return roadmap }
            ideals.append(Ideal(roadmap: roadmap, quarters: schedule(of: roadmap), program: valued))
        }
        let assembly = NegotiationAssembly(problem: problem, agreement: agreement)
        let included = assembly.included(ideals: ideals.map(\.value))
        for k in parties where !included.contains(k) {
            planner.options.onOutput?(
                "stakeholder \(scenario.stakeholders[k].id) wants nothing the plan can give (ideal 0): left out\n")
        }
        let agreed = try agree(included: included, ideals: ideals, clock: clock)
        planner.options.onOutput?(
            "negotiation: agreement \(agreed.status.rawValue) after \(String(format: "%.1f", clock.elapsed)) s\n")
        var roadmap = agreed
        var negotiation = assembly.negotiation(ideals: ideals, included: included, agreed: schedule(of: agreed))
        if frontierPoints > 0, included.count >= 2 {
            negotiation.frontierParties = [included[0], included[1]].map { scenario.stakeholders[$0].id }
            negotiation.frontier = try frontier(included[0], included[1], ideals: ideals, clock: clock)
        }
        roadmap.negotiation = negotiation
        return roadmap
    }

    /// The agreed plan under the scenario's rule.
    private func agree(included: [Int], ideals: [Ideal], clock: NegotiationClock) throws -> Roadmap {
        let idealValues = included.map { ideals[$0].value }
        let weights = included.map { agreement.weights[$0] }
        let valued = problem.valuedByShares(included: included, weights: weights, ideals: idealValues)
        if agreement.rule == .weighted || included.isEmpty {
            var options = planner.options
            options.timeLimit = clock.remaining
            let best = included.map { ideals[$0].quarters }.max {
                valued.maturityValue(of: $0) < valued.maturityValue(of: $1)
            }
            let start = try best.map { try assembled(valued, $0) }
            return try RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: options)
                .plan(valued, startingFrom: start)
        }
        let criterion = AgreementCriterion(
            problem: problem, rule: agreement.rule, included: included, ideals: idealValues)
        let frontierShare = frontierPoints > 0 ? 0.5 : 1.0
        let known = AgreementModel.KnownBounds(
            shareCaps: included.map { ideals[$0].roadmap.status == .optimal ? 1 : nil })
        let outcome =
            agreement.rule == .maxMin && planner.usesPortfolioCore(for: problem)
            ? try maxMinByWeights(
                criterion: criterion, ideals: included.map { ideals[$0] }, timeLimit: clock.share(frontierShare))
            : agreement.rule == .maxMin
                ? try maxMin(
                    criterion: criterion, ideals: included.map { ideals[$0] }, sumProgram: valued, known: known,
                    timeLimit: clock.share(frontierShare))
                : try nash(
                    criterion: criterion, ideals: included.map { ideals[$0] }, sumProgram: valued, known: known,
                    timeLimit: clock.share(frontierShare))
        var assembly = RoadmapAssembly(
            problem: valued,
            report: SolveReport(
                rows: outcome.size.rows, columns: outcome.size.columns, nonzeros: outcome.size.nonzeros, seconds: 0,
                engine: outcome.engine,
                backend: outcome.engine == .wholeProgram
                    ? (planner.provers.first ?? planner.solver).name : planner.solver.name))
        assembly.criterion = { criterion.value($0) }
        // The bound of the first criterion; the tangents overstate log, so nash's stays a bound.
        return try assembly.roadmap(
            status: outcome.proven ? .optimal : .feasible, quarters: outcome.quarters, bound: outcome.bound,
            conflicts: [], seconds: clock.elapsed, log: outcome.log)
    }

    /// What an agreement rule's search ended with.
    struct Outcome {
        var quarters: Schedule
        var proven: Bool
        /// A proven bound on the rule's first criterion.
        var bound: Double?
        var log: String
        /// The size of the rule's program, for the report.
        var size: (rows: Int, columns: Int, nonzeros: Int)
        /// What planned it (the portfolio core, for portfolios' max-min).
        var engine = PlanningEngine.wholeProgram
    }

    /// Max-min (rule 4): a short search of its program (`AgreementModel`), which finds plans with
    /// a large smallest share soon but proves slowly (its objective, a share, has no granularity,
    /// and its bound is the LP's); then the proof of the smallest share by programs with value
    /// floors (`raiseSmallestShare`), and the largest sum of shares among the plans that have it
    /// (`largestSumOfShares`), whose proven plan is the same on every run.
    private func maxMin(
        criterion: AgreementCriterion, ideals: [Ideal], sumProgram: PlanningProblem,
        known: AgreementModel.KnownBounds, timeLimit: Double?
    ) throws -> Outcome {
        let clock = NegotiationClock(limit: timeLimit)
        let model = AgreementModel(
            problem: problem, parties: criterion.included, ideals: criterion.ideals, criterion: .smallestShare,
            known: known)
        let start = ideals.map(\.quarters).max { criterion.value($0) < criterion.value($1) }!
        var (quarters, log, ceiling): (Schedule, String, Double?) = (start, "", nil)
        if planner.options.maxMinSearchNodes > 0 {
            // A node limit, not the clock, ends the search: the plan it ends with, and so every later
            // step and the agreed plan, is the same on every run.
            var options = solveOptions(timeLimit: clock.share(0.3))
            options.nodeLimit = planner.options.maxMinSearchNodes
            let (solution, found) = try search(model, from: start, criterion: criterion, options: options)
            (quarters, log, ceiling) = (found, solution.log, solution.bound)
        }
        if known.shareCaps.allSatisfy({ $0 != nil }) { ceiling = min(ceiling ?? 1, 1) }
        let first = try raiseSmallestShare(
            from: quarters, below: ceiling, criterion: criterion, programs: ideals.map(\.program),
            timeLimit: clock.share(0.8), log: &log)
        planner.options.onOutput?(
            "negotiation: smallest share \(first.proven ? "proven" : "not proven") after "
                + "\(String(format: "%.1f", clock.elapsed)) s\n")
        let second = try largestSumOfShares(
            after: first.quarters, sumProgram: sumProgram, criterion: criterion, timeLimit: clock.remaining,
            log: &log)
        return Outcome(
            quarters: second.quarters, proven: first.proven && second.proven, bound: first.bound, log: log,
            size: (model.mip.rowCount, model.mip.columnCount, model.mip.nonzeroCount))
    }

    /// The agreement's program (`AgreementModel`) searched from `start`: the solve, and the better
    /// of its plan and the start by the rule's first criterion.
    private func search(
        _ model: AgreementModel, from start: Schedule, criterion: AgreementCriterion, options: SolveOptions
    ) throws -> (solution: MIPSolution, quarters: Schedule) {
        var options = options
        options.initialSolution = model.values(forQuarters: start, shares: criterion.shares(start))
        let solution = try (planner.provers.first ?? planner.solver).solve(model.mip, options: options)
        guard solution.status == .optimal || solution.status == .feasible else { return (solution, start) }
        let found = model.base.quarters(from: solution.values)
        return (solution, criterion.value(found) >= criterion.value(start) ? found : start)
    }

    /// Nash (rule 4): its program (`AgreementModel`, tangents of log), from the best of the ideals
    /// and the plan of the largest sum of shares (the usual engines, quickly proven), whose bound
    /// with each proven ideal's share of 1 gives rows no plan breaks that tighten the relaxation.
    private func nash(
        criterion: AgreementCriterion, ideals: [Ideal], sumProgram: PlanningProblem,
        known: AgreementModel.KnownBounds, timeLimit: Double?
    ) throws -> Outcome {
        let clock = NegotiationClock(limit: timeLimit)
        var sumOptions = planner.options
        sumOptions.timeLimit = clock.share(0.25)
        let best = ideals.map(\.quarters).max {
            sumProgram.maturityValue(of: $0) < sumProgram.maturityValue(of: $1)
        }!
        let sumPlan = try RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: sumOptions)
            .plan(sumProgram, startingFrom: try assembled(sumProgram, best))
        planner.options.onOutput?(
            "negotiation: largest sum of shares \(sumPlan.status.rawValue) after "
                + "\(String(format: "%.1f", clock.elapsed)) s\n")
        var known = known
        if sumPlan.status == .optimal || sumPlan.status == .feasible {
            known.sumCap = sumPlan.bound.map { $0 + Self.shareTolerance }
        }
        let model = AgreementModel(
            problem: problem, parties: criterion.included, ideals: criterion.ideals, criterion: .logShares,
            known: known)
        let starts = ideals.map(\.quarters) + [schedule(of: sumPlan)]
        let start = starts.max { criterion.value($0) < criterion.value($1) }!
        let (solution, quarters) = try search(
            model, from: start, criterion: criterion, options: solveOptions(timeLimit: clock.remaining))
        return Outcome(
            quarters: quarters, proven: solution.status == .optimal, bound: solution.bound, log: solution.log,
            size: (model.mip.rowCount, model.mip.columnCount, model.mip.nonzeroCount))
    }

    /// Max-min's first criterion, proven (or improved) by programs of one party's value, whose
    /// objective has a granularity (so the solver prunes by it, as it does an ideal's). With m the
    /// plan's smallest share, a target t ≥ m and j a party at m: the program of V_j with every
    /// other party's value at least the next value it can take above t × its ideal (`ValueFloor`s).
    /// A plan in which V_j too is above t × ideal_j has a smallest share above t: the search stops
    /// at the first one (`SolveOptions.stopAtObjective`) and the ascent goes on from it. Otherwise
    /// V_j's optimum (or bound) is at most t × ideal_j: no plan's smallest share is above t, which
    /// for t = m proves m. The target is m, or above it while the gap to `ceiling` (a proven bound
    /// on the smallest share) is wide (`ShareAspiration`): a short search that climbs there at
    /// once or lowers the ceiling, where rounds at m would climb by a step of one party's value.
    private func raiseSmallestShare(
        from start: Schedule, below ceiling: Double?, criterion: AgreementCriterion, programs: [PlanningProblem],
        timeLimit: Double?, log: inout String
    ) throws -> (quarters: Schedule, proven: Bool, bound: Double?) {
        let clock = NegotiationClock(limit: timeLimit)
        var quarters = start
        // A step of a share: the largest granularity of a party's value over its ideal (at least
        // the shares' tolerance, for values with no granularity, so that the aim ends).
        let step = zip(programs, criterion.ideals).map { ($0.modelGranularity.step ?? 0) / $1 }.max() ?? 0
        var aspiration = ShareAspiration(
            ceiling: ceiling, resolution: max(step, Self.shareTolerance),
            nodes: planner.options.maxMinAspirationNodes, steps: planner.options.maxMinAimingSteps)
        for round in 1... {
            let shares = criterion.shares(quarters)
            let m = shares.min() ?? 0
            if let ceiling = aspiration.ceiling, ceiling <= m { return (quarters, true, m) }
            let j = shares.firstIndex(of: m)!
            let target = aspiration.target(above: m)
            let above = criterion.included.indices.map { i in
                programs[i].modelGranularity.nextValue(above: target * criterion.ideals[i])
            }
            var program = programs[j]
            program.valueFloors = criterion.included.indices.filter { $0 != j }.map {
                ValueFloor(party: criterion.included[$0], minimum: above[$0])
            }
            // A prover finds the problem's symmetry itself (as in the whole program's search).
            let model = RoadmapModel(problem: program, symmetryRows: planner.provers.isEmpty)
            var options = solveOptions(timeLimit: clock.remaining)
            let granularity = program.modelGranularity
            options.objectiveGranularity = granularity.step
            options.stopAtObjective = above[j]
            // A node limit, not the clock, ends a round above m: what it ends with is the same on every run.
            if target > m { options.nodeLimit = aspiration.nodes }
            // The plan so far, when it keeps the floors (no other party at m too) and the symmetry
            // rows GLPK's program has: V_j = m × ideal_j from the start, so the search prunes every
            // node that cannot beat it.
            let start = model.values(forQuarters: quarters)
            if model.mip.violations(of: start).isEmpty { options.initialSolution = start }
            let solution = try proofRound(model, options: options)
            let line =
                "max-min proof, round \(round): every share above \(target)"
                + (target > m ? " (aiming; ceiling \(aspiration.ceiling!), step \(aspiration.resolution))" : "")
                + ", \(solution.status.rawValue) "
                + "\(solution.objective.map { "\($0 / criterion.ideals[j])" } ?? "-") after "
                + "\(String(format: "%.1f", clock.elapsed)) s\n"
            log += "\n" + line
            planner.options.onOutput?(line)
            let ideal = criterion.ideals[j]
            // V_j is at most t × ideal_j in every plan with the floors: infeasible, or its bound,
            // rounded down to a value V_j can take, below the next one.
            let noPlanAbove =
                solution.status == .infeasible
                || (solution.status != .noSolution
                    && (solution.bound.map { granularity.tightened($0) < above[j] } ?? false))
            var climbed = false
            if solution.status == .optimal || solution.status == .feasible {
                let found = model.quarters(from: solution.values)
                if (criterion.shares(found).min() ?? 0) > m { (quarters, climbed) = (found, true) }
            }
            if target > m {
                // Above m, a round that neither climbs nor lowers the ceiling ends the aspiration.
                aspiration.learn(target: target, noPlanAbove: noPlanAbove, climbed: climbed)
                continue
            }
            if climbed { continue }
            if noPlanAbove || solution.status == .optimal { return (quarters, true, m) }
            // No plan above m has V_j above the bound: the smallest share is at most the larger of
            // m and bound / ideal_j, and at most the ceiling.
            let bounds = [solution.bound.map { max(m, $0 / ideal) }, aspiration.ceiling].compactMap { $0 }
            return (quarters, false, bounds.min())
        }
        return (quarters, false, aspiration.ceiling)
    }

    /// One program of `raiseSmallestShare`: the prover's race of both formulations when there is a
    /// prover (a lane that meets `options.stopAtObjective` settles it as a proof does), else the
    /// solver's search.
    private func proofRound(_ model: RoadmapModel, options: SolveOptions) throws -> MIPSolution {
        guard let prover = planner.provers.first else { return try planner.solver.solve(model.mip, options: options) }
        let race = ProverRace(
            prover: prover, plain: model, granularity: model.problem.modelGranularity,
            formulations: planner.options.proverLanes)
        return try race.run(options: options).solution
    }

    /// Max-min's second criterion: among plans whose smallest share is the first's (to 1e-6), the
    /// largest sum of shares: the program of the sum of shares (`sumProgram`) with every party's
    /// value at least that share of its ideal. Proven when that program is; its plan is then the
    /// same on every run.
    private func largestSumOfShares(
        after quarters: Schedule, sumProgram: PlanningProblem, criterion: AgreementCriterion, timeLimit: Double?,
        log: inout String
    ) throws -> (quarters: Schedule, proven: Bool) {
        let floor = (criterion.shares(quarters).min() ?? 0) - Self.shareTolerance
        var program = sumProgram
        program.valueFloors = zip(criterion.included, criterion.ideals).map { k, ideal in
            ValueFloor(party: k, minimum: floor * ideal)
        }
        let (model, solution) = try searched(program, timeLimit: timeLimit, start: quarters)
        let line =
            "max-min: the largest sum of shares with every share at least \(floor), \(solution.status.rawValue)\n"
        log += "\n" + line
        planner.options.onOutput?(line)
        if solution.status == .optimal {
            return (model.quarters(from: solution.values), true)
        }
        if solution.status == .feasible {
            let found = model.quarters(from: solution.values)
            let sum = { (plan: Schedule) in criterion.shares(plan).reduce(0, +) }
            if sum(found) > sum(quarters) { return (found, false) }
        }
        return (quarters, false)
    }

    /// Rule 7: for `n` values of e from B's share in A's ideal up to 1, the plan best for A with B's
    /// share at least e: the program of A's value with B's at least e × ideal_B (`ValueFloor`).
    private func frontier(_ a: Int, _ b: Int, ideals: [Ideal], clock: NegotiationClock) throws
        -> [Negotiation.FrontierPoint]
    {
        let values = [ideals[a].value, ideals[b].value]
        let criterion = AgreementCriterion(problem: problem, rule: .maxMin, included: [a, b], ideals: values)
        let lowest = min(1, criterion.shares(ideals[a].quarters)[1])
        let assembly = NegotiationAssembly(problem: problem, agreement: agreement)
        var previous = ideals[b].quarters
        var points: [Negotiation.FrontierPoint] = []
        for i in 0..<frontierPoints {
            let required = frontierPoints == 1 ? 1 : lowest + (1 - lowest) * Double(i) / Double(frontierPoints - 1)
            var program = ideals[a].program
            program.valueFloors = [ValueFloor(party: b, minimum: (required - Self.shareTolerance) * values[1])]
            // A's ideal meets the first point; B's ideal (B's share 1) meets every point, and the
            // previous point's plan meets this one when its share of B already does: the plan
            // shown when the program finds none in its time.
            let meets = { (plan: Schedule) in criterion.shares(plan)[1] >= required - Self.shareTolerance }
            let start = i == 0 ? ideals[a].quarters : meets(previous) ? previous : ideals[b].quarters
            let (model, solution) = try searched(program, timeLimit: clock.share(1, of: frontierPoints - i))
            var quarters = start
            var proven = false
            if solution.status == .optimal || solution.status == .feasible {
                let found = model.quarters(from: solution.values)
                proven = solution.status == .optimal && meets(found)
                if proven || (meets(found) && criterion.shares(found)[0] > criterion.shares(start)[0]) {
                    quarters = found
                }
            }
            previous = quarters
            points.append(
                try assembly.frontierPoint(
                    a, b, ideals: values, required: required, quarters: quarters, status: proven ? .optimal : .feasible)
            )
        }
        return points
    }

    /// A program of the usual columns (value floors included) searched as the usual engines search
    /// a whole program: the prover's race of both formulations, else the solver's searches. A
    /// proven plan is the same on every run.
    private func searched(_ program: PlanningProblem, timeLimit: Double?, start: Schedule? = nil) throws
        -> (model: RoadmapModel, solution: MIPSolution)
    {
        try WholeProgramEngine(
            problem: program, solver: planner.solver, options: planner.options, provers: planner.provers
        ).search(timeLimit: timeLimit, start: start)
    }

    private func solveOptions(timeLimit: Double?) -> SolveOptions {
        planner.options.solveOptions(role: .wholeProgram, timeLimit: timeLimit)
    }

    /// A plan as a roadmap of a valued problem (verified), e.g. an ideal offered as a start.
    func assembled(_ valued: PlanningProblem, _ quarters: Schedule) throws -> Roadmap {
        try RoadmapAssembly(model: RoadmapModel(problem: valued), engine: .none, backend: planner.solver.name)
            .roadmap(status: .feasible, quarters: quarters, bound: nil, conflicts: [], seconds: 0, log: "")
    }

    /// The candidate quarter of each step of a roadmap of this problem.
    func schedule(of roadmap: Roadmap) -> Schedule {
        let index = problem.indexByID()
        var quarters = Schedule(stepCount: problem.steps.count)
        for step in roadmap.steps { if let s = index[step.id] { quarters[s] = step.quarterIndex } }
        return quarters
    }
}

/// The agreement rule's first criterion of a plan (spec §7 rule 4), from the parties' values.
struct AgreementCriterion: Sendable {
    let problem: PlanningProblem
    let rule: AgreementRule
    let included: [Int]
    let ideals: [Double]

    /// Each included party's share of a plan.
    func shares(_ quarters: Schedule) -> [Double] {
        problem.shares(of: quarters, parties: included, ideals: ideals)
    }

    func value(_ quarters: Schedule) -> Double {
        let shares = shares(quarters)
        switch rule {
        case .maxMin: return shares.min() ?? 0
        case .weighted:
            let weights = problem.scenario.agreement?.weights ?? []
            return zip(included, shares).reduce(0) { $0 + (weights.isEmpty ? 1 : weights[$1.0]) * $1.1 }
        case .nash: return shares.reduce(0) { $0 + log(max($1, 1e-300)) }
        }
    }
}

/// The negotiation's share of the command's time.
struct NegotiationClock {
    let limit: Double?
    let started = DispatchTime.now().uptimeNanoseconds

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
    var remaining: Double? { limit.map { max(0.05, $0 - elapsed) } }

    /// `part` of `whole` of the time left (`nil` without a limit).
    func share(_ part: Double, of whole: Int) -> Double? {
        remaining.map { $0 * part / Double(max(1, whole)) }
    }

    func share(_ fraction: Double) -> Double? { remaining.map { $0 * fraction } }
}
