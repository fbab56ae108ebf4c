import OptimizationModel
import ScenarioModel

/// The time-indexed integer program of spec §3 (see `docs/formulation.md`).
///
/// Column x[s,t] = 1 when step s is taken in quarter t; "reached by the end of t" is the sum
/// y[s,t] = Σ_{τ≤t} x[s,τ]. Columns exist only from the step's earliest quarter on. Rows: each
/// step at most once, ladder and dependency precedences, symmetry breaking, budget (per quarter,
/// or cumulative with carry-over), total budget, effort; deadlines are rows on y.
///
/// This "taken in" form keeps each quarter's budget and effort row a plain knapsack
/// (Σ c_s x[s,t] ≤ B_t), on which GLPK's cuts work; in the "reached by" form the same rows mix
/// signs and GLPK could not close a 1% gap in 60 s on the HVAC scenario at a tight budget
/// (see docs/formulation.md for the measurements).
struct RoadmapModel: Sendable {
    /// Which constraints are made elastic, to explain an infeasible scenario.
    enum Relaxation: Sendable {
        /// The model of spec §3 as it is.
        case none
        /// Budgets and effort may be exceeded; minimise the overrun, deadlines hard.
        case budgets
        /// Deadlines (and `minimize-cost` targets) may slip; minimise the quarters of slip, budgets hard.
        case deadlines
    }

    let problem: PlanningProblem
    let relaxation: Relaxation
    private(set) var mip: MIPModel
    /// First column of each step, or -1 when the step cannot be scheduled in the horizon.
    let firstColumn: [Int]
    /// The overrun column of each resource limit (`.budgets` only), in the order of the limits.
    private(set) var overrun: [(limit: ResourceRules.Limit, column: Int)] = []
    /// Groups of interchangeable ladders (each a list of step indices), ordered by the symmetry rows.
    private var symmetricLadders: [[[Int]]] = []
    /// The flows of the limits' knapsacks, when the model has them.
    private(set) var flows: KnapsackFlows?

    private var horizon: Int { problem.scenario.horizon }
    private typealias Terms = [(column: Int, coefficient: Double)]

    /// Builds the model.
    /// - Parameters:
    ///   - steps: The scenario's candidate steps.
    ///   - relaxation: Which constraints are elastic.
    ///   - knapsackFlows: Whether to add the hull of each budget and effort limit as flows
    ///     (`KnapsackFlows`; only with `relaxation` `.none`): a stronger LP, a larger program.
    ///   - symmetryRows: Whether to order interchangeable ladders by rows (for GLPK, which has no
    ///     symmetry handling). A prover with its own (HiGHS) proves faster without them: the
    ///     columns are the same either way (docs/performance.md, session 12).
    init(
        problem: PlanningProblem, relaxation: Relaxation = .none, knapsackFlows: Bool = false, symmetryRows: Bool = true
    ) {
        self.problem = problem
        self.relaxation = relaxation
        let scenario = problem.scenario
        let H = scenario.horizon
        // minimize-cost must reach every target and each step has a fixed cost, so all its plans cost the
        // same; among them the earliest maturity is chosen, i.e. the maximize-maturity objective.
        let sense: MIPModel.Sense = relaxation == .none ? .maximize : .minimize
        var mip = MIPModel(name: scenario.name, sense: sense)
        var first = [Int](repeating: -1, count: problem.steps.count)
        for (s, step) in problem.steps.enumerated() where problem.isSchedulable(step) {
            first[s] = mip.columnCount
            let system = problem.ownerID(of: step)
            for t in step.earliestQuarter...H {
                mip.addColumn(name: "x_\(system)_\(step.practiceID)_\(step.kind.rawValue)\(step.to)_q\(t)")
            }
        }
        self.firstColumn = first
        self.mip = mip
        addPrecedenceRows()
        if symmetryRows { addSymmetryBreakingRows() }
        addResourceRows()
        addDeadlinesAndObjective()
        if knapsackFlows && relaxation == .none {
            var mip = self.mip
            flows = KnapsackFlows(model: self, into: &mip)
            self.mip = mip
        }
    }

    /// The column of step `s` taken in quarter `t`, or `nil` where that cannot happen by construction.
    func column(step s: Int, quarter t: Int) -> Int? {
        let earliest = problem.steps[s].earliestQuarter
        guard firstColumn[s] >= 0, t >= earliest, t <= horizon else { return nil }
        return firstColumn[s] + (t - earliest)
    }

