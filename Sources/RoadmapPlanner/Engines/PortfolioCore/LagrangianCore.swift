import Foundation
import ScenarioModel

/// The Lagrangian bound of the roadmap program: the budget, total and effort rows and the parties'
/// payment rows (spec §7 rule 5), the only ones that couple systems, are priced by multipliers;
/// what remains splits into one maximum-weight closure problem per group of steps that ladders
/// and dependencies connect (within a system):
/// a ladder that no dependency touches is solved by `LadderChain`'s dynamic program, any other
/// group by a minimum cut. For any multipliers ≥ 0 the value is a proven upper bound on the best
/// plan; the subproblems are totally unimodular, so the best multipliers give the LP relaxation's
/// bound. The average of the subproblem solutions over the iterations approximates the LP
/// solution and guides the rounding to a plan.
struct LagrangianCore {
    let problem: PlanningProblem
    private let horizon: Int
    /// Groups with dependencies: the closure graph over nodes (step, quarter), y = reached by the end of quarter.
    private var graphs: [MaxClosure] = []
    private var nodesOfGraph: [[(step: Int, quarter: Int)]] = []
    /// Plain ladders.
    private var chains: [LadderChain] = []
    /// The rows it prices: every limit of `ResourceRules` (spec §3.2–3.3, §7 rule 5), or all but
    /// the parties' payments (`pricingPayments` false: a weaker bound that converges sooner).
    private let rows: [ResourceRules.Limit]
    /// Whether `rows` hold payment rows: only then are the parties' payments priced and summed.
    private let pricesPayments: Bool
    /// The minimum cut and the dynamic program treat differences below a tie as equal, so a
    /// subproblem's answer may fall short of its maximum by up to that much per edge or decision;
    /// the bound adds this allowance (`Tolerance.tieAllowance` per node or chain step) so that it stays proven.
    private var tieAllowance = 0.0

    /// - Parameters:
    ///   - pricingPayments: Whether the parties' payment rows are priced; left out, the bound is
    ///     still a bound (the rounding and the windows keep every limit).
    init(problem: PlanningProblem, pricingPayments: Bool = true) {
        self.problem = problem
        let scenario = problem.scenario
        horizon = scenario.horizon
        rows = problem.rules.limits.filter { pricingPayments || !$0.resource.isPayment }
        pricesPayments = rows.contains { $0.resource.isPayment }
        for members in Self.connectedGroups(of: problem) {
            if let chain = LadderChain(members: members, of: problem) {
                chains.append(chain)
                continue
            }
            var index: [Int: Int] = [:]  // step * (H + 1) + quarter -> node
            var nodes: [(step: Int, quarter: Int)] = []
            for s in members {
                for t in problem.steps[s].earliestQuarter...horizon {
                    index[s * (horizon + 1) + t] = nodes.count
                    nodes.append((s, t))
                }
            }
            var implications: [(Int, Int)] = []
            var forced: [Int] = []
            for (n, node) in nodes.enumerated() {
                let step = problem.steps[node.step]
                if node.quarter < horizon {
                    implications.append((n, index[node.step * (horizon + 1) + node.quarter + 1]!))
                }
                for other in step.prerequisites {
                    // The earliest quarters guarantee the other step has a node at quarter − 1.
                    implications.append((n, index[other * (horizon + 1) + node.quarter - 1]!))
                }
                if let due = step.dueQuarter, due == node.quarter { forced.append(n) }
            }
            graphs.append(MaxClosure(nodeCount: nodes.count, implications: implications, forced: forced))
            nodesOfGraph.append(nodes)
        }
        tieAllowance =
            Tolerance.tieAllowance
            * Double(nodesOfGraph.reduce(0) { $0 + $1.count } + chains.reduce(0) { $0 + $1.steps.count })
    }

    /// Result of one evaluation at given multipliers.
    struct Evaluation {
        /// The Lagrangian value: a proven upper bound on the best plan.
        let bound: Double
        /// The quarter each step is taken in by the subproblem solution (`nil`: not taken).
        let quarters: Schedule
        /// Subgradient of the bound with respect to the scaled multipliers (1 − usage / rhs).
        let subgradient: [Double]
    }

