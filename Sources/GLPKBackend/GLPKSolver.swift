import CGLPK
import Foundation
import GLPKGuard
import OptimizationModel

/// A GLPK failure, mapped from GLPK's codes in one place.
public struct GLPKError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// GLPK stopped on an internal error (it would have called abort()); the message is GLPK's.
        case internalError
        /// The shim could not allocate memory.
        case outOfMemory
        /// A model file could not be written.
        case writeFailed
        /// The simplex or branch-and-bound method failed numerically.
        case solverFailed
    }

    public let kind: Kind
    public let message: String

    public var description: String { "GLPK: \(message)" }
}

/// The GLPK backend: LP relaxation by the simplex method, then branch-and-cut with `glp_intopt`.
///
/// Each call creates, solves and deletes its GLPK problem on the calling thread, inside the C
/// guard (`GLPKGuard`), and frees GLPK's thread-local environment before returning.
public struct GLPKSolver: MIPSolver {
    /// GLPK's own settings: what `glp_intopt` runs. By default they follow the solve's role.
    public struct Tuning: Sendable, Hashable {
        /// GLPK's MIP presolver (it drops a starting solution, so it is off when one matters).
        public var presolve: Bool
        /// Gomory, mixed-integer rounding, cover and clique cuts (with `branching` nil, also
        /// pseudo-cost branching).
        public var cuts: Bool
        /// How branch-and-bound chooses the variable to branch on (`nil`: pseudo-costs with cuts,
        /// GLPK's default without).
        public var branching: Branching?

        public init(presolve: Bool, cuts: Bool, branching: Branching? = nil) {
            self.presolve = presolve
            self.cuts = cuts
            self.branching = branching
        }

        /// The branching rule GLPK runs: `branching`, or pseudo-costs with cuts and Driebeck-Tomlin
        /// without (what the guard does for `SMM_GLPK_BRANCH_AUTOMATIC`).
        var effectiveBranching: Branching { branching ?? (cuts ? .pseudoCost : .driebeckTomlin) }

        /// The other search of the same strength (`SolveOptions.searchPath` `.alternative`): the other MIP
        /// presolve setting. Measured on 48 generated programs of 2–3 systems and 6–8 quarters
        /// (20 s each): each setting proved 42, but not the same 42, and where both proved, either
        /// was up to ten times faster than the other (docs/performance.md). With a starting
        /// solution the presolver is off anyway (it would drop it): then the other branching rule.
        func variant(startingFromASolution: Bool) -> Tuning {
            var other = self
            if startingFromASolution {
                other.branching = effectiveBranching == .driebeckTomlin ? .pseudoCost : .driebeckTomlin
            } else {
                other.presolve.toggle()
            }
            return other
        }

        /// The settings measured best for each role, for a solve of `timeLimit` seconds (`nil`: none).
        public static func forRole(_ role: SolveRole, timeLimit: Double? = nil, nonzeros: Int = 0) -> Tuning {
            // Pseudo-costs only with time for their start-up (`pseudoCostSecondsPerNonzero`).
            let learning: Branching? =
                (timeLimit ?? .infinity) >= Double(nonzeros) * GLPKSolver.pseudoCostSecondsPerNonzero
                ? nil : .driebeckTomlin
            switch role {
            case .wholeProgram:
                return Tuning(presolve: true, cuts: true, branching: learning)
            case .polish:
                // With GLPK's cuts the vendor portfolio's bound after 60 s is 8,118.25 instead of
                // 8,122.75 (gap 0.0062% against 0.062%), after 4 s 8,118.75 instead of 8,123. The
                // overrun that once kept short polishes without cuts (2 s of polish ending 2 s late)
                // was the pseudo-costs' start-up, which `learning` leaves out when time is short.
                return Tuning(presolve: false, cuts: true, branching: learning)
            case .subproblem:
                // A window's budget and effort rows are knapsacks, and with Gomory, MIR and clique
                // cuts GLPK proves most windows optimal in 5-30 ms instead of running out of time
                // (measured with 0.1 s windows, median gaps: 0.056 -> 0.047% at 50 x 8, 0.060 -> 0.011%
                // at 200 x 8, 0.04 -> 0.009% at 1,000 x 12). On windows of a few thousand columns the
                // root cuts take milliseconds, so that GLPK's not looking at the clock is harmless.
                // Driebeck-Tomlin branching needs no learning phase, which pays on such short solves.
                return Tuning(presolve: false, cuts: true, branching: .driebeckTomlin)
            case .extendedFormulation:
                // The flows of the quarter knapsacks (`KnapsackFlows`) already give the LP their
                // hull; GLPK's Gomory and MIR cuts on thousands of flow columns only slowed the
                // nodes (glpsol on the 3 x 8 tight program of seed 1 with its flows: 2.2 s without them, 6.3 s with).
                return Tuning(presolve: true, cuts: false, branching: .pseudoCost)
            }
        }
    }

