import OptimizationModel

/// What every `MIPSolver` must do, the way MathOptInterface's test suite holds each backend to the
/// same contract: a library of cases that any backend's tests run on their solver (this package
/// runs them on GLPK in each of its role settings, on HiGHS when it is installed, and on the
/// brute-force solver of its tests).
///
/// Each case throws a `ConformanceFailure` saying what the solver got wrong, so that it runs under
/// any test framework:
///
/// ```swift
/// @Test(arguments: ConformanceSuite.cases)
/// func conforms(_ check: ConformanceSuite.Case) throws { try check.run(MySolver()) }
/// ```
public enum ConformanceSuite {
    /// One requirement, by name.
    public struct Case: Sendable, CustomStringConvertible {
        public let name: String
        let body: @Sendable (any MIPSolver) throws -> Void

        /// Runs the case on `solver`; throws `ConformanceFailure` (or the solver's own error).
        public func run(_ solver: any MIPSolver) throws { try body(solver) }

        public var description: String { name }
    }

    /// Every case.
    public static let cases: [Case] = [
        Case(name: "proves the optimum of a knapsack", body: provesTheOptimumOfAKnapsack),
        Case(name: "minimises with equality rows and a constant", body: minimisesWithEqualityRowsAndAConstant),
        Case(name: "says infeasible", body: saysInfeasible),
        Case(name: "starts from a feasible point and never ends worse", body: startsFromAFeasiblePoint),
        Case(name: "refuses invalid models before solving", body: refusesInvalidModels),
        Case(name: "bounds without a plan when asked for the relaxation only", body: boundsTheRelaxationOnly),
        Case(name: "has a name", body: hasAName),
        Case(name: "keeps the optimum with an objective granularity", body: granularityKeepsTheOptimum),
        Case(name: "keeps every figure in the model's terms with eighths", body: granularityInEighths),
        Case(name: "claims nothing it did not prove when stopped before it starts", body: stoppedBeforeItStarts),
        Case(name: "claims nothing it did not prove at a node limit", body: honestAtANodeLimit),
        Case(name: "ends with a plan meeting a plan target no worse than the target", body: honestAtAPlanTarget),
        Case(name: "claims the optimum only when a gap of zero is proven", body: provesWithAZeroGap),
        Case(name: "ends with a plan as good as the objective it stops at", body: stopsAtAnObjective),
    ]

    // MARK: Programs with known answers

    /// A 12-item knapsack whose LP relaxation does not settle it.
    public static func knapsack() -> (model: MIPModel, values: [Double], weights: [Double], capacity: Double) {
        let values: [Double] = [23, 31, 29, 44, 53, 38, 63, 85, 89, 82, 41, 17]
        let weights: [Double] = [92, 57, 49, 68, 60, 43, 67, 84, 87, 72, 35, 21]
        var model = MIPModel(name: "knapsack", sense: .maximize)
        let columns = values.map { model.addColumn(name: "x", objective: $0) }
        model.addRow(name: "cap", terms: zip(columns, weights).map { ($0, $1) }, upper: 415)
        return (model, values, weights, 415)
    }

    /// Two knapsack rows over 16 items, with values that make the search branch.
    static func twoKnapsacks() -> MIPModel {
        var model = MIPModel(name: "two", sense: .maximize)
        let columns = (0..<16).map { i in model.addColumn(name: "x\(i)", objective: Double(31 + (i * 37) % 53)) }
        model.addRow(
            name: "a", terms: columns.enumerated().map { ($1, Double(40 + ($0 * 29) % 61)) }, upper: 401)
        model.addRow(
            name: "b", terms: columns.enumerated().map { ($1, Double(35 + ($0 * 43) % 67)) }, upper: 389)
        return model
    }

    /// The best subset, by enumeration written out here rather than by any solver.
    public static func bestSubset(values: [Double], weights: [Double], capacity: Double) -> Double {
        (0..<(1 << values.count)).reduce(0.0) { best, subset in
            let picked = values.indices.filter { subset & (1 << $0) != 0 }
            let weight = picked.reduce(0) { $0 + weights[$1] }
            return weight <= capacity ? max(best, picked.reduce(0) { $0 + values[$1] }) : best
        }
    }

    /// The optimum of `twoKnapsacks`, enumerated once.
    static let twoKnapsacksOptimum = enumeratedOptimum(twoKnapsacks())!

