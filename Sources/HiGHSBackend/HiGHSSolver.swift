import Dispatch
import Foundation
import OptimizationModel

/// A HiGHS failure.
public struct HiGHSError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { "HiGHS: \(message)" }
}

/// The HiGHS backend: HiGHS's branch-and-cut (presolve, cuts, restarts after reduced-cost fixing,
/// conflict analysis), through its C API loaded at run time (`HiGHSLibrary`).
///
/// Each solve creates its own HiGHS instance on the calling thread, runs it on that thread alone
/// (`threads` 1; two solves at once use two cores), and destroys it before returning. Stops,
/// effort ceilings and plan targets are checked in HiGHS's MIP interrupt callback. Its effort
/// (`MIPSolution.effort`) is the simplex iterations of its search, as its callbacks count them:
/// the same on every run, and unlike its node count it grows during presolve, root cuts and
/// restarts, where HiGHS spends most of its time on these programs.
public struct HiGHSSolver: MIPSolver {
    let library: HiGHSLibrary

    /// A solver on `library`.
    public init(library: HiGHSLibrary) {
        self.library = library
    }

    /// The solver on the library this process found (`HiGHSLibrary.shared`), or `nil` without one.
    public static func found() -> HiGHSSolver? {
        guard case .success(let library) = HiGHSLibrary.shared else { return nil }
        return HiGHSSolver(library: library)
    }

    public var name: String { "HiGHS \(library.version)" }

    public func solve(_ model: MIPModel, options: SolveOptions) throws -> MIPSolution {
        try model.validate()
        let started = DispatchTime.now().uptimeNanoseconds
        let sink = HiGHSCallbackSink(options: options, maximize: model.sense == .maximize)
        let instance = HiGHSInstance(library: library)
        defer { instance.close() }
        // Options before the model: passing a model logs, and the log goes to the console until told not to.
        try configure(instance, options: options)
        try instance.pass(model, integer: !options.relaxationOnly)
        if let start = options.initialSolution, !options.relaxationOnly {
            guard start.count == model.columnCount else {
                throw ModelValidationError(
                    "the initial solution has \(start.count) values for \(model.columnCount) columns")
            }
            // HiGHS checks a starting point itself and ignores one that is not feasible.
            _ = start.withUnsafeBufferPointer { library.setSolution(instance.handle, $0.baseAddress, nil, nil, nil) }
        }
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        _ = library.setCallback(instance.handle, hiGHSCallback, context.toOpaque())
        let kinds: [HiGHSConstant.CallbackKind] =
            options.relaxationOnly
            ? [.simplexInterrupt, .ipmInterrupt] : [.mipInterrupt, .mipImprovingSolution, .mipLogging]
        for kind in kinds + (options.onOutput == nil ? [] : [.logging]) {
            _ = library.startCallback(instance.handle, kind.rawValue)
        }
        let code = library.run(instance.handle)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if code == HiGHSConstant.statusError && sink.stopRequested == false {
            let status = library.getModelStatus(instance.handle)
            // An infeasible or stopped run is not an error; anything else is.
            if ![HiGHSConstant.ModelStatus.infeasible, .unboundedOrInfeasible, .timeLimit, .interrupt]
                .contains(HiGHSConstant.ModelStatus(rawValue: status))
            {
                throw HiGHSError(message: "the solve failed (model status \(status))")
            }
        }
        return answer(instance, model: model, options: options, sink: sink, seconds: seconds)
    }

    /// HiGHS's options for this solve: the standard attributes in HiGHS's names.
    private func configure(_ instance: HiGHSInstance, options: SolveOptions) throws {
        // Off the console first: switching the output on prints HiGHS's banner at once, to stdout.
        try instance.setBool("log_to_console", false)
        try instance.setBool("output_flag", options.onOutput != nil)
        try instance.setInt("threads", 1)
        // HiGHS's defaults stop at a relative gap of 1e-4, which is not a proof; this one is asked for.
        try instance.setDouble("mip_rel_gap", options.relativeGap)
        // Every plan's value is a multiple of the granularity: a gap below one step proves the plan.
        if let step = options.objectiveGranularity, step > 0, step.isFinite {
            try instance.setDouble("mip_abs_gap", step * (1 - 1e-6))
        } else {
            try instance.setDouble("mip_abs_gap", 1e-9)
        }
        if let limit = options.timeLimit { try instance.setDouble("time_limit", max(0.001, limit)) }
        if let nodes = options.nodeLimit { try instance.setInt("mip_max_nodes", Int32(clamping: max(1, nodes))) }
        if options.searchPath == .alternative {
            // Another path through the same search: HiGHS's random seed.
            try instance.setInt("random_seed", 1)
        }
    }