    /// Pseudo-cost branching starts by trial LP solves on every fractional column of the first
    /// nodes, inside GLPK, which neither calls back nor looks at the clock meanwhile: on the vendor
    /// portfolio's whole program (83,344 non-zeros) 3.3 s at the root, so `--engine glpk
    /// --time-limit 1` ended after 4.7 s. About 40 µs per non-zero there; twice that, a solve
    /// with less time than this per non-zero of its program branches by Driebeck-Tomlin instead
    /// (generated 3 × 8 programs, about 3,000 non-zeros: below 0.3 s).
    public static let pseudoCostSecondsPerNonzero = 0.000_08

    /// How branch-and-bound chooses the variable to branch on.
    public enum Branching: Sendable, Hashable {
        /// Pseudo-costs: learns which variables move the bound; pays for its start-up on long solves.
        case pseudoCost
        /// The heuristic of Driebeck and Tomlin (GLPK's default): no learning phase, so better on
        /// solves of hundredths of a second.
        case driebeckTomlin
    }

    /// Fixed settings for every solve, or `nil` to follow each solve's role.
    public let tuning: Tuning?

    /// - Parameter tuning: Fixed settings, or `nil` (the default) to follow each solve's role.
    public init(tuning: Tuning? = nil) {
        self.tuning = tuning
    }

    /// GLPK's version, e.g. "5.0".
    public static var version: String { String(cString: smm_glpk_version()) }

    public var name: String { "GLPK \(Self.version)" }

    public func solve(_ model: MIPModel, options: SolveOptions) throws -> MIPSolution {
        try model.validate()
        var tuning = tuning ?? .forRole(options.role, timeLimit: options.timeLimit, nonzeros: model.nonzeroCount)
        if options.searchPath == .alternative {
            tuning = tuning.variant(startingFromASolution: options.initialSolution != nil)
        }
        do {
            return try solveValidated(model, options: options, tuning: tuning)
        } catch let error as GLPKError where error.kind == .internalError && tuning.cuts {
            // A GLPK internal error in the cut generators is a GLPK bug, not a bad model: the guard
            // recovered, so try once more with plain branch-and-bound.
            var plain = tuning
            plain.cuts = false
            options.onOutput?("GLPK stopped with an internal error (\(error.message)); retrying without cuts\n")
            return try solveValidated(model, options: options, tuning: plain)
        }
    }

