import OptimizationModel
import ScenarioLoading

/// The time-indexed integer program of spec §3 (see `docs/formulation.md`).
///
/// Column y[s,t] = 1 when step s has been reached by the end of quarter t. Columns exist only
/// from the step's earliest quarter on (earlier ones are 0 by the ladder and dependencies).
/// Rows: monotone in time, ladder and dependency precedences, budget (per quarter or
/// cumulative with carry-over), total budget, effort; deadlines are bounds.
public struct RoadmapModel: Sendable {
    /// Which constraints are made elastic, to explain an infeasible scenario.
    public enum Relaxation: Sendable {
        /// The model of spec §3 as it is.
        case none
        /// Budgets and effort may be exceeded; minimise the overrun, deadlines hard.
        case budgets
        /// Deadlines (and `minimize-cost` targets) may slip; minimise the quarters of slip, budgets hard.
        case deadlines
    }

    public let steps: PlanningSteps
    public let relaxation: Relaxation
    public private(set) var mip: MIPModel
    /// First column of each step, or -1 when the step cannot be scheduled in the horizon.
    public let firstColumn: [Int]
    /// Overrun columns of the quarterly budget rows (`.budgets` only), by quarter.
    public private(set) var budgetOverrun: [Int] = []
    /// Overrun column of the total budget row (`.budgets` only).
    public private(set) var totalOverrun: Int?
    /// Overrun columns of the effort rows (`.budgets` only), by quarter.
    public private(set) var effortOverrun: [Int] = []

    private var horizon: Int { steps.scenario.horizon }

    /// Builds the model.
    /// - Parameters:
    ///   - steps: The scenario's candidate steps.
    ///   - relaxation: Which constraints are elastic.
    public init(steps: PlanningSteps, relaxation: Relaxation = .none) {
        self.steps = steps
        self.relaxation = relaxation
        let scenario = steps.scenario
        let H = scenario.horizon
        // minimize-cost must reach every target and each step has a fixed cost, so all its plans cost the
        // same; among them the earliest maturity is chosen, i.e. the maximize-maturity objective.
        let sense: MIPModel.Sense = relaxation == .none ? .maximize : .minimize
        var mip = MIPModel(name: scenario.name, sense: sense)
        var first = [Int](repeating: -1, count: steps.steps.count)
        for (s, step) in steps.steps.enumerated() where steps.isSchedulable(step) {
            first[s] = mip.columnCount
            let system = scenario.systems[step.systemIndex].id
            for t in step.earliestQuarter...H {
                mip.addColumn(name: "y_\(system)_\(step.practiceID)_\(step.kind.rawValue)\(step.to)_q\(t)")
            }
        }
        self.firstColumn = first
        self.mip = mip
        addPrecedenceRows()
        addResourceRows()
        addDeadlinesAndObjective()
    }

    /// The column of step `s` in quarter `t`, or `nil` where y[s,t] is 0 by construction.
    public func column(step s: Int, quarter t: Int) -> Int? {
        let earliest = steps.steps[s].earliestQuarter
        guard firstColumn[s] >= 0, t >= earliest, t <= horizon else { return nil }
        return firstColumn[s] + (t - earliest)
    }

    private mutating func addPrecedenceRows() {
        for (s, step) in steps.steps.enumerated() where firstColumn[s] >= 0 {
            for t in step.earliestQuarter...horizon {
                let here = column(step: s, quarter: t)!
                if let before = column(step: s, quarter: t - 1) {
                    mip.addRow(name: "mono_\(s)_\(t)", terms: [(before, 1), (here, -1)], upper: 0)
                }
                for (label, other) in (step.predecessor.map { [("ladder", $0)] } ?? []) + step.requires.map({ ("dep", $0) }) {
                    // The earliest quarter guarantees the other step has a column at t - 1.
                    mip.addRow(name: "\(label)_\(s)_\(t)", terms: [(here, 1), (column(step: other, quarter: t - 1)!, -1)],
                               upper: 0)
                }
            }
        }
    }

