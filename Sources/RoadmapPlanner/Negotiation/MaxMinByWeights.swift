import Foundation
import OptimizationModel
import Roadmaps

extension NegotiationEngine {
    /// Max-min for portfolios (the portfolio core's scale), as the Lagrangian of its share rows:
    /// for weights λ on the parties (summing to 1), the plan of the largest Σ λ_k σ_k is a change of
    /// values (`valuedByShares`) that the usual engines plan, the core included, and the bound they
    /// prove on Σ λ_k σ_k bounds every plan's smallest share (min σ ≤ Σ λ σ). The weights of each
    /// round are those that the plans known so far (the ideals, then each round's plan) leave the
    /// least room under (`BalancingWeights`: Kelley's cutting planes on that dual), each weighted
    /// plan starting from the known plan best for its weights (70% of the time, `roundsShare`).
    /// Their plans lean different ways; the best mix of them, system by system, within every limit
    /// (`PlanFusion`), is then balanced further by windows (`balancing`) until the time is up. The
    /// bound is the smallest the rounds found. Never claimed optimal: the second criterion (the
    /// largest sum of shares) is not searched at this scale; the gap says how close the first is.
    func maxMinByWeights(criterion: AgreementCriterion, ideals: [Ideal], timeLimit: Double?) throws -> Outcome {
        let whole = NegotiationClock(limit: timeLimit)
        // The rounds' clock: what they leave is for mixing their plans and balancing the mix.
        let clock = NegotiationClock(limit: timeLimit.map { $0 * Self.roundsShare })
        var known = ideals.map { KnownPlan($0.quarters, criterion: criterion) }
        var best = known.max { $0.smallest < $1.smallest }!
        var bound: Double?
        var log = ""
        var size = (rows: 0, columns: 0, nonzeros: 0)
        var previous: [Double]?
        func note(_ what: String, _ plan: KnownPlan, elapsed: Double, withBound: Bool = false) {
            let line =
                "max-min by weights, \(what)shares "
                + plan.shares.map { String(format: "%.4f", $0) }.joined(separator: " ")
                + (withBound ? ", bound \(bound.map { String(format: "%.5f", $0) } ?? "-")" : "")
                + " after \(String(format: "%.1f", elapsed)) s\n"
            log += line
            planner.options.onOutput?(line)
        }
        /// Whether the bound proves the best plan (no mix or window can do better).
        func closed() -> Bool { bound.map { $0 - best.smallest <= Tolerance.objective * max(1, abs($0)) } ?? false }
        for round in 1...Self.weightRounds {
            // The first weights from the ideals alone; later ones within a box around the last,
            // halved each round (Marsten's boxstep: Kelley's steps alone swing between extremes).
            let box = previous.map { ($0, Self.firstBox / Double(1 << (round - 2))) }
            let weights = try BalancingWeights(solver: planner.solver).weights(under: known.map(\.shares), box: box)
            let valued = problem.valuedByShares(
                included: criterion.included, weights: weights, ideals: criterion.ideals)
            let start = known.max { $0.weighted(by: weights) < $1.weighted(by: weights) }!
            var options = planner.options
            options.timeLimit = clock.share(Self.roundShare(round), of: 1)
            // Rounds of a few seconds: a bound that gets near its limit sooner (`PlannerOptions.corePricesPayments`).
            options.corePricesPayments = false
            let roadmap = try RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: options)
                .plan(valued, startingFrom: try assembled(valued, start.quarters))
            guard roadmap.status == .optimal || roadmap.status == .feasible else { break }
            let plan = KnownPlan(schedule(of: roadmap), criterion: criterion)
            known.append(plan)
            size = (roadmap.report.rows, roadmap.report.columns, roadmap.report.nonzeros)
            if plan.smallest > best.smallest { best = plan }
            previous = weights
            if let b = roadmap.bound { bound = min(bound ?? b, b) }
            note(
                "round \(round): weights " + weights.map { String(format: "%.3f", $0) }.joined(separator: " ") + ", ",
                plan, elapsed: clock.elapsed, withBound: true)
            if closed() { break }
        }
        let proven = closed()
        let mixes = [best] + known.filter { $0.quarters != best.quarters }
        // The mix needs a prover: GLPK found no better mix than the best plan known in its 15%
        // (200 × 8: 2.3 s, none), time the windows then lacked (gap 0.88% against 0.30–0.35%).
        if !proven, let prover = planner.provers.first,
            let fused = PlanFusion(problem: problem, solver: prover).fused(
                mixes.map(\.quarters), parties: criterion.included, ideals: criterion.ideals,
                timeLimit: timeLimit.map { min($0 * Self.fusionShare, whole.remaining ?? 0) },
                stop: planner.options.stop)
        {
            best = KnownPlan(fused, criterion: criterion)
            note("the plans mixed system by system: ", best, elapsed: whole.elapsed)
        }
        let balanced =
            proven
            ? best
            : KnownPlan(
                balancing(best.quarters, criterion: criterion, until: timeLimit ?? .infinity, clock: whole),
                criterion: criterion)
        if balanced.smallest > best.smallest {
            best = balanced
            note("balancing windows: ", best, elapsed: whole.elapsed)
        }
        return Outcome(
            quarters: best.quarters, proven: false, bound: bound.map { max($0, best.smallest) }, log: log,
            size: size, engine: .portfolioCore)
    }

    /// The weighted plans' best is rarely balanced: the plan of a weighted sum sits where the
    /// parties' shares are traded at the weights' rates, not where the smallest is largest (on the
    /// 200 × 8 portfolio the last round's shares were 0.957, 0.952, 0.952 with a weighted value of
    /// 0.9538). The portfolio core's quarter windows (`NeighbourhoodSearch`), re-planned by the MIP
    /// solver for the smallest share (`WindowObjective.smallestShare`), trade steps between the
    /// parties within every limit, theirs included, until `deadline` (seconds of `clock`).
    func balancing(_ plan: Schedule, criterion: AgreementCriterion, until deadline: Double, clock: NegotiationClock)
        -> Schedule
    {
        var improver = SubplanImprover(problem: problem, solver: planner.solver)
        improver.stop = planner.options.stop
        improver.objective = .smallestShare(parties: criterion.included, ideals: criterion.ideals)
        let stop = planner.options.stop
        return NeighbourhoodSearch(improver: improver).improve(
            plan, until: deadline,
            clock: { stop?.isStopped == true ? .infinity : clock.elapsed })
    }

    /// The part of max-min's time for the weighted rounds; `PlanFusion` and `balancing` share
    /// the rest. Measured with `Benchmarks/stakeholders.py`'s portfolios (gap to the bound, one
    /// run each): four rounds alone 0.40–0.50% at 200 × 8; with windows only for the last 25–30%,
    /// 0.29–0.39% there and 0.32–0.94% at 1,000 × 12 (the windows lift a plan 2% out of balance
    /// only so far); with the mix first: 0.07–0.13% at 200 × 8 for 75% or 70% of rounds (three or
    /// four rounds alike; 0.21–0.24% with 60%, five rounds 0.38–0.44%, less time each).
    static let roundsShare = 0.7
    /// The most of max-min's time `PlanFusion` may take (HiGHS stops at it, rarely proving the
    /// mix); `balancing` has the rest. At 1,000 × 12, 10% (9 s) was not always enough for HiGHS
    /// to find a better mix; 15% (13.6 s) was.
    static let fusionShare = 0.15

    /// The weighted plans of `maxMinByWeights`.
    static let weightRounds = 3
    /// How far (in each weight) the second round's weights may move from the first's.
    static let firstBox = 0.1
    /// The part of the rounds' time left that round `round` (from 1) may take: 40% of the whole
    /// for the first (its weights come from the ideals alone), equal parts of the rest for the
    /// others. Giving the last round 40% instead (its plan and bound being the ones kept) was
    /// measured on the 200 × 8 portfolio: its bound did not tighten (0.95635 after 6 s, as after
    /// 3 s) and its plan was less balanced.
    static func roundShare(_ round: Int) -> Double {
        round == 1 ? 0.4 : 1 / Double(weightRounds - round + 1)
    }

    /// A plan met on the way and its shares.
    struct KnownPlan {
        let quarters: Schedule
        let shares: [Double]
        init(_ quarters: Schedule, criterion: AgreementCriterion) {
            self.quarters = quarters
            shares = criterion.shares(quarters)
        }
        var smallest: Double { shares.min() ?? 0 }
        func weighted(by weights: [Double]) -> Double { zip(weights, shares).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}

/// The weights λ (on the simplex) that minimise the largest weighted share max_r Σ_k λ_k σ_rk of
/// the plans known: every plan r is a lower estimate of the best weighted plan, so these weights
/// are where the dual of max-min (min over λ of the best Σ λ σ) can be lowest given what is
/// known (Kelley's cutting-plane step). Multiplicative steps were tried first: on the 200 × 8
/// portfolio of `Benchmarks/stakeholders.py` their weights swung between the parties round after
/// round and the bound never moved from the first round's. A small LP, on the planner's solver.
struct BalancingWeights {
    let solver: any MIPSolver

    /// - Parameters:
    ///   - shares: The shares of each known plan.
    ///   - box: Weights and a distance: each weight stays within that distance of these.
    func weights(under shares: [[Double]], box: (center: [Double], radius: Double)? = nil) throws -> [Double] {
        let n = shares.first?.count ?? 0
        let even = [Double](repeating: 1 / Double(max(1, n)), count: n)
        guard n > 1 else { return even }
        var lp = MIPModel(name: "balancing weights", sense: .minimize)
        let lambda = (0..<n).map { k in
            lp.addColumn(
                name: "lambda_\(k)", lower: box.map { max(0, $0.center[k] - $0.radius) } ?? 0,
                upper: box.map { min(1, $0.center[k] + $0.radius) } ?? 1, integer: false)
        }
        let top = lp.addColumn(name: "top", lower: -.infinity, upper: .infinity, integer: false, objective: 1)
        lp.addRow(name: "simplex", terms: lambda.map { ($0, 1.0) }, lower: 1, upper: 1)
        for (r, plan) in shares.enumerated() {
            lp.addRow(name: "plan_\(r)", terms: zip(lambda, plan).map { ($0, $1) } + [(top, -1)], upper: 0)
        }
        let solution = try solver.solve(lp, options: SolveOptions())
        guard solution.status == .optimal, solution.values.count == n + 1 else { return even }
        let weights = lambda.map { max(0, solution.values[$0]) }
        let total = weights.reduce(0, +)
        return total > 0 ? weights.map { $0 / total } : even
    }
}
