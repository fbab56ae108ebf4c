import Foundation
@testable import GLPKBackend
import GLPKGuard
import OptimizationModel
import Testing

@Suite struct GLPKBackendTests {
    /// max x + y subject to x + y <= 1.5, binaries: optimum 1.
    private func smallModel() -> MIPModel {
        var m = MIPModel(name: "small", sense: .maximize)
        let x = m.addColumn(name: "x", objective: 1)
        let y = m.addColumn(name: "y", objective: 1)
        m.addRow(name: "cap", terms: [(x, 1), (y, 1)], upper: 1.5)
        return m
    }

    /// GLPK is given whole objective coefficients exactly when every coefficient is a multiple of
    /// the granularity on an integer column; otherwise the objective is left alone.
    @Test func scalesTheObjectiveOnlyWhenEveryCoefficientBecomesWhole() {
        var model = MIPModel(name: "eighths", sense: .maximize)
        model.addColumn(name: "a", objective: 1.5)
        model.addColumn(name: "b", objective: 0.125)
        model.addColumn(name: "c", objective: 0)
        model.objectiveConstant = 0.3
        let scaling = ObjectiveScaling(model: model, granularity: 0.125)
        #expect(scaling.factor == 8)
        let scaled = scaling.apply(to: model)
        #expect(scaled.objective == [12, 1, 0])
        #expect(abs(scaled.objectiveConstant - 2.4) < 1e-12)
        let point: [Double] = [1, 1, 0]
        #expect(abs(scaling.unscaled(scaled.objectiveValue(of: point)) - model.objectiveValue(of: point)) < 1e-12)
        #expect(ObjectiveScaling(model: model, granularity: nil).factor == 1)
        #expect(ObjectiveScaling(model: model, granularity: 0.5).factor == 1)
        var continuous = model
        continuous.addColumn(name: "d", upper: 4, integer: false, objective: 1)
        #expect(ObjectiveScaling(model: continuous, granularity: 0.125).factor == 1)
    }

    @Test func solvesASmallModel() throws {
        let solution = try GLPKSolver().solve(smallModel(), options: SolveOptions())
        #expect(solution.status == .optimal)
        #expect(solution.objective == 1)
        #expect(solution.relaxationObjective == 1.5)
        #expect(solution.values.reduce(0, +) == 1)
    }

    /// Every branching rule, with and without cuts, proves the optimum of a knapsack that needs
    /// branching, as enumeration finds it.
    @Test(arguments: [GLPKSolver.Branching?.none, .pseudoCost, .driebeckTomlin], [false, true])
    func everyBranchingRuleFindsTheOptimum(branching: GLPKSolver.Branching?, cuts: Bool) throws {
        let (model, values, weights, capacity) = MIPSolverConformance.knapsack()
        let best = MIPSolverConformance.bestSubset(values: values, weights: weights, capacity: capacity)
        let tuning = GLPKSolver.Tuning(presolve: false, cuts: cuts, branching: branching)
        let solution = try GLPKSolver(tuning: tuning).solve(model, options: SolveOptions())
        #expect(solution.status == .optimal)
        #expect(solution.objective == best)
        #expect((solution.relaxationObjective ?? 0) > best, "the LP alone must not settle it")
    }

    @Test func reportsInfeasibility() throws {
        var m = smallModel()
        m.addRow(name: "both", terms: [(0, 1), (1, 1)], lower: 2)
        #expect(try GLPKSolver().solve(m, options: SolveOptions()).status == .infeasible)
    }

