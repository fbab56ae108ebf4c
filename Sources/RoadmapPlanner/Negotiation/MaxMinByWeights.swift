import Foundation
import Roadmaps

extension NegotiationEngine {
    /// Max-min for portfolios (the portfolio core's scale), as the Lagrangian of its share rows:
    /// for weights λ on the parties (summing to 1), the plan of the largest Σ λ_k σ_k is a change of
    /// values (`valuedByShares`) that the usual engines plan, the core included, and the bound they
    /// prove on Σ λ_k σ_k bounds every plan's smallest share (min σ ≤ Σ λ σ). The weights move
    /// towards the parties whose share is smallest (multiplicative weights, a subgradient step of
    /// that dual), each weighted plan a start for the next; the plan kept is the one with the
    /// largest smallest share, the bound the smallest found. Never claimed optimal: the second
    /// criterion (the largest sum of shares) is not searched at this scale; the gap says how close
    /// the first is.
    func maxMinByWeights(criterion: AgreementCriterion, ideals: [Ideal], timeLimit: Double?) throws -> Outcome {
        let clock = NegotiationClock(limit: timeLimit)
        let n = criterion.included.count
        var weights = [Double](repeating: 1 / Double(n), count: n)
        var best = ideals.map(\.quarters).max { criterion.value($0) < criterion.value($1) }!
        var bound: Double?
        var log = ""
        var start: Schedule? = best
        var size = (rows: 0, columns: 0, nonzeros: 0)
        for round in 1...Self.weightRounds {
            let valued = problem.valuedByShares(
                included: criterion.included, weights: weights, ideals: criterion.ideals)
            var options = planner.options
            options.timeLimit = clock.share(1, of: Self.weightRounds - round + 1)
            let roadmap = try RoadmapPlanner(solver: planner.solver, provers: planner.provers, options: options)
                .plan(valued, startingFrom: try start.map { try assembled(valued, $0) })
            guard roadmap.status == .optimal || roadmap.status == .feasible else { break }
            let quarters = schedule(of: roadmap)
            size = (roadmap.report.rows, roadmap.report.columns, roadmap.report.nonzeros)
            let shares = criterion.shares(quarters)
            if criterion.value(quarters) > criterion.value(best) { best = quarters }
            if let b = roadmap.bound { bound = min(bound ?? b, b) }
            let line =
                "max-min by weights, round \(round): weights "
                + weights.map { String(format: "%.3f", $0) }.joined(separator: " ") + ", shares "
                + shares.map { String(format: "%.4f", $0) }.joined(separator: " ")
                + ", bound \(bound.map { String(format: "%.5f", $0) } ?? "-") after "
                + "\(String(format: "%.1f", clock.elapsed)) s\n"
            log += line
            planner.options.onOutput?(line)
            let smallest = criterion.value(best)
            if let bound, bound - smallest <= Tolerance.objective * max(1, abs(bound)) { break }
            // Weight moves to the parties below the weighted mean, by more the larger the gap.
            let mean = zip(weights, shares).reduce(0) { $0 + $1.0 * $1.1 }
            let spread = max(shares.max()! - shares.min()!, 1e-3)
            let step = 2 / spread / Double(round).squareRoot()
            weights = zip(weights, shares).map { $0 * exp(-step * ($1 - mean)) }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
            start = quarters
        }
        let smallest = criterion.value(best)
        return Outcome(
            quarters: best, proven: false, bound: bound.map { max($0, smallest) }, log: log, size: size,
            engine: .portfolioCore)
    }

    /// The weighted plans of `maxMinByWeights`, the time shared between them.
    static let weightRounds = 6
}
