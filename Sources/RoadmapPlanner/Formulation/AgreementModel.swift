import Foundation
import OptimizationModel

/// Spec §7's agreement rules as one integer program (docs/stakeholders.md).
///
/// The rows are `RoadmapModel`'s (spec §3 and every money, effort and payment limit of
/// `ResourceRules`, the parties' budgets included); the objective is replaced. Each party k in
/// the agreement gets a share column σ_k = V_k(plan) / ideal_k (one equality row over the step
/// columns, coefficient value_k × (H − t + 1) / ideal_k), so every criterion is a few sparse rows
/// on the σ's:
/// - max-min's first criterion: maximise z with σ_k ≥ z;
/// - nash: maximise Σ u_k with u_k ≤ log a + σ_k / a − 1 for each breakpoint a (tangents of log,
///   so u_k ≥ log σ_k is never cut off and the program's bound is a bound on Σ log share).
///
/// Criteria that are one party's value (or a sum of values) under floors on the others' — max-min's
/// proof and second criterion, the frontier — are not solved here but as the usual program with
/// `ValueFloor` rows, whose objective has a granularity a prover prunes by (`NegotiationEngine`).
struct AgreementModel {
    /// What the program maximises.
    enum Criterion: Sendable {
        /// The smallest share (max-min's first criterion).
        case smallestShare
        /// Σ log share, piecewise linear.
        case logShares
    }

    let base: RoadmapModel
    private(set) var mip: MIPModel
    /// The share column of each party of `parties`.
    private(set) var shareColumns: [Int] = []
    /// z (max-min) or the u_k (nash).
    private(set) var criterionColumns: [Int] = []
    let parties: [Int]
    let criterion: Criterion

    /// The tangent points of the log: geometric from 1e-3 to 1.25 (shares above 1 arise only
    /// against an unproven ideal).
    static let breakpoints: [Double] = {
        let low = 1e-3, high = 1.25, count = 160
        let ratio = pow(high / low, 1 / Double(count - 1))
        return (0..<count).map { low * pow(ratio, Double($0)) }
    }()

    /// The largest amount by which the tangents overstate log s for a share s in
    /// [breakpoints.first, breakpoints.last]: between tangents at a < b, at their crossing.
    static let logError: Double =
        zip(breakpoints, breakpoints.dropFirst()).map { a, b in
            let crossing = log(b / a) / (1 / a - 1 / b)
            return log(a) + crossing / a - 1 - log(crossing)
        }.max() ?? 0

    /// What proven plans say of every plan, to tighten the program's relaxation (valid rows, so
    /// no plan is cut off): a share is at most 1 when its ideal is proven; the sum of shares is at
    /// most the proven bound of the plan that maximises it.
    struct KnownBounds: Sendable {
        var shareCaps: [Double?] = []
        var sumCap: Double? = nil
    }

    /// - Parameters:
    ///   - problem: The scenario's problem (its steps carry `partyValues`).
    ///   - parties: The parties in the agreement (indices into `Scenario.stakeholders`).
    ///   - ideals: Their ideals, in the order of `parties` (each above 0).
    ///   - known: Bounds proven by earlier solves.
    init(
        problem: PlanningProblem, parties: [Int], ideals: [Double], criterion: Criterion,
        known: KnownBounds = KnownBounds()
    ) {
        base = RoadmapModel(problem: problem)
        self.parties = parties
        self.criterion = criterion
        var mip = base.mip
        for c in 0..<mip.columnCount { mip.setObjective(column: c, coefficient: 0) }
        mip.objectiveConstant = 0
        let H = problem.scenario.horizon
        for (i, k) in parties.enumerated() {
            let sigma = mip.addColumn(name: "share_\(k)", lower: 0, upper: .infinity, integer: false)
            var terms: [(column: Int, coefficient: Double)] = [(sigma, -1)]
            for (s, step) in problem.steps.enumerated() where step.partyValues[k] != 0 {
                for t in step.earliestQuarter...max(step.earliestQuarter, H) {
                    guard let c = base.column(step: s, quarter: t) else { continue }
                    terms.append((c, problem.partyValue(k, of: s, in: t) / ideals[i]))
                }
            }
            mip.addRow(name: "share_of_\(k)", terms: terms, lower: 0, upper: 0)
            if i < known.shareCaps.count, let cap = known.shareCaps[i] {
                mip.setBounds(column: sigma, lower: 0, upper: cap)
            }
            shareColumns.append(sigma)
        }
        if let cap = known.sumCap {
            mip.addRow(name: "sum_of_shares", terms: shareColumns.map { ($0, 1) }, upper: cap)
        }
        switch criterion {
        case .smallestShare:
            let z = mip.addColumn(name: "smallest_share", lower: 0, upper: .infinity, integer: false, objective: 1)
            for (i, sigma) in shareColumns.enumerated() {
                mip.addRow(name: "smallest_\(parties[i])", terms: [(sigma, 1), (z, -1)], lower: 0)
            }
            criterionColumns = [z]
        case .logShares:
            for (i, sigma) in shareColumns.enumerated() {
                let u = mip.addColumn(
                    name: "log_share_\(parties[i])", lower: log(Self.breakpoints[0]) - 1 - 50, upper: 1,
                    integer: false, objective: 1)
                for (j, a) in Self.breakpoints.enumerated() {
                    mip.addRow(name: "tangent_\(parties[i])_\(j)", terms: [(u, 1), (sigma, -1 / a)], upper: log(a) - 1)
                }
                criterionColumns.append(u)
            }
        }
        self.mip = mip
    }

    /// Column values of a plan: its steps (`RoadmapModel.values`), its shares, and the
    /// criterion's columns at the best value the plan allows.
    func values(forQuarters quarters: Schedule, shares: [Double]) -> [Double] {
        var values = base.values(forQuarters: quarters)
        values += Array(repeating: 0, count: mip.columnCount - values.count)
        for (sigma, share) in zip(shareColumns, shares) { values[sigma] = share }
        switch criterion {
        case .smallestShare: values[criterionColumns[0]] = shares.min() ?? 0
        case .logShares:
            for (u, share) in zip(criterionColumns, shares) {
                values[u] = Self.breakpoints.map { log($0) + share / $0 - 1 }.min()!
            }
        }
        return values
    }
}
