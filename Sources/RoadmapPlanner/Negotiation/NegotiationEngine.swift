import Dispatch
import Foundation
import OptimizationModel
import Roadmaps
import ScenarioModel

/// Spec §7: each party's ideal, the plan the parties agree on, and (for two parties) the frontier.
///
/// An ideal is the scenario's problem valued in one party's eyes (`PlanningProblem.valued(by:)`),
/// planned by the usual engines (whole program or portfolio core). `weighted` is such a change of
/// values too (Σ weight × value_k / ideal_k). `max-min` and `nash` are not sums: they are solved as
/// one program (`AgreementModel`) on the prover, or the solver, starting from the best ideal plan.
/// The time limit is shared: half for the ideals, the rest for the agreement (and the frontier).
struct NegotiationEngine {
    let problem: PlanningProblem
    let planner: RoadmapPlanner
    /// Plans of the two-party frontier to compute (0: none).
    let frontierPoints: Int

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
        var value: Double { roadmap.objectiveValue ?? 0 }
    }

    func negotiate() throws -> Roadmap {
        let clock = NegotiationClock(limit: planner.options.timeLimit)
        let parties = scenario.stakeholders.indices
        var ideals: [Ideal] = []
        for k in parties {
            var options = planner.options
            options.timeLimit = clock.share(1, of: 2 * (parties.count - k))
            let idealPlanner = RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: options)
            let valued = problem.valued(by: problem.steps.map { $0.partyValues[k] })
            let roadmap = try idealPlanner.plan(valued, startingFrom: nil)
            planner.options.onOutput?(
                "negotiation: ideal of \(scenario.stakeholders[k].id) \(roadmap.status.rawValue) after "
                    + "\(String(format: "%.1f", clock.elapsed)) s\n")
            // Every plan keeps the same rules, so an ideal without a plan means no agreement either.
            guard roadmap.status == .optimal || roadmap.status == .feasible else { return roadmap }
            ideals.append(Ideal(roadmap: roadmap, quarters: schedule(of: roadmap)))
        }
        let included = parties.filter { ideals[$0].value > Tolerance.amount }
        for k in parties where !included.contains(k) {
            planner.options.onOutput?(
                "stakeholder \(scenario.stakeholders[k].id) wants nothing the plan can give (ideal 0): left out\n")
        }
        let agreed = try agree(included: included, ideals: ideals, clock: clock)
        planner.options.onOutput?(
            "negotiation: agreement \(agreed.status.rawValue) after \(String(format: "%.1f", clock.elapsed)) s\n")
        var roadmap = agreed
        var negotiation = NegotiationAssembly(problem: problem, agreement: agreement).negotiation(
            ideals: ideals, included: included, agreed: schedule(of: agreed))
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
        // The weighted sum of shares, as values: `weighted`'s objective, max-min's second criterion
        // (weights 1), and what makes a step worth taking at all (idle steps are dropped).
        let shareValues = problem.steps.map { step in
            zip(included.indices, included).reduce(0.0) { sum, pair in
                sum + weights[pair.0] * step.partyValues[pair.1] / idealValues[pair.0]
            }
        }
        let valued = problem.valued(by: shareValues)
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
        let solver = planner.provers.first ?? planner.solver
        let frontierShare = frontierPoints > 0 ? 0.5 : 1.0
        // The plan of the largest sum of shares (the usual engines, quickly proven): a start, and
        // with its bound and each proven ideal's share of 1, rows no plan breaks that tighten the
        // program's relaxation.
        var sumOptions = planner.options
        sumOptions.timeLimit = clock.share(frontierShare * 0.25)
        let best = included.map { ideals[$0].quarters }.max {
            valued.maturityValue(of: $0) < valued.maturityValue(of: $1)
        }!
        let sumPlan = try RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: sumOptions)
            .plan(valued, startingFrom: try assembled(valued, best))
        planner.options.onOutput?(
            "negotiation: largest sum of shares \(sumPlan.status.rawValue) after "
                + "\(String(format: "%.1f", clock.elapsed)) s\n")
        var known = AgreementModel.KnownBounds()
        known.shareCaps = included.map { ideals[$0].roadmap.status == .optimal ? 1 : nil }
        if sumPlan.status == .optimal || sumPlan.status == .feasible {
            known.sumCap = sumPlan.bound.map { $0 + Self.shareTolerance }
        }
        let first: AgreementModel.Criterion = agreement.rule == .nash ? .logShares : .smallestShare
        let model = AgreementModel(
            problem: problem, parties: included, ideals: idealValues, criterion: first, known: known)
        let starts = included.map { ideals[$0].quarters } + [schedule(of: sumPlan)]
        let start = starts.max { criterion.value($0) < criterion.value($1) }!
        // Max-min: the program finds good plans soon but proves slowly (its objective, a share, has
        // no granularity): three fifths of the time for it, then the proof by single-party
        // programs (`floorAscent`).
        let searchShare = agreement.rule == .maxMin ? 0.6 : 1
        var options = solveOptions(timeLimit: clock.share(frontierShare * searchShare))
        options.initialSolution = model.values(forQuarters: start, shares: criterion.shares(start))
        let solution = try solver.solve(model.mip, options: options)
        var log = solution.log
        var quarters = start
        if solution.status == .optimal || solution.status == .feasible {
            let found = model.base.quarters(from: solution.values)
            if criterion.value(found) >= criterion.value(start) { quarters = found }
        }
        var proven = solution.status == .optimal
        var bound = solution.bound
        if agreement.rule == .maxMin && !proven {
            let ascent = try floorAscent(
                from: quarters, criterion: criterion, timeLimit: clock.share(frontierShare * 0.8), solver: solver,
                log: &log)
            quarters = ascent.quarters
            proven = ascent.proven
            if let other = ascent.bound { bound = min(bound ?? other, other) }
        }
        planner.options.onOutput?(
            "negotiation: smallest share \(proven ? "proven" : "not proven") after "
                + "\(String(format: "%.1f", clock.elapsed)) s\n")
        if agreement.rule == .maxMin {
            quarters = try largestSumOfShares(
                after: quarters, sumPlan: schedule(of: sumPlan), criterion: criterion, known: known,
                timeLimit: clock.share(frontierShare), solver: solver, log: &log)
        }
        var assembly = RoadmapAssembly(
            problem: valued,
            report: SolveReport(
                rows: model.mip.rowCount, columns: model.mip.columnCount, nonzeros: model.mip.nonzeroCount, seconds: 0,
                engine: .wholeProgram, backend: solver.name))
        let value = criterion
        assembly.criterion = { value.value($0) }
        // The bound of the first criterion; the tangents overstate log, so nash's stays a bound.
        return try assembly.roadmap(
            status: proven ? .optimal : .feasible, quarters: quarters, bound: bound, conflicts: [],
            seconds: clock.elapsed, log: log)
    }

    /// Max-min's first criterion, proven (or improved) by programs of one party's value, whose
    /// objective has a granularity (so a prover prunes by it, as it does an ideal's). With m the
    /// plan's smallest share and j a party at m: the largest V_j among plans in which every other
    /// party's share is above m (`ValueFloor`s at the next value each party's values can take) is
    /// at most m × ideal_j exactly when no plan has a smallest share above m. Otherwise its plan
    /// has a smallest share above m, and the ascent goes on from it.
    private func floorAscent(
        from start: Schedule, criterion: AgreementCriterion, timeLimit: Double?, solver: any MIPSolver,
        log: inout String
    ) throws -> (quarters: Schedule, proven: Bool, bound: Double?) {
        let clock = NegotiationClock(limit: timeLimit)
        var quarters = start
        for round in 1...50 {
            let shares = criterion.shares(quarters)
            let m = shares.min() ?? 0
            let j = shares.firstIndex(of: m)!
            var program = problem.valued(by: problem.steps.map { $0.partyValues[criterion.included[j]] })
            program.valueFloors = criterion.included.indices.filter { $0 != j }.map { i in
                let k = criterion.included[i]
                let values = problem.valued(by: problem.steps.map { $0.partyValues[k] }).modelGranularity
                let above = m * criterion.ideals[i]
                // The next value V_k can take above m × ideal_k, less half a step (the solver's
                // tolerance); without a granularity, a hair above.
                let minimum =
                    values.step.map { g in (Foundation.floor(above / g + 1e-9) + 1) * g - g / 2 }
                    ?? above + max(1e-9, above * 1e-9)
                return ValueFloor(party: k, minimum: minimum)
            }
            let model = RoadmapModel(problem: program)
            var options = solveOptions(timeLimit: clock.remaining)
            options.objectiveGranularity = program.modelGranularity.step
            let solution = try solver.solve(model.mip, options: options)
            let ideal = criterion.ideals[j]
            log +=
                "\nmax-min proof, round \(round): \(criterion.included.count - 1) floors at share \(m), "
                + "\(solution.status.rawValue)\n"
            switch solution.status {
            case .infeasible:
                return (quarters, true, m)
            case .optimal, .feasible:
                let found = model.quarters(from: solution.values)
                if (criterion.shares(found).min() ?? 0) > m + Self.shareTolerance / 10 {
                    quarters = found
                    continue
                }
                // Optimal, or bounded at m: no plan has a smallest share above m.
                if solution.status == .optimal || (solution.bound.map { $0 / ideal <= m } ?? false) {
                    return (quarters, true, m)
                }
                return (quarters, false, solution.bound.map { max(m, $0 / ideal) })
            case .noSolution:
                return (quarters, false, solution.bound.map { max(m, $0 / ideal) })
            }
        }
        return (quarters, false, nil)
    }

    /// Max-min's second criterion: among plans whose smallest share is the first's optimum (to
    /// 1e-6), the largest sum of shares. Nothing to search when a plan already has the largest sum
    /// of any plan.
    private func largestSumOfShares(
        after quarters: Schedule, sumPlan: Schedule, criterion: AgreementCriterion, known: AgreementModel.KnownBounds,
        timeLimit: Double?, solver: any MIPSolver, log: inout String
    ) throws -> Schedule {
        let floor = (criterion.shares(quarters).min() ?? 0) - Self.shareTolerance
        func better(_ plan: Schedule, than other: Schedule) -> Bool {
            let shares = criterion.shares(plan)
            return (shares.min() ?? 0) >= floor && shares.reduce(0, +) > criterion.shares(other).reduce(0, +)
        }
        var quarters = quarters
        if better(sumPlan, than: quarters) { quarters = sumPlan }
        if let cap = known.sumCap, criterion.shares(quarters).reduce(0, +) >= cap - 2 * Self.shareTolerance {
            log += "\nmax-min: the plan has the largest sum of shares of any plan; no second search\n"
            return quarters
        }
        let second = AgreementModel(
            problem: problem, parties: criterion.included, ideals: criterion.ideals,
            criterion: .sumOfShares(floor: floor), known: known)
        var options = solveOptions(timeLimit: timeLimit)
        options.initialSolution = second.values(forQuarters: quarters, shares: criterion.shares(quarters))
        let solution = try solver.solve(second.mip, options: options)
        log += "\n" + solution.log
        if solution.status == .optimal || solution.status == .feasible {
            let found = second.base.quarters(from: solution.values)
            if better(found, than: quarters) { quarters = found }
        }
        return quarters
    }

    /// Rule 7: for `n` values of e from B's share in A's ideal up to 1, the plan best for A with B's
    /// share at least e.
    private func frontier(_ a: Int, _ b: Int, ideals: [Ideal], clock: NegotiationClock) throws
        -> [Negotiation.FrontierPoint]
    {
        let values = [ideals[a].value, ideals[b].value]
        let criterion = AgreementCriterion(problem: problem, rule: .maxMin, included: [a, b], ideals: values)
        let lowest = min(1, criterion.shares(ideals[a].quarters)[1])
        let solver = planner.provers.first ?? planner.solver
        // Steps are kept (not dropped as idle) when either party values them.
        let valuedByEither = problem.valued(by: problem.steps.map { $0.partyValues[a] + $0.partyValues[b] })
        var previous = ideals[b].quarters
        var points: [Negotiation.FrontierPoint] = []
        for i in 0..<frontierPoints {
            let required = frontierPoints == 1 ? 1 : lowest + (1 - lowest) * Double(i) / Double(frontierPoints - 1)
            let model = AgreementModel(
                problem: problem, parties: [a, b], ideals: values,
                criterion: .frontier(a: 0, b: 1, required: required - Self.shareTolerance))
            // A's ideal meets the first point; B's ideal (B's share 1) meets every point, and the
            // previous point's plan meets this one when its share of B already does.
            let meets = { (plan: Schedule) in criterion.shares(plan)[1] >= required - Self.shareTolerance }
            let start = i == 0 ? ideals[a].quarters : meets(previous) ? previous : ideals[b].quarters
            var options = solveOptions(timeLimit: clock.share(1, of: frontierPoints - i))
            options.initialSolution = model.values(forQuarters: start, shares: criterion.shares(start))
            let solution = try solver.solve(model.mip, options: options)
            var quarters = start
            if solution.status == .optimal || solution.status == .feasible {
                let found = model.base.quarters(from: solution.values)
                if meets(found), criterion.shares(found)[0] >= criterion.shares(start)[0] { quarters = found }
            }
            previous = quarters
            let roadmap = try assembled(valuedByEither, quarters)
            points.append(
                Negotiation.FrontierPoint(
                    required: required, shares: criterion.shares(quarters),
                    status: solution.status == .optimal ? .optimal : .feasible, steps: roadmap.steps))
        }
        return points
    }

    private func solveOptions(timeLimit: Double?) -> SolveOptions {
        planner.options.solveOptions(role: .wholeProgram, timeLimit: timeLimit)
    }

    /// A plan as a roadmap of a valued problem (verified), e.g. an ideal offered as a start.
    private func assembled(_ valued: PlanningProblem, _ quarters: Schedule) throws -> Roadmap {
        try RoadmapAssembly(model: RoadmapModel(problem: valued), engine: .none, backend: planner.solver.name)
            .roadmap(status: .feasible, quarters: quarters, bound: nil, conflicts: [], seconds: 0, log: "")
    }

    /// The candidate quarter of each step of a roadmap of this problem.
    private func schedule(of roadmap: Roadmap) -> Schedule {
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
        zip(included, ideals).map { k, ideal in problem.partyValue(k, of: quarters) / ideal }
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
private struct NegotiationClock {
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