    /// Terms of "what is spent in quarter t": weight × (y[s,t] − y[s,t−1]).
    private func spendTerms(quarter t: Int, weight: (CandidateStep) -> Double) -> [(column: Int, coefficient: Double)] {
        var terms: [(column: Int, coefficient: Double)] = []
        for (s, step) in steps.steps.enumerated() where firstColumn[s] >= 0 {
            let w = weight(step)
            guard w != 0 else { continue }
            if let here = column(step: s, quarter: t) { terms.append((here, w)) }
            if let before = column(step: s, quarter: t - 1) { terms.append((before, -w)) }
        }
        return terms
    }

    private func reachedTerms(quarter t: Int, weight: (CandidateStep) -> Double) -> [(column: Int, coefficient: Double)] {
        steps.steps.indices.compactMap { s in
            let w = weight(steps.steps[s])
            guard w != 0, let c = column(step: s, quarter: t) else { return nil }
            return (c, w)
        }
    }

    private mutating func addResourceRows() {
        let scenario = steps.scenario
        let elastic = relaxation == .budgets
        var cumulative = 0.0
        for t in 1...horizon {
            cumulative += scenario.budget.quarterly[t - 1]
            var terms = scenario.budget.carryOver ? reachedTerms(quarter: t) { $0.cost } : spendTerms(quarter: t) { $0.cost }
            if elastic {
                let o = mip.addColumn(name: "budget_overrun_q\(t)", upper: .infinity, integer: false, objective: 1)
                budgetOverrun.append(o)
                terms.append((o, -1))
            }
            if !terms.isEmpty {
                mip.addRow(name: "budget_q\(t)", terms: terms,
                           upper: scenario.budget.carryOver ? cumulative : scenario.budget.quarterly[t - 1])
            }
        }
        if let total = scenario.budget.total {
            var terms = reachedTerms(quarter: horizon) { $0.cost }
            if elastic {
                let o = mip.addColumn(name: "total_overrun", upper: .infinity, integer: false, objective: 1)
                totalOverrun = o
                terms.append((o, -1))
            }
            if !terms.isEmpty { mip.addRow(name: "budget_total", terms: terms, upper: total) }
        }
        if let capacity = scenario.effortCapacity {
            for t in 1...horizon {
                var terms = spendTerms(quarter: t) { $0.effort }
                if elastic {
                    let o = mip.addColumn(name: "effort_overrun_q\(t)", upper: .infinity, integer: false, objective: 1)
                    effortOverrun.append(o)
                    terms.append((o, -1))
                }
                if !terms.isEmpty { mip.addRow(name: "effort_q\(t)", terms: terms, upper: capacity[t - 1]) }
            }
        }
    }

    private mutating func addDeadlinesAndObjective() {
        for (s, step) in steps.steps.enumerated() where firstColumn[s] >= 0 {
            switch relaxation {
            case .none, .budgets:
                if let due = step.dueQuarter, let c = column(step: s, quarter: due) {
                    mip.setBounds(column: c, lower: 1, upper: 1)
                }
            case .deadlines:
                break
            }
            for t in step.earliestQuarter...horizon {
                let c = column(step: s, quarter: t)!
                switch relaxation {
                case .none:
                    mip.setObjective(column: c, coefficient: step.value)
                case .budgets:
                    break
                case .deadlines:
                    // Each quarter at or after the due quarter in which the step is still missing is a quarter of slip.
                    if let due = step.dueQuarter, t >= due {
                        mip.setObjective(column: c, coefficient: -1)
                        mip.objectiveConstant += 1
                    }
                }
            }
        }
        if relaxation == .deadlines {
            // Due steps that cannot be scheduled at all slip every quarter from their due quarter.
            for (s, step) in steps.steps.enumerated() where firstColumn[s] < 0 {
                if let due = step.dueQuarter { mip.objectiveConstant += Double(horizon - due + 1) }
            }
        }
    }

    /// The quarter in which each step is taken (`nil`: not taken) in a solution.
    /// - Parameter values: Column values from a solver.
    public func quarters(from values: [Double]) -> [Int?] {
        steps.steps.indices.map { s in
            guard firstColumn[s] >= 0 else { return nil }
            return (steps.steps[s].earliestQuarter...horizon).first { values[column(step: s, quarter: $0)!] > 0.5 }
        }
    }
}