    /// The best value of a binary model, by enumeration (at most 20 columns).
    static func enumeratedOptimum(_ model: MIPModel) -> Double? {
        var best: Double?
        let n = model.columnCount
        for subset in 0..<(1 << n) {
            let point = (0..<n).map { subset & (1 << $0) != 0 ? 1.0 : 0.0 }
            guard model.violations(of: point).isEmpty else { continue }
            let value = model.objectiveValue(of: point)
            if best.map({ model.sense == .maximize ? value > $0 : value < $0 }) ?? true { best = value }
        }
        return best
    }

    /// The knapsack's LP relaxation: items by value per weight, the last one split.
    public static func fractionalBound(values: [Double], weights: [Double], capacity: Double) -> Double {
        var room = capacity, total = 0.0
        for i in values.indices.sorted(by: { values[$0] / weights[$0] > values[$1] / weights[$1] }) {
            let share = min(1, room / weights[i])
            total += share * values[i]
            room -= share * weights[i]
            if room <= 0 { break }
        }
        return total
    }

    // MARK: The cases

    static func provesTheOptimumOfAKnapsack(_ solver: any MIPSolver) throws {
        let (model, values, weights, capacity) = knapsack()
        let solution = try solver.solve(model, options: SolveOptions())
        try require(solution.status == .optimal, "status \(solution.status), expected optimal")
        let best = bestSubset(values: values, weights: weights, capacity: capacity)
        try require(solution.objective == best, "objective \(String(describing: solution.objective)), expected \(best)")
        try require(solution.bound == solution.objective, "bound \(String(describing: solution.bound)) ≠ objective")
        try require(solution.relativeGap == 0, "gap \(String(describing: solution.relativeGap))")
        try require(model.violations(of: solution.values).isEmpty, "the plan breaks the model")
        try require(model.objectiveValue(of: solution.values) == solution.objective, "objective ≠ value of the plan")
    }

    static func minimisesWithEqualityRowsAndAConstant(_ solver: any MIPSolver) throws {
        // min 3a + 2b + 4c + 5 subject to a + b + c = 2, a + c >= 1: the optimum is b + a = 10.
        var model = MIPModel(name: "min", sense: .minimize)
        let a = model.addColumn(name: "a", objective: 3)
        let b = model.addColumn(name: "b", objective: 2)
        let c = model.addColumn(name: "c", objective: 4)
        model.objectiveConstant = 5
        model.addRow(name: "two", terms: [(a, 1), (b, 1), (c, 1)], lower: 2, upper: 2)
        model.addRow(name: "ac", terms: [(a, 1), (c, 1)], lower: 1)
        let solution = try solver.solve(model, options: SolveOptions())
        try require(solution.status == .optimal, "status \(solution.status)")
        try require(solution.objective == 10, "objective \(String(describing: solution.objective)), expected 10")
        try require(solution.values == [1, 1, 0], "values \(solution.values), expected [1, 1, 0]")
    }

    static func saysInfeasible(_ solver: any MIPSolver) throws {
        var model = MIPModel(name: "none", sense: .maximize)
        let x = model.addColumn(name: "x", objective: 1)
        let y = model.addColumn(name: "y", objective: 1)
        model.addRow(name: "cap", terms: [(x, 1), (y, 1)], upper: 1.5)
        model.addRow(name: "both", terms: [(x, 1), (y, 1)], lower: 2)
        let solution = try solver.solve(model, options: SolveOptions())
        try require(solution.status == .infeasible, "status \(solution.status), expected infeasible")
        try require(solution.values.isEmpty && solution.objective == nil, "an infeasible answer carries a plan")
    }

    static func startsFromAFeasiblePoint(_ solver: any MIPSolver) throws {
        let (model, _, _, _) = knapsack()
        var start = [Double](repeating: 0, count: model.columnCount)
        start[7] = 1
        start[8] = 1
        var options = SolveOptions()
        options.initialSolution = start
        let solution = try solver.solve(model, options: options)
        try require(
            (solution.objective ?? 0) >= model.objectiveValue(of: start), "ended worse than its starting point")
        // With a node limit of one, the start still stands: a plan at least as good.
        options.nodeLimit = 1
        let limited = try solver.solve(model, options: options)
        try require(
            (limited.objective ?? 0) >= model.objectiveValue(of: start),
            "at a node limit it ended worse than its starting point")
        try require(model.violations(of: limited.values).isEmpty, "the plan breaks the model")
    }