    private func solveValidated(_ model: MIPModel, options: SolveOptions, tuning: Tuning) throws -> MIPSolution {
        if let initial = options.initialSolution {
            // GLPK does not check a heuristic solution: an infeasible one would be taken as a plan.
            let broken = model.violations(of: initial)
            guard broken.isEmpty else {
                throw ModelValidationError(
                    "the initial solution is not feasible: \(broken.prefix(5).joined(separator: ", "))")
            }
        }
        let scaling = ObjectiveScaling(model: model, granularity: options.objectiveGranularity)
        let sink = CallbackSink(options: options, scaling: scaling, maximize: model.sense == .maximize)
        if scaling.factor != 1 {
            sink.output(
                "GLPK solves the objective times \(scaling.factor.formatted()) (whole coefficients); "
                    + "divide its objective figures below by that\n")
        }
        var values = [Double](repeating: 0, count: model.columnCount)
        var outcome = SMMGLPKOutcome()
        let started = DispatchTime.now().uptimeNanoseconds
        let code = withProblem(scaling.apply(to: model), names: false) { problem -> Int32 in
            var glpkOptions = SMMGLPKOptions()
            glpkOptions.time_limit_seconds = options.timeLimit ?? 0
            glpkOptions.relative_gap = options.relativeGap
            glpkOptions.objective_step =
                options.objectiveGranularity.map { $0 > 0 && $0.isFinite ? $0 * scaling.factor : 0 } ?? 0
            glpkOptions.node_limit = options.nodeLimit.map { Int32(clamping: max(1, $0)) } ?? 0
            glpkOptions.node_offset = Int32(clamping: options.effortOffset)
            if options.effortCeiling != nil {
                glpkOptions.node_ceiling = { context in
                    guard let context else { return Int32.max }
                    let sink = Unmanaged<CallbackSink>.fromOpaque(context).takeUnretainedValue()
                    return Int32(clamping: sink.options.effortCeiling?.value ?? Int.max)
                }
            }
            glpkOptions.relaxation_only = options.relaxationOnly ? 1 : 0
            if options.planTarget != nil || options.stopAtObjective != nil {
                glpkOptions.stop_at_incumbent = { context, incumbent, nodes in
                    guard let context else { return 0 }
                    let sink = Unmanaged<CallbackSink>.fromOpaque(context).takeUnretainedValue()
                    return sink.meetsPlanTarget(incumbent: incumbent, foundAt: Int(nodes)) ? 1 : 0
                }
            }
            glpkOptions.presolve = tuning.presolve ? 1 : 0
            glpkOptions.cuts = tuning.cuts ? 1 : 0
            switch tuning.branching {
            case nil: glpkOptions.branching = Int32(SMM_GLPK_BRANCH_AUTOMATIC)
            case .pseudoCost?: glpkOptions.branching = Int32(SMM_GLPK_BRANCH_PSEUDO_COST)
            case .driebeckTomlin?: glpkOptions.branching = Int32(SMM_GLPK_BRANCH_DRIEBECK_TOMLIN)
            }
            glpkOptions.message_level = GLP_MSG_ON
            glpkOptions.terminal = { context, text in
                guard let context, let text else { return }
                Unmanaged<CallbackSink>.fromOpaque(context).takeUnretainedValue().output(String(cString: text))
            }
            glpkOptions.progress = { context, elapsed, hasIncumbent, incumbent, hasBound, bound in
                guard let context else { return }
                Unmanaged<CallbackSink>.fromOpaque(context).takeUnretainedValue().progress(
                    SolveProgress(
                        elapsedSeconds: elapsed, incumbent: hasIncumbent != 0 ? incumbent : nil,
                        bound: hasBound != 0 ? bound : nil))
            }
            if options.stop != nil {
                glpkOptions.should_stop = { context in
                    guard let context else { return 0 }
                    return Unmanaged<CallbackSink>.fromOpaque(context).takeUnretainedValue().shouldStop ? 1 : 0
                }
            }
            let context = Unmanaged.passUnretained(sink).toOpaque()
            glpkOptions.terminal_context = context
            glpkOptions.progress_context = context
            return values.withUnsafeMutableBufferPointer { out in
                outcome.column_values = out.baseAddress
                if let initial = options.initialSolution {
                    return initial.withUnsafeBufferPointer { start in
                        glpkOptions.initial_solution = start.baseAddress
                        return smm_glpk_solve(&problem, &glpkOptions, &outcome)
                    }
                }
                return smm_glpk_solve(&problem, &glpkOptions, &outcome)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        withExtendedLifetime(sink) {}
        try Self.check(code, outcome)
        outcome.lp_objective = scaling.unscaled(outcome.lp_objective)
        outcome.mip_objective = scaling.unscaled(outcome.mip_objective)
        outcome.tree_bound = scaling.unscaled(outcome.tree_bound)
        let answer = Self.solution(outcome: outcome, values: values, model: model, seconds: seconds, log: sink.text)
        return options.initialSolution.map { Self.keepingTheStart($0, over: answer, model: model) } ?? answer
    }

    /// GLPK takes a starting plan only at its first heuristic call, after the root's LP: a search
    /// stopped before then (a node limit of 1, a stop) would end worse than the plan it was given.
    /// The start, checked feasible before the solve, is then the answer's plan.
    private static func keepingTheStart(_ start: [Double], over answer: MIPSolution, model: MIPModel) -> MIPSolution {
        guard answer.status == .feasible || answer.status == .noSolution else { return answer }
        let value = model.objectiveValue(of: start)
        if let objective = answer.objective, model.sense == .maximize ? objective >= value : objective <= value {
            return answer
        }
        return MIPSolution(
            status: .feasible, values: start, objective: value,
            bound: answer.bound.map { tighter($0, value, model.sense) },
            relaxationObjective: answer.relaxationObjective,
            seconds: answer.seconds, log: answer.log, nodes: answer.nodes, planEffort: 0)
    }

    public func write(_ model: MIPModel, format: ModelFileFormat, to path: String) throws {
        try model.validate()
        var outcome = SMMGLPKOutcome()
        let code = withProblem(model, names: true) { problem in
            smm_glpk_write(
                &problem, format == .lp ? Int32(SMM_GLPK_FORMAT_LP) : Int32(SMM_GLPK_FORMAT_MPS), path,
                &outcome)
        }
        try Self.check(code, outcome)
    }

    /// Turns GLPK's return codes and statuses into a typed result.
    private static func solution(
        outcome: SMMGLPKOutcome, values: [Double], model: MIPModel, seconds: Double,
        log: String
    ) -> MIPSolution {
        let lpSolved = outcome.simplex_return == 0 && outcome.lp_status == GLP_OPT
        let relaxation = lpSolved ? outcome.lp_objective : nil
        func result(
            _ status: SolveStatus, values: [Double] = [], objective: Double? = nil,
            bound: Double? = nil
        ) -> MIPSolution {
            MIPSolution(
                status: status, values: values, objective: objective, bound: bound,
                relaxationObjective: relaxation, seconds: seconds, log: log, nodes: Int(outcome.nodes),
                planEffort: values.isEmpty || outcome.incumbent_nodes < 0 ? nil : Int(outcome.incumbent_nodes))
        }
        // The LP relaxation decides infeasibility when it is already infeasible.
        if outcome.simplex_return == GLP_ENOPFS || (outcome.simplex_return == 0 && outcome.lp_status == GLP_NOFEAS) {
            return result(.infeasible)
        }
        // No search (the LP relaxation only, or stopped in it): what the LP proved, if it was solved.
        guard outcome.intopt_ran != 0 else { return result(.noSolution, bound: relaxation) }
        switch outcome.mip_status {
        case GLP_OPT:
            // Integer columns come back as exact integers from GLPK up to rounding noise.
            let rounded = zip(values, model.columnIsInteger).map { $1 ? $0.rounded() : $0 }
            let objective = model.objectiveValue(of: rounded)
            let proven = outcome.intopt_return == 0
            let treeBound = outcome.has_tree_bound != 0 ? outcome.tree_bound : relaxation
            return result(
                proven ? .optimal : .feasible, values: rounded, objective: objective,
                bound: proven ? objective : treeBound.map { tighter($0, objective, model.sense) })
        case GLP_FEAS:
            let rounded = zip(values, model.columnIsInteger).map { $1 ? $0.rounded() : $0 }
            let objective = model.objectiveValue(of: rounded)
            let bound = outcome.has_tree_bound != 0 ? outcome.tree_bound : relaxation
            // Stopped at the gap tolerance (GLP_EMIPGAP), the time limit or on request: a plan, not a
            // proven optimum. The caller decides whether its bound proves it (granularity rounding).
            return result(
                .feasible, values: rounded, objective: objective,
                bound: bound.map { tighter($0, objective, model.sense) })
        case GLP_NOFEAS:
            return result(.infeasible)
        default:
            if outcome.intopt_return == GLP_ENOPFS { return result(.infeasible) }
            return result(.noSolution, bound: outcome.has_tree_bound != 0 ? outcome.tree_bound : relaxation)
        }
    }

    /// A bound can never be worse than a known plan.
    private static func tighter(_ bound: Double, _ objective: Double, _ sense: MIPModel.Sense) -> Double {
        sense == .maximize ? max(bound, objective) : min(bound, objective)
    }

    private static func check(_ code: Int32, _ outcome: SMMGLPKOutcome) throws {
        var copy = outcome
        let message = withUnsafeBytes(of: &copy.error_message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }.trimmingCharacters(in: .whitespacesAndNewlines)
        switch Int(code) {
        case Int(SMM_GLPK_OK):
            if outcome.simplex_return != 0 && outcome.simplex_return != GLP_ENOPFS
                && outcome.simplex_return != GLP_ETMLIM && outcome.simplex_return != GLP_ENODFS
            {
                throw GLPKError(
                    kind: .solverFailed, message: "the simplex method failed (code \(outcome.simplex_return))")
            }
            if outcome.intopt_ran != 0, [GLP_EBOUND, GLP_EROOT, GLP_EFAIL].contains(outcome.intopt_return) {
                throw GLPKError(
                    kind: .solverFailed,
                    message: "branch-and-bound failed (code \(outcome.intopt_return))")
            }
        case Int(SMM_GLPK_OUT_OF_MEMORY): throw GLPKError(kind: .outOfMemory, message: message)
        case Int(SMM_GLPK_WRITE_FAILED): throw GLPKError(kind: .writeFailed, message: message)
        default: throw GLPKError(kind: .internalError, message: message)
        }
    }

    /// Lends C views of the model's arrays for the duration of `body`. Names are copied only for
    /// writing files: a solve does not need them, and a portfolio has hundreds of thousands.
    private func withProblem<R>(_ model: MIPModel, names: Bool, _ body: (inout SMMGLPKProblem) -> R) -> R {
        let rowNames = CStringArray(names ? model.rowNames.map(Self.solverName) : [])
        let columnNames = CStringArray(names ? model.columnNames.map(Self.solverName) : [])
        defer {
            rowNames.free()
            columnNames.free()
        }
        let integer = model.columnIsInteger.map { Int32($0 ? 1 : 0) }
        return model.name.withCString { name in
            model.objective.withUnsafeBufferPointer { objective in
                model.rowLower.withUnsafeBufferPointer { rowLower in
                    model.rowUpper.withUnsafeBufferPointer { rowUpper in
                        model.columnLower.withUnsafeBufferPointer { columnLower in
                            model.columnUpper.withUnsafeBufferPointer { columnUpper in
                                integer.withUnsafeBufferPointer { integer in
                                    model.entryRow.withUnsafeBufferPointer { entryRow in
                                        model.entryColumn.withUnsafeBufferPointer { entryColumn in
                                            model.entryValue.withUnsafeBufferPointer { entryValue in
                                                var problem = SMMGLPKProblem(
                                                    name: name, maximize: model.sense == .maximize ? 1 : 0,
                                                    num_rows: Int32(model.rowCount),
                                                    num_cols: Int32(model.columnCount),
                                                    objective: objective.baseAddress,
                                                    objective_constant: model.objectiveConstant,
                                                    row_lower: rowLower.baseAddress,
                                                    row_upper: rowUpper.baseAddress, col_lower: columnLower.baseAddress,
                                                    col_upper: columnUpper.baseAddress,
                                                    col_integer: integer.baseAddress,
                                                    num_nonzeros: Int32(model.nonzeroCount),
                                                    matrix_row: entryRow.baseAddress,
                                                    matrix_col: entryColumn.baseAddress,
                                                    matrix_value: entryValue.baseAddress,
                                                    row_names: names ? rowNames.pointer : nil,
                                                    col_names: names ? columnNames.pointer : nil)
                                                return body(&problem)
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
    }

    /// GLPK names: at most 255 characters, and CPLEX LP format allows no '-' or spaces.
    static func solverName(_ name: String) -> String {
        let mapped = name.map { $0 == "-" || $0 == " " ? "_" : $0 }
        return String(String(mapped).prefix(255))
    }
}

/// Collects GLPK's output and forwards callbacks; used only on the solving thread.
private final class CallbackSink {
    let options: SolveOptions
    /// GLPK's objective is the model's times `scaling.factor`; progress is reported in the model's terms.
    let scaling: ObjectiveScaling
    private(set) var text = ""

    /// The model's sense, for `SolveOptions.stopAtObjective`.
    let maximize: Bool

    init(options: SolveOptions, scaling: ObjectiveScaling, maximize: Bool) {
        self.options = options
        self.scaling = scaling
        self.maximize = maximize
    }

    func output(_ line: String) {
        text += line
        options.onOutput?(line)
    }

    func progress(_ progress: SolveProgress) {
        options.onProgress?(
            SolveProgress(
                elapsedSeconds: progress.elapsedSeconds, incumbent: progress.incumbent.map(scaling.unscaled),
                bound: progress.bound.map(scaling.unscaled)))
    }

    var shouldStop: Bool { options.stop?.isStopped ?? false }

    /// `SolveOptions.planTarget` or `stopAtObjective`, asked in the model's terms (GLPK's
    /// incumbent is scaled).
    func meetsPlanTarget(incumbent: Double, foundAt nodes: Int) -> Bool {
        let value = scaling.unscaled(incumbent)
        if let goal = options.stopAtObjective, maximize ? value >= goal : value <= goal { return true }
        return options.planTarget?.isMet(byPlanOf: value, foundAt: nodes) ?? false
    }
}

/// A C array of C strings that lives until `free()`.
private struct CStringArray {
    let pointer: UnsafeMutablePointer<UnsafePointer<CChar>?>

    init(_ strings: [String]) {
        pointer = .allocate(capacity: max(strings.count, 1))
        for (i, s) in strings.enumerated() { pointer[i] = UnsafePointer(strdup(s)) }
        count = strings.count
    }

    let count: Int

    func free() {
        for i in 0..<count { Foundation.free(UnsafeMutablePointer(mutating: pointer[i])) }
        pointer.deallocate()
    }
}
