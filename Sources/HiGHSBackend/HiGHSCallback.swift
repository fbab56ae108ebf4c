import Dispatch
import OptimizationModel
import Synchronization

/// What a solve's callback needs and keeps: the solve's options, the log, and the node at which
/// the current plan was found. Used from the solving thread only (HiGHS calls back on it).
final class HiGHSCallbackSink: @unchecked Sendable {
    let options: SolveOptions
    private(set) var log = ""
    /// This solve's effort (simplex iterations) when HiGHS found its current plan.
    private(set) var planEffort: Int?
    /// This solve's effort so far: the most simplex iterations a callback has reported.
    private(set) var effort = 0
    private(set) var incumbent: Double?
    /// Whether the callback asked HiGHS to stop (a stop, a ceiling or a plan target).
    private(set) var stopRequested = false
    private var lastProgress = -1.0
    /// The model's sense, for `SolveOptions.stopAtObjective`.
    let maximize: Bool

    init(options: SolveOptions, maximize: Bool) {
        self.options = options
        self.maximize = maximize
    }

    func output(_ text: String) {
        log += text
        options.onOutput?(text)
    }

    /// A new plan (HiGHS calls back with each improving solution).
    func improved(objective: Double, effort: Int) {
        noteEffort(effort)
        incumbent = objective
        planEffort = self.effort
    }

    func noteEffort(_ count: Int) { effort = max(effort, count) }

    /// Whether the search must stop now: a stop request, an effort ceiling reached, a plan target
    /// met, or a plan as good as `stopAtObjective`.
    func shouldStop() -> Bool {
        if options.stop?.isStopped == true { return true }
        if let goal = options.stopAtObjective, let incumbent, maximize ? incumbent >= goal : incumbent <= goal {
            return true
        }
        if let ceiling = options.effortCeiling, options.effortOffset + effort >= ceiling.value { return true }
        if let target = options.planTarget, let incumbent, let planEffort,
            target.isMet(byPlanOf: incumbent, foundAt: options.effortOffset + planEffort)
        {
            return true
        }
        return false
    }

    func progress(elapsed: Double, primal: Double?, dual: Double?) {
        guard let onProgress = options.onProgress, elapsed - lastProgress >= 1 else { return }
        lastProgress = elapsed
        onProgress(SolveProgress(elapsedSeconds: elapsed, incumbent: primal ?? incumbent, bound: dual))
    }

    func requestStop() { stopRequested = true }
}

/// The one C callback of every solve; `user` is the solve's `HiGHSCallbackSink`.
func hiGHSCallback(
    kind: Int32, message: UnsafePointer<CChar>?, dataOut: UnsafeRawPointer?, dataIn: UnsafeMutableRawPointer?,
    user: UnsafeMutableRawPointer?
) {
    guard let user, case .success(let library) = HiGHSLibrary.shared else { return }
    let sink = Unmanaged<HiGHSCallbackSink>.fromOpaque(user).takeUnretainedValue()
    let data = CallbackData(library: library, dataOut: dataOut)
    switch HiGHSConstant.CallbackKind(rawValue: kind) {
    case .logging?:
        if let message { sink.output(String(cString: message)) }
    case .mipImprovingSolution?:
        if let objective = data.double("mip_primal_bound") {
            sink.improved(objective: objective, effort: data.iterations)
        }
    case .mipLogging?:
        sink.progress(
            elapsed: data.double("running_time") ?? 0, primal: data.finite("mip_primal_bound"),
            dual: data.finite("mip_dual_bound"))
    case .mipInterrupt?:
        sink.progress(
            elapsed: data.double("running_time") ?? 0, primal: data.finite("mip_primal_bound"),
            dual: data.finite("mip_dual_bound"))
        sink.noteEffort(data.iterations)
        if sink.shouldStop() { interrupt(dataIn, sink: sink) }
    case .simplexInterrupt?, .ipmInterrupt?:
        if sink.shouldStop() { interrupt(dataIn, sink: sink) }
    default:
        break
    }
}

/// Asks HiGHS to stop: `HighsCallbackDataIn` begins with `int user_interrupt`.
private func interrupt(_ dataIn: UnsafeMutableRawPointer?, sink: HiGHSCallbackSink) {
    guard let dataIn else { return }
    sink.requestStop()
    dataIn.storeBytes(of: Int32(1), as: Int32.self)
}

/// The items of a callback's `HighsCallbackDataOut`, read by name (`Highs_getCallbackDataOutItem`),
/// so that nothing here depends on the struct's layout.
private struct CallbackData {
    let library: HiGHSLibrary
    let dataOut: UnsafeRawPointer?

    func double(_ name: String) -> Double? {
        guard let dataOut, let pointer = library.getCallbackItem(dataOut, name) else { return nil }
        return pointer.load(as: Double.self)
    }

    func finite(_ name: String) -> Double? { double(name).flatMap { $0.isFinite ? $0 : nil } }

    /// The MIP search's simplex iterations so far.
    var iterations: Int {
        guard let dataOut, let pointer = library.getCallbackItem(dataOut, "mip_total_lp_iterations") else { return 0 }
        return Int(pointer.load(as: Int64.self))
    }
}