    /// y[s,t] = Σ_{τ≤t} x[s,τ], times `weight`.
    private func reached(_ s: Int, by t: Int, weight: Double = 1) -> Terms {
        guard firstColumn[s] >= 0 else { return [] }
        let earliest = problem.steps[s].earliestQuarter
        return (earliest...max(earliest, min(t, horizon))).compactMap { τ in
            τ <= t ? column(step: s, quarter: τ).map { ($0, weight) } : nil
        }
    }

    private mutating func addPrecedenceRows() {
        for (s, step) in problem.steps.enumerated() where firstColumn[s] >= 0 {
            mip.addRow(name: "once_\(s)", terms: reached(s, by: horizon), upper: 1)
            let links = (step.predecessor.map { [("ladder", $0)] } ?? []) + step.requires.map { ("dep", $0) }
            for (label, other) in links {
                // Reached by t only if the other step was reached by t − 1.
                for t in step.earliestQuarter...horizon {
                    mip.addRow(
                        name: "\(label)_\(s)_\(t)",
                        terms: reached(s, by: t) + reached(other.position, by: t - 1, weight: -1),
                        upper: 0)
                }
            }
        }
    }

    /// Ladders that are interchangeable (same cost, effort, value and due quarter step by step, the
    /// same earliest quarter, and no dependency in or out) can be swapped in any plan without
    /// changing its cost or value. Ordering their first steps (the first ladder starts no later
    /// than the second) removes those equivalent plans from the search; GLPK has no symmetry
    /// handling of its own.
    private mutating func addSymmetryBreakingRows() {
        let all = problem.steps
        var involved = Set<Int>()
        for (s, step) in all.enumerated() where !step.requires.isEmpty {
            involved.insert(s)
            involved.formUnion(step.requires.map(\.position))
        }
        struct Signature: Hashable {
            let earliest: Int
            let steps: [[Double]]
        }
        var groups: [Signature: [Int]] = [:]
        var order: [Signature] = []
        var ladders: [Int: [Int]] = [:]
        var s = 0
        while s < all.count {
            // A ladder: consecutive steps of one (system, practice, kind), the first without predecessor.
            var ladder = [s]
            while ladder.last! + 1 < all.count, all[ladder.last! + 1].predecessor?.position == ladder.last! {
                ladder.append(ladder.last! + 1)
            }
            defer { s = ladder.last! + 1 }
            guard firstColumn[s] >= 0, ladder.allSatisfy({ !involved.contains($0) && firstColumn[$0] >= 0 }) else {
                continue
            }
            let signature = Signature(
                earliest: all[s].earliestQuarter,
                steps: ladder.map {
                    // Two ladders trade places only if every party values and pays them alike (spec §7).
                    [
                        all[$0].cost, all[$0].effort, all[$0].value, Double(all[$0].dueQuarter ?? 0),
                        Double(all[$0].baselineQuarter ?? 0),
                    ] + all[$0].partyValues + all[$0].pays
                })
            if groups[signature] == nil { order.append(signature) }
            groups[signature, default: []].append(s)
            ladders[s] = ladder
        }
        for signature in order where groups[signature]!.count > 1 {
            symmetricLadders.append(groups[signature]!.map { ladders[$0]! })
        }
        for signature in order {
            let firsts = groups[signature]!
            for (a, b) in zip(firsts, firsts.dropFirst()) {
                for t in all[a].earliestQuarter...horizon {
                    mip.addRow(
                        name: "sym_\(b)_\(t)", terms: reached(b, by: t) + reached(a, by: t, weight: -1), upper: 0)
                }
            }
        }
    }

    /// Σ use × x[s,τ] over the quarters τ of `quarters`: what the steps taken then use of a resource.
    private func terms(in quarters: ClosedRange<Int>, of resource: ResourceRules.Resource) -> Terms {
        problem.steps.indices.flatMap { s -> Terms in
            let use = ResourceRules.use(of: problem.steps[s], resource)
            guard use != 0, firstColumn[s] >= 0 else { return [] }
            let from = max(quarters.lowerBound, problem.steps[s].earliestQuarter),
                to = min(quarters.upperBound, horizon)
            guard from <= to else { return [] }
            return (from...to).map { (column(step: s, quarter: $0)!, use) }
        }
    }

