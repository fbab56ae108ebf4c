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
    /// plan starting from the known plan best for its weights; the plan kept is the one with the
    /// largest smallest share, the bound the smallest found. Never claimed optimal: the second
    /// criterion (the largest sum of shares) is not searched at this scale; the gap says how close
    /// the first is.
    func maxMinByWeights(criterion: AgreementCriterion, ideals: [Ideal], timeLimit: Double?) throws -> Outcome {
        let clock = NegotiationClock(limit: timeLimit)
        var known = ideals.map { KnownPlan($0.quarters, criterion: criterion) }
        var best = known.max { $0.smallest < $1.smallest }!
        var bound: Double?
        var log = ""
        var size = (rows: 0, columns: 0, nonzeros: 0)
        var previous: [Double]?
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
            let roadmap = try RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: options)
                .plan(valued, startingFrom: try assembled(valued, start.quarters))
            guard roadmap.status == .optimal || roadmap.status == .feasible else { break }
            let plan = KnownPlan(schedule(of: roadmap), criterion: criterion)
            known.append(plan)
            size = (roadmap.report.rows, roadmap.report.columns, roadmap.report.nonzeros)
            if plan.smallest > best.smallest { best = plan }
            previous = weights
            if let b = roadmap.bound { bound = min(bound ?? b, b) }
            let line =
                "max-min by weights, round \(round): weights "
                + weights.map { String(format: "%.3f", $0) }.joined(separator: " ") + ", shares "
                + plan.shares.map { String(format: "%.4f", $0) }.joined(separator: " ")
                + ", bound \(bound.map { String(format: "%.5f", $0) } ?? "-") after "
                + "\(String(format: "%.1f", clock.elapsed)) s\n"
            log += line
            planner.options.onOutput?(line)
            if let bound, bound - best.smallest <= Tolerance.objective * max(1, abs(bound)) { break }
        }
        return Outcome(
            quarters: best.quarters, proven: false, bound: bound.map { max($0, best.smallest) }, log: log,
            size: size, engine: .portfolioCore)
    }

    /// The weighted plans of `maxMinByWeights`.
    static let weightRounds = 4
    /// How far (in each weight) the second round's weights may move from the first's.
    static let firstBox = 0.1
    /// The part of the time left that round `round` (from 1) may take: 40% of the whole for the
    /// first (its weights come from the ideals alone), 20% for each later one. Giving the last
    /// round 40% instead (its plan and bound being the ones kept) was measured on the 200 × 8
    /// portfolio: its bound did not tighten (0.95635 after 6 s, as after 3 s) and its plan was
    /// less balanced.
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