    static func refusesInvalidModels(_ solver: any MIPSolver) throws {
        var nan = MIPModel(name: "nan", sense: .maximize)
        _ = nan.addColumn(name: "x", objective: .nan)
        try requireValidationError { try solver.solve(nan, options: SolveOptions()) }
        var reversed = MIPModel(name: "bounds", sense: .maximize)
        let x = reversed.addColumn(name: "x", objective: 1)
        reversed.setBounds(column: x, lower: 1, upper: 0)
        try requireValidationError { try solver.solve(reversed, options: SolveOptions()) }
    }

    /// `relaxationOnly` bounds without a plan: the knapsack's fractional (Dantzig) bound from a
    /// backend that solves LPs, a bound at least the optimum from any; an infeasible program is
    /// infeasible still.
    static func boundsTheRelaxationOnly(_ solver: any MIPSolver) throws {
        let (model, values, weights, capacity) = knapsack()
        var options = SolveOptions()
        options.relaxationOnly = true
        let solution = try solver.solve(model, options: options)
        try require(
            solution.status == .noSolution && solution.values.isEmpty && solution.objective == nil,
            "the relaxation alone came with a plan (\(solution.status))")
        let best = bestSubset(values: values, weights: weights, capacity: capacity)
        try require((solution.bound ?? -.infinity) >= best, "bound below the optimum")
        if let relaxation = solution.relaxationObjective {
            let dantzig = fractionalBound(values: values, weights: weights, capacity: capacity)
            try require(
                abs(relaxation - dantzig) < 1e-6 && solution.bound == relaxation,
                "relaxation \(relaxation), expected \(dantzig)")
        }
        var none = MIPModel(name: "none", sense: .maximize)
        let x = none.addColumn(name: "x", objective: 1)
        none.addRow(name: "cap", terms: [(x, 1)], upper: 0.5)
        none.addRow(name: "need", terms: [(x, 1)], lower: 0.75)
        let infeasible = try solver.solve(none, options: options)
        try require(infeasible.status == .infeasible, "status \(infeasible.status), expected infeasible")
    }

    static func hasAName(_ solver: any MIPSolver) throws {
        try require(!solver.name.isEmpty, "no name")
    }

    /// A granularity hint never changes the answer of a solve that finishes.
    static func granularityKeepsTheOptimum(_ solver: any MIPSolver) throws {
        let (model, values, weights, capacity) = knapsack()
        var options = SolveOptions()
        options.objectiveGranularity = 1
        let solution = try solver.solve(model, options: options)
        let best = bestSubset(values: values, weights: weights, capacity: capacity)
        try require(solution.objective == best, "objective \(String(describing: solution.objective)), expected \(best)")
        try require((solution.bound ?? .infinity) >= (solution.objective ?? 0), "bound below the plan")
    }

    /// With values in eighths, a granularity of 1/8 and a constant that is no multiple of it, a
    /// finished solve still gives the enumerated optimum, and every figure is in the model's terms:
    /// the bound is at least the plan, and the LP relaxation is the knapsack's fractional bound.
    static func granularityInEighths(_ solver: any MIPSolver) throws {
        let (_, values, weights, capacity) = knapsack()
        var model = MIPModel(name: "eighths", sense: .maximize)
        let eighths = values.map { $0 / 8 }
        let columns = eighths.map { model.addColumn(name: "x", objective: $0) }
        model.addRow(name: "cap", terms: zip(columns, weights).map { ($0, $1) }, upper: capacity)
        model.objectiveConstant = 0.3
        var options = SolveOptions()
        options.objectiveGranularity = 0.125
        let solution = try solver.solve(model, options: options)
        let best = bestSubset(values: eighths, weights: weights, capacity: capacity) + 0.3
        try require(abs((solution.objective ?? 0) - best) < 1e-9, "objective \(String(describing: solution.objective))")
        try require((solution.bound ?? .infinity) >= (solution.objective ?? 0) - 1e-9, "bound below the plan")
        try require((solution.bound ?? .infinity) < best + 0.125, "bound a whole step above the optimum")
        try require(model.violations(of: solution.values).isEmpty, "the plan breaks the model")
        if let relaxation = solution.relaxationObjective {
            let dantzig = fractionalBound(values: eighths, weights: weights, capacity: capacity) + 0.3
            try require(abs(relaxation - dantzig) < 1e-6, "relaxation \(relaxation), expected \(dantzig)")
        }
    }