    @Test func invalidModelsNeverReachC() {
        var bounds = smallModel()
        bounds.setBounds(column: 0, lower: 2, upper: 1)
        #expect(throws: ModelValidationError.self) { try GLPKSolver().solve(bounds, options: SolveOptions()) }
        var nan = smallModel()
        nan.setObjective(column: 1, coefficient: .nan)
        #expect(throws: ModelValidationError.self) { try GLPKSolver().solve(nan, options: SolveOptions()) }
        var duplicate = smallModel()
        duplicate.addRow(name: "dup", terms: [(0, 1), (0, 2)], upper: 1)
        #expect(throws: ModelValidationError.self) { try GLPKSolver().solve(duplicate, options: SolveOptions()) }
        #expect(throws: ModelValidationError.self) {
            try GLPKSolver().solve(smallModel(), options: SolveOptions(initialSolution: [1]))
        }
    }

    /// The C guard turns a GLPK error (which would call abort()) into a return code, and GLPK is
    /// usable again afterwards on the same thread.
    @Test func guardSurvivesAGLPKError() throws {
        let objective: [Double] = [1], lower: [Double] = [0], upper: [Double] = [1], rowLower = [-Double.infinity]
        let rowUpper: [Double] = [1], integer: [Int32] = [1]
        let badRow: [Int32] = [7], column: [Int32] = [0], value: [Double] = [1]  // row 7 of 1: GLPK would abort
        var values = [Double](repeating: 0, count: 1)
        var outcome = SMMGLPKOutcome()
        let code = objective.withUnsafeBufferPointer { obj in
            lower.withUnsafeBufferPointer { lo in
                upper.withUnsafeBufferPointer { up in
                    rowLower.withUnsafeBufferPointer { rlo in
                        rowUpper.withUnsafeBufferPointer { rup in
                            integer.withUnsafeBufferPointer { int in
                                badRow.withUnsafeBufferPointer { ia in
                                    column.withUnsafeBufferPointer { ja in
                                        value.withUnsafeBufferPointer { ar in
                                            values.withUnsafeMutableBufferPointer { out -> Int32 in
                                                var problem = SMMGLPKProblem(
                                                    name: nil, maximize: 1, num_rows: 1, num_cols: 1,
                                                    objective: obj.baseAddress, objective_constant: 0,
                                                    row_lower: rlo.baseAddress, row_upper: rup.baseAddress,
                                                    col_lower: lo.baseAddress,
                                                    col_upper: up.baseAddress, col_integer: int.baseAddress,
                                                    num_nonzeros: 1, matrix_row: ia.baseAddress,
                                                    matrix_col: ja.baseAddress, matrix_value: ar.baseAddress,
                                                    row_names: nil, col_names: nil)
                                                var options = SMMGLPKOptions()
                                                options.message_level = 1
                                                outcome.column_values = out.baseAddress
                                                return smm_glpk_solve(&problem, &options, &outcome)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(code == Int32(SMM_GLPK_ERROR))
        let message = withUnsafeBytes(of: outcome.error_message) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        #expect(message.contains("glp_load_matrix"))
        // The thread's GLPK environment was freed and is rebuilt on the next call.
        #expect(try GLPKSolver().solve(smallModel(), options: SolveOptions()).objective == 1)
    }

    @Test func writeFailureIsATypedError() throws {
        #expect(throws: GLPKError.self) {
            try GLPKSolver().write(smallModel(), format: .lp, to: "/nonexistent-dir/model.lp")
        }
    }

    @Test func writesLPAndMPS() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smm-glpk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lp = dir.appendingPathComponent("m.lp").path, mps = dir.appendingPathComponent("m.mps").path
        try GLPKSolver().write(smallModel(), format: .lp, to: lp)
        try GLPKSolver().write(smallModel(), format: .mps, to: mps)
        let lpText = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(lpText.contains("Maximize") && lpText.contains("cap: + y + x <= 1.5"))
        #expect(try String(contentsOfFile: mps, encoding: .utf8).contains("ROWS"))
    }

    @Test func solvesOnManyThreadsAtOnce() async throws {
        // GLPK's environment is per thread; each solve creates and frees its own.
        let objectives = try await withThrowingTaskGroup(of: Double?.self) { group in
            for _ in 0..<8 {
                group.addTask { try GLPKSolver().solve(self.smallModel(), options: SolveOptions()).objective }
            }
            return try await group.reduce(into: [Double?]()) { $0.append($1) }
        }
        #expect(objectives == Array(repeating: 1, count: 8))
    }
}
