import Foundation
import GLPKBackend
import OptimizationModel
import TestSolvers
import Testing

/// What every `MIPSolver` must do, the way MathOptInterface's test suite holds each backend to the
/// same contract: run against GLPK (with each of its role settings) and the brute-force solver.
/// A new backend joins by being added to `Backend`.
@Suite struct MIPSolverConformance {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case glpk, glpkPolish, glpkSubproblem, bruteForce

        var solver: any MIPSolver {
            switch self {
            case .glpk: GLPKSolver()
            case .glpkPolish: GLPKSolver(tuning: .forRole(.polish))
            case .glpkSubproblem: GLPKSolver(tuning: .forRole(.subproblem))
            case .bruteForce: BruteForceSolver()
            }
        }

        var testDescription: String { rawValue }
    }

    /// A 12-item knapsack whose LP relaxation does not settle it.
    static func knapsack() -> (model: MIPModel, values: [Double], weights: [Double], capacity: Double) {
        let values: [Double] = [23, 31, 29, 44, 53, 38, 63, 85, 89, 82, 41, 17]
        let weights: [Double] = [92, 57, 49, 68, 60, 43, 67, 84, 87, 72, 35, 21]
        var model = MIPModel(name: "knapsack", sense: .maximize)
        let columns = values.map { model.addColumn(name: "x", objective: $0) }
        model.addRow(name: "cap", terms: zip(columns, weights).map { ($0, $1) }, upper: 415)
        return (model, values, weights, 415)
    }

    /// The best subset, by enumeration written out here rather than by either solver.
    static func bestSubset(values: [Double], weights: [Double], capacity: Double) -> Double {
        (0..<(1 << values.count)).reduce(0.0) { best, subset in
            let picked = values.indices.filter { subset & (1 << $0) != 0 }
            let weight = picked.reduce(0) { $0 + weights[$1] }
            return weight <= capacity ? max(best, picked.reduce(0) { $0 + values[$1] }) : best
        }
    }

    @Test(arguments: Backend.allCases)
    func provesTheOptimumOfAKnapsack(backend: Backend) throws {
        let (model, values, weights, capacity) = Self.knapsack()
        let solution = try backend.solver.solve(model, options: SolveOptions())
        #expect(solution.status == .optimal)
        #expect(solution.objective == Self.bestSubset(values: values, weights: weights, capacity: capacity))
        #expect(solution.bound == solution.objective)
        #expect(solution.relativeGap == 0)
        #expect(model.violations(of: solution.values).isEmpty)
        #expect(model.objectiveValue(of: solution.values) == solution.objective)
    }

    @Test(arguments: Backend.allCases)
    func minimisesWithEqualityRowsAndAConstant(backend: Backend) throws {
        // min 3a + 2b + 4c + 5 subject to a + b + c = 2, a + c >= 1: the optimum is b + a = 10.
        var model = MIPModel(name: "min", sense: .minimize)
        let a = model.addColumn(name: "a", objective: 3)
        let b = model.addColumn(name: "b", objective: 2)
        let c = model.addColumn(name: "c", objective: 4)
        model.objectiveConstant = 5
        model.addRow(name: "two", terms: [(a, 1), (b, 1), (c, 1)], lower: 2, upper: 2)
        model.addRow(name: "ac", terms: [(a, 1), (c, 1)], lower: 1)
        let solution = try backend.solver.solve(model, options: SolveOptions())
        #expect(solution.status == .optimal)
        #expect(solution.objective == 10)
        #expect(solution.values == [1, 1, 0])
    }

    @Test(arguments: Backend.allCases)
    func saysInfeasible(backend: Backend) throws {
        var model = MIPModel(name: "none", sense: .maximize)
        let x = model.addColumn(name: "x", objective: 1)
        let y = model.addColumn(name: "y", objective: 1)
        model.addRow(name: "cap", terms: [(x, 1), (y, 1)], upper: 1.5)
        model.addRow(name: "both", terms: [(x, 1), (y, 1)], lower: 2)
        let solution = try backend.solver.solve(model, options: SolveOptions())
        #expect(solution.status == .infeasible)
        #expect(solution.values.isEmpty && solution.objective == nil)
    }

    @Test(arguments: Backend.allCases)
    func startsFromAFeasiblePointAndNeverEndsWorse(backend: Backend) throws {
        let (model, _, _, _) = Self.knapsack()
        var start = [Double](repeating: 0, count: model.columnCount)
        start[7] = 1
        start[8] = 1
        var options = SolveOptions()
        options.initialSolution = start
        let solution = try backend.solver.solve(model, options: options)
        #expect((solution.objective ?? 0) >= model.objectiveValue(of: start))
    }

    @Test(arguments: Backend.allCases)
    func refusesInvalidModelsBeforeSolving(backend: Backend) {
        var nan = MIPModel(name: "nan", sense: .maximize)
        _ = nan.addColumn(name: "x", objective: .nan)
        #expect(throws: ModelValidationError.self) { try backend.solver.solve(nan, options: SolveOptions()) }
        var reversed = MIPModel(name: "bounds", sense: .maximize)
        let x = reversed.addColumn(name: "x", objective: 1)
        reversed.setBounds(column: x, lower: 1, upper: 0)
        #expect(throws: ModelValidationError.self) { try backend.solver.solve(reversed, options: SolveOptions()) }
    }

    /// `relaxationOnly` bounds without a plan: the knapsack's fractional (Dantzig) bound from a
    /// backend that solves LPs, a bound at least the optimum from any; an infeasible program is
    /// infeasible still.
    @Test(arguments: Backend.allCases)
    func boundsWithoutAPlanWhenAskedForTheRelaxationOnly(backend: Backend) throws {
        let (model, values, weights, capacity) = Self.knapsack()
        var options = SolveOptions()
        options.relaxationOnly = true
        let solution = try backend.solver.solve(model, options: options)
        #expect(solution.status == .noSolution && solution.values.isEmpty && solution.objective == nil)
        let best = Self.bestSubset(values: values, weights: weights, capacity: capacity)
        #expect((solution.bound ?? -.infinity) >= best)
        if let relaxation = solution.relaxationObjective {
            let dantzig = Self.fractionalBound(values: values, weights: weights, capacity: capacity)
            #expect(abs(relaxation - dantzig) < 1e-6 && solution.bound == relaxation)
        }
        var none = MIPModel(name: "none", sense: .maximize)
        let x = none.addColumn(name: "x", objective: 1)
        none.addRow(name: "cap", terms: [(x, 1)], upper: 0.5)
        none.addRow(name: "need", terms: [(x, 1)], lower: 0.75)
        #expect(try backend.solver.solve(none, options: options).status == .infeasible)
    }

    @Test(arguments: Backend.allCases)
    func hasAName(backend: Backend) {
        #expect(!backend.solver.name.isEmpty)
    }

    /// A granularity hint never changes the answer of a solve that finishes.
    @Test(arguments: Backend.allCases)
    func objectiveGranularityKeepsTheOptimum(backend: Backend) throws {
        let (model, values, weights, capacity) = Self.knapsack()
        var options = SolveOptions()
        options.objectiveGranularity = 1
        let solution = try backend.solver.solve(model, options: options)
        #expect(solution.objective == Self.bestSubset(values: values, weights: weights, capacity: capacity))
        #expect((solution.bound ?? .infinity) >= (solution.objective ?? 0))
    }

    /// With values in eighths, a granularity of 1/8 and a constant that is no multiple of it, a
    /// finished solve still gives the enumerated optimum, and every figure is in the model's terms
    /// (GLPK solves 8 × the objective, `ObjectiveScaling`): the bound is at least the plan, and the
    /// LP relaxation is the knapsack's fractional (Dantzig) bound.
    @Test(arguments: Backend.allCases)
    func granularityInEighthsKeepsEveryFigureInTheModelsTerms(backend: Backend) throws {
        let (_, values, weights, capacity) = Self.knapsack()
        var model = MIPModel(name: "eighths", sense: .maximize)
        let eighths = values.map { $0 / 8 }
        let columns = eighths.map { model.addColumn(name: "x", objective: $0) }
        model.addRow(name: "cap", terms: zip(columns, weights).map { ($0, $1) }, upper: capacity)
        model.objectiveConstant = 0.3
        var options = SolveOptions()
        options.objectiveGranularity = 0.125
        let solution = try backend.solver.solve(model, options: options)
        let best = Self.bestSubset(values: eighths, weights: weights, capacity: capacity) + 0.3
        #expect(abs((solution.objective ?? 0) - best) < 1e-9)
        #expect((solution.bound ?? .infinity) >= (solution.objective ?? 0) - 1e-9)
        #expect((solution.bound ?? .infinity) < best + 0.125)
        #expect(model.violations(of: solution.values).isEmpty)
        if let relaxation = solution.relaxationObjective {
            let dantzig = Self.fractionalBound(values: eighths, weights: weights, capacity: capacity) + 0.3
            #expect(abs(relaxation - dantzig) < 1e-6)
        }
    }

    /// The knapsack's LP relaxation: items by value per weight, the last one split.
    static func fractionalBound(values: [Double], weights: [Double], capacity: Double) -> Double {
        var room = capacity, total = 0.0
        for i in values.indices.sorted(by: { values[$0] / weights[$0] > values[$1] / weights[$1] }) {
            let share = min(1, room / weights[i])
            total += share * values[i]
            room -= share * weights[i]
            if room <= 0 { break }
        }
        return total
    }
}