    /// A solve whose stop was asked for before it started ends at once with what it has, and says
    /// `optimal` only with the true optimum; any bound it gives holds.
    static func stoppedBeforeItStarts(_ solver: any MIPSolver) throws {
        let model = twoKnapsacks()
        let best = twoKnapsacksOptimum
        let stop = StopSignal()
        stop.stop()
        let solution = try solver.solve(model, options: SolveOptions(stop: stop))
        try requireHonest(solution, model: model, optimum: best)
    }

    /// A node limit ends the search with an honest answer: a feasible plan, a bound that holds, and
    /// `optimal` only when it is.
    static func honestAtANodeLimit(_ solver: any MIPSolver) throws {
        let model = twoKnapsacks()
        let best = twoKnapsacksOptimum
        for limit in [1, 2, 5] {
            var options = SolveOptions()
            options.nodeLimit = limit
            let solution = try solver.solve(model, options: options)
            try requireHonest(solution, model: model, optimum: best)
            if let nodes = solution.nodes, solution.status != .optimal {
                try require(nodes <= limit + 1, "\(nodes) nodes at a limit of \(limit)")
            }
        }
    }

    /// A plan target set before the solve may end it early, with a plan; whatever it returns is honest.
    static func honestAtAPlanTarget(_ solver: any MIPSolver) throws {
        let model = twoKnapsacks()
        let best = twoKnapsacksOptimum
        let target = PlanTarget()
        target.set(value: best, tolerance: 1e-9, foundBefore: Int.max)
        var options = SolveOptions()
        options.planTarget = target
        let solution = try solver.solve(model, options: options)
        try requireHonest(solution, model: model, optimum: best)
        try require(solution.objective == best, "a plan target of the optimum ended below it")
    }

    /// Solved to the end, the two-knapsack program is proven optimal with a bound equal to the plan.
    static func provesWithAZeroGap(_ solver: any MIPSolver) throws {
        let model = twoKnapsacks()
        let best = twoKnapsacksOptimum
        let solution = try solver.solve(model, options: SolveOptions())
        try require(solution.status == .optimal && solution.objective == best, "status \(solution.status)")
        try require(solution.bound == best, "bound \(String(describing: solution.bound)), expected \(best)")
    }

    /// Asked to stop at an objective, the search ends with a plan at least that good (maximising)
    /// and claims nothing it did not prove; asked for more than the optimum, it proves the optimum.
    static func stopsAtAnObjective(_ solver: any MIPSolver) throws {
        let model = twoKnapsacks()
        let best = twoKnapsacksOptimum
        for goal in [best / 2, best, best + 1] {
            var options = SolveOptions()
            options.stopAtObjective = goal
            let solution = try solver.solve(model, options: options)
            try requireHonest(solution, model: model, optimum: best)
            let reached = min(goal, best)
            try require(
                (solution.objective ?? -.infinity) >= reached - 1e-9,
                "stopped at \(String(describing: solution.objective)), below \(reached)")
            if goal > best {
                try require(solution.status == .optimal, "status \(solution.status) for an unreachable goal")
            }
        }
    }

    // MARK: Checks

    /// The answer claims nothing it did not prove: a plan that satisfies the model and its own
    /// objective; a bound on the right side of the optimum; `optimal` only with the optimum.
    static func requireHonest(_ solution: MIPSolution, model: MIPModel, optimum: Double) throws {
        if !solution.values.isEmpty {
            try require(model.violations(of: solution.values).isEmpty, "the plan breaks the model")
            try require(
                solution.objective == model.objectiveValue(of: solution.values), "objective ≠ value of the plan")
        }
        if let bound = solution.bound {
            try require(bound >= optimum - 1e-9, "bound \(bound) below the optimum \(optimum)")
        }
        switch solution.status {
        case .optimal:
            try require(solution.objective == optimum, "optimal with \(String(describing: solution.objective))")
        case .feasible:
            try require(!solution.values.isEmpty, "feasible without a plan")
        case .noSolution:
            try require(solution.values.isEmpty, "no-plan with a plan")
        case .infeasible:
            throw ConformanceFailure(message: "a feasible program called infeasible")
        }
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: message()) }
    }

    static func requireValidationError(_ body: () throws -> MIPSolution) throws {
        do {
            _ = try body()
        } catch is ModelValidationError {
            return
        }
        throw ConformanceFailure(message: "an invalid model was solved instead of refused")
    }
}

/// What a solver did against the contract.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
