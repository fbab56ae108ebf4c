import Foundation
import MIPSolverConformance
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
        let (model, values, weights, capacity) = ConformanceSuite.knapsack()
        let best = ConformanceSuite.bestSubset(values: values, weights: weights, capacity: capacity)
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

    /// A 25-item knapsack that plain branch-and-bound (no cuts) needs hundreds of nodes for.
    private func branchingKnapsack() -> MIPModel {
        var model = MIPModel(name: "branching", sense: .maximize)
        // Values close to the weights: the LP's ratios tell the items apart only barely (glpsol
        // without cuts or presolve: 561 nodes).
        let weights = (0..<25).map { 200 + Double(($0 * 53) % 97) }
        let columns = weights.indices.map { i in
            model.addColumn(name: "x\(i)", objective: weights[i] + Double((i * 31) % 60))
        }
        model.addRow(name: "cap", terms: zip(columns, weights).map { ($0, $1) }, upper: weights.reduce(0, +) / 2 + 0.5)
        return model
    }

    /// The node count GLPK reports is the same on every run, and a ceiling, whether set before the
    /// solve or counted from an offset, stops the search once the count reaches it (`SearchRace`).
    @Test func countsItsNodesAndStopsAtAnEffortCeiling() throws {
        let model = branchingKnapsack()
        let plain = GLPKSolver(tuning: GLPKSolver.Tuning(presolve: false, cuts: false))
        let full = try plain.solve(model, options: SolveOptions())
        let nodes = try #require(full.nodes)
        #expect(full.status == .optimal && nodes > 20, "\(nodes) nodes")
        #expect(try plain.solve(model, options: SolveOptions()).nodes == nodes)
        let ceiling = EffortCeiling()
        ceiling.lower(to: nodes / 2)
        ceiling.lower(to: nodes)  // only ever lower
        #expect(ceiling.value == nodes / 2)
        var options = SolveOptions()
        options.effortCeiling = ceiling
        let stopped = try plain.solve(model, options: options)
        #expect(stopped.status != .optimal)
        #expect((nodes / 2...nodes / 2 + 1).contains(stopped.nodes ?? -1), "\(stopped.nodes ?? -1) of \(nodes)")
        options.effortOffset = nodes / 4
        let later = try plain.solve(model, options: options)
        #expect((nodes / 4...nodes / 4 + 1).contains(later.nodes ?? -1), "\(later.nodes ?? -1) of \(nodes)")
        if let plan = stopped.values.isEmpty ? nil : stopped.values { #expect(model.violations(of: plan).isEmpty) }
    }

    /// A relaxation asked for alone is solved in rounds that a stop or a node ceiling ends: set
    /// before the solve, no round runs, and the answer has no bound.
    @Test func theRelaxationAloneEndsAtAStopOrAnEffortCeiling() throws {
        let model = branchingKnapsack()
        var options = SolveOptions()
        options.relaxationOnly = true
        let solved = try GLPKSolver().solve(model, options: options)
        #expect(solved.status == .noSolution && solved.bound != nil && solved.nodes == 0)
        options.effortCeiling = EffortCeiling()
        options.effortCeiling?.lower(to: 10)
        options.effortOffset = 10
        let overtaken = try GLPKSolver().solve(model, options: options)
        #expect(overtaken.status == .noSolution && overtaken.bound == nil && overtaken.relaxationObjective == nil)
        options.effortOffset = 9
        #expect(try GLPKSolver().solve(model, options: options).bound == solved.bound)
        options.effortCeiling = nil
        options.stop = StopSignal()
        options.stop?.stop()
        #expect(try GLPKSolver().solve(model, options: options).bound == nil)
    }

    /// `planEffort`: the count at which the search had its final plan, the same on every run; a
    /// search stopped at any later count ends with that plan.
    @Test func saysAtWhichNodeItFoundItsPlan() throws {
        let model = branchingKnapsack()
        let plain = GLPKSolver(tuning: GLPKSolver.Tuning(presolve: false, cuts: false))
        let full = try plain.solve(model, options: SolveOptions())
        let found = try #require(full.planEffort)
        #expect((1..<(full.nodes ?? 0)).contains(found), "plan at node \(found) of \(full.nodes ?? 0)")
        #expect(try plain.solve(model, options: SolveOptions()).planEffort == found)
        var options = SolveOptions()
        options.effortCeiling = EffortCeiling()
        options.effortCeiling?.lower(to: found + 1)
        let stopped = try plain.solve(model, options: options)
        #expect(stopped.status != .optimal && stopped.values == full.values && stopped.planEffort == found)
        options.effortOffset = 7
        options.effortCeiling = nil
        #expect(try plain.solve(model, options: options).planEffort == found + 7)
    }

    /// A plan target stops the search at the node where its plan first meets it (before the proof),
    /// and only a plan found below the target's count does.
    @Test func stopsOnceItsPlanMeetsAPlanTarget() throws {
        let model = branchingKnapsack()
        let plain = GLPKSolver(tuning: GLPKSolver.Tuning(presolve: false, cuts: false))
        let full = try plain.solve(model, options: SolveOptions())
        let found = try #require(full.planEffort)
        let optimum = try #require(full.objective)
        var options = SolveOptions()
        options.planTarget = PlanTarget()
        options.planTarget?.set(value: optimum, tolerance: 1e-9, foundBefore: found + 1)
        let stopped = try plain.solve(model, options: options)
        #expect(stopped.status == .feasible && stopped.objective == optimum && stopped.values == full.values)
        #expect((found...found + 1).contains(stopped.nodes ?? -1), "\(stopped.nodes ?? -1) of \(full.nodes ?? 0)")
        options.planTarget = PlanTarget()
        options.planTarget?.set(value: optimum, tolerance: 1e-9, foundBefore: found)
        #expect(try plain.solve(model, options: options).status == .optimal)
        options.planTarget = PlanTarget()
        options.planTarget?.set(value: optimum + 1, tolerance: 1e-9, foundBefore: .max)
        #expect(try plain.solve(model, options: options).status == .optimal)
    }

    /// The other search (`searchPath` `.alternative`) of every role finds the same optimum, with a starting
    /// solution too (when the presolve is off anyway and the branching rule changes instead).
    @Test(arguments: SolveRole.allCases)
    func theOtherSearchFindsTheSameOptimum(role: SolveRole) throws {
        let model = branchingKnapsack()
        let best = try GLPKSolver().solve(model, options: SolveOptions(role: role))
        var options = SolveOptions(role: role)
        options.searchPath = .alternative
        #expect(try GLPKSolver().solve(model, options: options).objective == best.objective)
        options.initialSolution = [Double](repeating: 0, count: model.columnCount)
        #expect(try GLPKSolver().solve(model, options: options).objective == best.objective)
        let tuning = GLPKSolver.Tuning.forRole(role)
        #expect(tuning.variant(startingFromASolution: false).presolve != tuning.presolve)
        #expect(tuning.variant(startingFromASolution: true).effectiveBranching != tuning.effectiveBranching)
    }

    /// Every role but the flows' generates cuts; pseudo-costs only where their start-up fits in
    /// the time; a short polish and a long one from a starting plan both prove the optimum.
    @Test func pseudoCostsOnlyWithTimeForTheirStartUp() throws {
        #expect(GLPKSolver.Tuning.forRole(.polish, timeLimit: 1).cuts)
        #expect(GLPKSolver.Tuning.forRole(.polish).cuts)
        #expect(GLPKSolver.Tuning.forRole(.wholeProgram, timeLimit: 1).cuts)
        // Pseudo-costs only where their start-up (no callback, no clock) fits in the time.
        let vendorNonzeros = 83_344
        let short = GLPKSolver.Tuning.forRole(.wholeProgram, timeLimit: 1, nonzeros: vendorNonzeros)
        #expect(short.effectiveBranching == .driebeckTomlin && short.cuts)
        #expect(
            GLPKSolver.Tuning.forRole(.wholeProgram, timeLimit: 60, nonzeros: vendorNonzeros).effectiveBranching
                == .pseudoCost)
        #expect(
            GLPKSolver.Tuning.forRole(.wholeProgram, timeLimit: 1, nonzeros: 3_000).effectiveBranching == .pseudoCost)
        #expect(
            GLPKSolver.Tuning.forRole(.polish, timeLimit: 10, nonzeros: vendorNonzeros).effectiveBranching
                == .pseudoCost)
        #expect(
            GLPKSolver.Tuning.forRole(.polish, timeLimit: 2, nonzeros: vendorNonzeros).effectiveBranching
                == .driebeckTomlin)
        let model = branchingKnapsack()
        let best = try GLPKSolver().solve(model, options: SolveOptions())
        for seconds in [1.0, 30] {
            var options = SolveOptions(timeLimit: seconds, role: .polish)
            options.initialSolution = [Double](repeating: 0, count: model.columnCount)
            let polished = try GLPKSolver().solve(model, options: options)
            #expect(polished.status == .optimal && polished.objective == best.objective)
        }
    }
}