    private func answer(
        _ instance: HiGHSInstance, model: MIPModel, options: SolveOptions, sink: HiGHSCallbackSink, seconds: Double
    ) -> MIPSolution {
        let status = HiGHSConstant.ModelStatus(rawValue: library.getModelStatus(instance.handle)) ?? .unknown
        let nodes = Int(instance.int64Info("mip_node_count") ?? 0)
        func result(_ status: SolveStatus, values: [Double] = [], bound: Double? = nil, relaxation: Double? = nil)
            -> MIPSolution
        {
            MIPSolution(
                status: status, values: values, objective: values.isEmpty ? nil : model.objectiveValue(of: values),
                bound: bound, relaxationObjective: relaxation, seconds: seconds, log: sink.log,
                nodes: options.relaxationOnly ? nil : nodes, effort: options.relaxationOnly ? nil : sink.effort,
                planEffort: values.isEmpty ? nil : sink.planEffort.map { $0 + options.effortOffset })
        }
        // "Unbounded or infeasible" from presolve is infeasible when no column is unbounded.
        let bounded = model.columnLower.allSatisfy(\.isFinite) && model.columnUpper.allSatisfy(\.isFinite)
        if status == .infeasible || (status == .unboundedOrInfeasible && bounded) { return result(.infeasible) }
        if options.relaxationOnly {
            guard status == .optimal else { return result(.noSolution) }
            let value = instance.doubleInfo("objective_function_value")
            return result(.noSolution, bound: value, relaxation: value)
        }
        let feasible = instance.intInfo("primal_solution_status") == HiGHSConstant.solutionFeasible
        let dualBound = instance.doubleInfo("mip_dual_bound").flatMap { $0.isFinite ? $0 : nil }
        guard feasible else { return result(.noSolution, bound: dualBound) }
        var values = [Double](repeating: 0, count: model.columnCount)
        _ = values.withUnsafeMutableBufferPointer {
            library.getSolution(instance.handle, $0.baseAddress, nil, nil, nil)
        }
        // Integer columns come back within HiGHS's tolerance of an integer.
        values = zip(values, model.columnIsInteger).map { $1 ? $0.rounded() : $0 }
        let objective = model.objectiveValue(of: values)
        let maximize = model.sense == .maximize
        // A bound is never worse than a known plan.
        let bound = dualBound.map { maximize ? max($0, objective) : min($0, objective) }
        // Optimal only when the bound meets the plan, or no plan value lies between them (the
        // granularity). A stop at a requested gap is `feasible`, with its bound, as every backend says.
        let proven: Bool
        if status == .optimal, let bound {
            let step = options.objectiveGranularity ?? 0
            proven = abs(bound - objective) <= max(1e-9 * max(1, abs(bound)), step > 0 ? step * (1 - 1e-6) : 0)
        } else {
            proven = false
        }
        return result(proven ? .optimal : .feasible, values: values, bound: proven ? objective : bound)
    }

    public func write(_ model: MIPModel, format: ModelFileFormat, to path: String) throws {
        try model.validate()
        let instance = HiGHSInstance(library: library)
        defer { instance.close() }
        try instance.setBool("output_flag", false)
        try instance.pass(model, integer: true)
        // HiGHS picks the format by the file's extension: write beside the target, then move it there.
        let directory = (path as NSString).deletingLastPathComponent
        let named = (directory.isEmpty ? "." : directory) + "/.smm-highs-\(UUID().uuidString).\(format.rawValue)"
        guard library.writeModel(instance.handle, named) != HiGHSConstant.statusError else {
            try? FileManager.default.removeItem(atPath: named)
            throw HiGHSError(message: "cannot write \(path)")
        }
        guard rename(named, path) == 0 else {
            try? FileManager.default.removeItem(atPath: named)
            throw HiGHSError(message: "cannot write \(path)")
        }
    }
}

/// One HiGHS object, created and destroyed by the solve that uses it.
final class HiGHSInstance {
    let library: HiGHSLibrary
    let handle: UnsafeMutableRawPointer?

    init(library: HiGHSLibrary) {
        self.library = library
        handle = library.create()
    }

    func close() { library.destroy(handle) }

    /// Passes the model column-wise (HiGHS's own layout), integer columns marked unless `integer` is false.
    func pass(_ model: MIPModel, integer: Bool) throws {
        let columns = model.columnCount
        var start = [Int32](repeating: 0, count: columns + 1)
        for column in model.entryColumn { start[Int(column) + 1] += 1 }
        for j in 0..<columns { start[j + 1] += start[j] }
        var next = Array(start.dropLast())
        var index = [Int32](repeating: 0, count: model.nonzeroCount)
        var value = [Double](repeating: 0, count: model.nonzeroCount)
        for k in 0..<model.nonzeroCount {
            let j = Int(model.entryColumn[k])
            let slot = Int(next[j])
            index[slot] = model.entryRow[k]
            value[slot] = model.entryValue[k]
            next[j] += 1
        }
        let integrality = model.columnIsInteger.map {
            $0 && integer ? HiGHSConstant.integer : HiGHSConstant.continuous
        }
        let sense = model.sense == .maximize ? HiGHSConstant.senseMaximize : HiGHSConstant.senseMinimize
        let code = library.passMip(
            handle, Int32(columns), Int32(model.rowCount), Int32(model.nonzeroCount), HiGHSConstant.matrixColumnwise,
            sense, model.objectiveConstant, model.objective, model.columnLower, model.columnUpper, model.rowLower,
            model.rowUpper, start, index, value, integrality)
        guard code != HiGHSConstant.statusError else { throw HiGHSError(message: "the model was refused") }
    }

    func setBool(_ option: String, _ value: Bool) throws {
        try check(option, library.setBoolOption(handle, option, value ? 1 : 0))
    }

    func setInt(_ option: String, _ value: Int32) throws {
        try check(option, library.setIntOption(handle, option, value))
    }

    func setDouble(_ option: String, _ value: Double) throws {
        try check(option, library.setDoubleOption(handle, option, value))
    }

    private func check(_ option: String, _ code: Int32) throws {
        guard handle != nil else { throw HiGHSError(message: "cannot create a HiGHS object") }
        guard code != HiGHSConstant.statusError else { throw HiGHSError(message: "option \(option) was refused") }
    }

    func doubleInfo(_ name: String) -> Double? {
        var value = 0.0
        return library.getDoubleInfo(handle, name, &value) == HiGHSConstant.statusError ? nil : value
    }

    func intInfo(_ name: String) -> Int32? {
        var value: Int32 = 0
        return library.getIntInfo(handle, name, &value) == HiGHSConstant.statusError ? nil : value
    }

    func int64Info(_ name: String) -> Int64? {
        var value: Int64 = 0
        return library.getInt64Info(handle, name, &value) == HiGHSConstant.statusError ? nil : value
    }
}