    var rowCount: Int { rows.count }

    /// Solves every system's subproblem at these scaled multipliers (a multiplier per row, in units
    /// of objective per row-right-hand-side).
    mutating func evaluate(multipliers: [Double]) -> Evaluation {
        let all = problem.steps
        // Price of taking step s in quarter t: Σ over rows of multiplier × usage / rhs.
        var moneyPrice = [Double](repeating: 0, count: horizon + 2)  // per unit of cost, by quarter taken
        var effortPrice = [Double](repeating: 0, count: horizon + 2)
        // Per unit party k pays (spec §7 rule 5), by quarter taken.
        var paymentPrice = [[Double]](
            repeating: [Double](repeating: 0, count: horizon + 2), count: pricesPayments ? problem.rules.partyCount : 0)
        var constant = 0.0
        for (r, row) in rows.enumerated() {
            let m = multipliers[r]
            guard m != 0 else { continue }
            // Multipliers are scaled by the row's right-hand side (1 for a zero one) so that money and
            // effort rows move at comparable rates.
            let scale = row.amount > 0 ? row.amount : 1
            constant += m * row.amount / scale
            let perUnit = m / scale
            for t in row.quarters {
                switch row.resource {
                case .money: moneyPrice[t] += perUnit
                case .effort: effortPrice[t] += perUnit
                case .payment(let k): paymentPrice[k][t] += perUnit
                }
            }
        }
        func profit(_ s: Int, _ t: Int) -> Double {
            guard t <= horizon else { return 0 }
            let step = all[s]
            var price = step.cost * moneyPrice[t] + step.effort * effortPrice[t]
            for k in paymentPrice.indices where paymentPrice[k][t] != 0 {
                price += ResourceRules.use(of: step, .payment(k)) * paymentPrice[k][t]
            }
            return problem.objective(of: s, in: t) - price
        }
        var quarters = Schedule(stepCount: all.count)
        var value = constant + tieAllowance + problem.objectiveConstant
        for chain in chains {
            for (k, quarter) in chain.solve(profit: profit).enumerated() { quarters[chain.steps[k]] = quarter }
        }
        for g in graphs.indices {
            let nodes = nodesOfGraph[g]
            guard !nodes.isEmpty else { continue }
            // y[s,t] carries p(s,t) − p(s,t+1): taken in τ, Σ_{t ≥ τ} of it telescopes to p(s,τ).
            let weights = nodes.map { profit($0.step, $0.quarter) - profit($0.step, $0.quarter + 1) }
            let closure = graphs[g].solve(weights: weights)
            for (n, node) in nodes.enumerated() where closure[n] {
                if quarters[node.step] == nil || node.quarter < quarters[node.step]! {
                    quarters[node.step] = node.quarter
                }
            }
        }
        // Money and effort per quarter taken, then each row's usage from those sums.
        var money = [Double](repeating: 0, count: horizon + 1), effort = [Double](repeating: 0, count: horizon + 1)
        for (s, quarter) in quarters.enumerated() {
            guard let t = quarter else { continue }
            value += profit(s, t)
            money[t] += all[s].cost
            effort[t] += all[s].effort
        }
        // What each party pays, when its rows are priced (else no row reads it).
        let payments = pricesPayments ? problem.rules.payments(of: all, quarters: quarters) : []
        let usage = ResourceRules.usage(of: rows, money: money, effort: effort, payments: payments)
        let subgradient = rows.indices.map { r in
            (rows[r].amount - usage[r]) / (rows[r].amount > 0 ? rows[r].amount : 1)
        }
        return Evaluation(bound: value, quarters: quarters, subgradient: subgradient)
    }

    /// The schedulable steps in groups that ladders and dependencies connect, each group in step
    /// order, groups in order of their first step (deterministic).
    static func connectedGroups(of problem: PlanningProblem) -> [[Int]] {
        var sets = DisjointSets(count: problem.steps.count)
        let schedulable = problem.steps.indices.filter { problem.isSchedulable(problem.steps[$0]) }
        for s in schedulable {
            for other in problem.steps[s].prerequisites { sets.join(s, other) }
        }
        return sets.groups(of: schedulable)
    }
}