    /// A row per limit of spec §3.2–3.3 (`ResourceRules`); with `.budgets`, each has an overrun column.
    private mutating func addResourceRows() {
        let elastic = relaxation == .budgets
        for limit in problem.rules.limits {
            var terms = terms(in: limit.quarters, of: limit.resource)
            if elastic {
                let o = mip.addColumn(name: limit.overrunName, upper: .infinity, integer: false, objective: 1)
                overrun.append((limit, o))
                terms.append((o, -1))
            }
            if !terms.isEmpty { mip.addRow(name: limit.name, terms: terms, upper: limit.amount) }
        }
        // Spec §7: a party's value at least its floor (the agreement's proofs only).
        for floor in problem.valueFloors {
            let terms = problem.steps.indices.flatMap { s -> Terms in
                guard problem.steps[s].partyValues[floor.party] != 0, firstColumn[s] >= 0 else { return [] }
                return (problem.steps[s].earliestQuarter...horizon).map {
                    (column(step: s, quarter: $0)!, problem.partyValue(floor.party, of: s, in: $0))
                }
            }
            mip.addRow(name: "value_floor_\(floor.party)", terms: terms, lower: floor.minimum)
        }
    }

    private mutating func addDeadlinesAndObjective() {
        for (s, step) in problem.steps.enumerated() where firstColumn[s] >= 0 {
            if relaxation != .deadlines, let due = step.dueQuarter {
                // Structural checks guarantee due ≥ earliest before the plain model is solved.
                mip.addRow(name: "due_\(s)", terms: reached(s, by: due), lower: 1)
            }
            for t in step.earliestQuarter...horizon {
                let c = column(step: s, quarter: t)!
                switch relaxation {
                case .none:
                    // Taken in t, the step holds for the H − t + 1 quarters t...H.
                    mip.setObjective(column: c, coefficient: problem.objective(of: s, in: t))
                case .budgets:
                    break
                case .deadlines:
                    // Slip: the quarters from the due quarter on in which the step is still missing,
                    // Σ_{u ≥ due} (1 − y[s,u]); taken in t it is missing in due...t−1.
                    if let due = step.dueQuarter {
                        mip.setObjective(column: c, coefficient: -Double(horizon - max(t, due) + 1))
                    }
                }
            }
            if relaxation == .deadlines, let due = step.dueQuarter {
                mip.objectiveConstant += Double(horizon - due + 1)
            }
        }
        if relaxation == .none { mip.objectiveConstant = problem.objectiveConstant }
        if relaxation == .deadlines {
            // Due steps that cannot be scheduled at all slip every quarter from their due quarter.
            for (s, step) in problem.steps.enumerated() where firstColumn[s] < 0 {
                if let due = step.dueQuarter { mip.objectiveConstant += Double(horizon - due + 1) }
            }
        }
    }

    /// Column values of a plan given as the quarter each step is taken in (`nil`: not taken).
    /// Only for the plain model (`.none`): its step columns, and its flows when it has them.
    ///
    /// Interchangeable ladders swap schedules first so that the plan meets the symmetry rows:
    /// the same plan up to a relabelling, with the same cost and value.
    func values(forQuarters quarters: Schedule) -> [Double] {
        var quarters = quarters
        for group in symmetricLadders {
            func start(_ schedule: [Int?]) -> Int { (schedule.first ?? nil) ?? Int.max }
            let schedules = group.map { ladder in ladder.map { quarters[$0] } }.sorted { start($0) < start($1) }
            for (ladder, schedule) in zip(group, schedules) {
                for (s, q) in zip(ladder, schedule) { quarters[s] = q }
            }
        }
        var values = [Double](repeating: 0, count: mip.columnCount)
        for (s, quarter) in quarters.enumerated() {
            if let quarter, let c = column(step: s, quarter: quarter) { values[c] = 1 }
        }
        flows?.setValues(&values, quarters: quarters)
        return values
    }

    /// The quarter in which each step is taken (`nil`: not taken) in a solution.
    /// - Parameter values: Column values from a solver.
    func quarters(from values: [Double]) -> Schedule {
        Schedule(
            problem.steps.indices.map { s in
                guard firstColumn[s] >= 0 else { return nil }
                return (problem.steps[s].earliestQuarter...horizon).first {
                    values[column(step: s, quarter: $0)!] > 0.5
                }
            })
    }
}
