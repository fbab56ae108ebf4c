import Foundation
import OptimizationModel
import ScenarioModel
import Synchronization

/// The specialised core for large portfolios: a Lagrangian bound (`LagrangianCore`) optimised by
/// subgradient steps, plans rounded from the running average of the subproblem solutions by
/// `GuidedScheduler`, then improved by windows that GLPK re-plans (`NeighbourhoodSearch`) while
/// the bound goes on on a second thread. Reports the best plan, the best proven bound and so the
/// gap, honestly.
struct PortfolioCore {
    struct Result {
        let quarters: Schedule
        let value: Double
        let bound: Double
        let iterations: Int
        let seconds: Double
    }

    let problem: PlanningProblem
    let solver: any MIPSolver
    var timeLimit: Double = 60
    var relativeGap: Double = 0.0005
    /// The bound's subgradient steps stop here at the latest (else at the time limit, or when their
    /// step length has shrunk to nothing). 4,000 stopped the weighted agreement's bound of the
    /// 1,000 × 12 portfolio with 3 parties after 130 s of its 180 (gap 0.28%; 0.21% with the
    /// steps to the end, 6,568 of them).
    var maxIterations = 20000
    /// Whether the bound prices the parties' payments (`LagrangianCore`); see
    /// `PlannerOptions.corePricesPayments` for what each choice was measured to give.
    var pricingPayments = true
    /// Receives the best plan's value and the bound as the core works (from the thread that
    /// improves the plan, before each window, and from the first phase every tenth iteration).
    var onProgress: (@Sendable (SolveProgress) -> Void)?
    /// Polled in every phase: once stopped, the core returns its best plan and bound.
    var stop: StopSignal?

    func solve() -> Result? {
        let clock = CoreClock(stop: stop)
        // 1. Until a first good plan: subgradient steps, rounding every tenth solution.
        var ascent = SubgradientAscent(core: LagrangianCore(problem: problem, pricingPayments: pricingPayments))
        var rounding = PlanRounding(problem: problem)
        let moving = firstPhase(&ascent, &rounding, clock: clock)
        rounding.roundByDensity()
        // The refinement is quadratic in a cost class: it too stops at the time limit.
        let deadline = timeLimit * 0.97
        guard let first = rounding.refinedBest(until: { clock.elapsed >= deadline || clock.stopped }) else {
            return nil
        }
        // 2. On two threads: the bound goes on with subgradient steps (the plan's value steers
        // their length), while windows re-planned by the MIP solver improve the plan. Each solver
        // problem is created, solved and deleted on the improving thread.
        let shared = SharedProgress(bound: ascent.bestBound, value: first.value)
        let finished = DispatchSemaphore(value: 0)
        if moving && !closed(ascent.bestBound, first.value) {
            startBoundThread(ascent, shared: shared, deadline: deadline, clock: clock, finished: finished)
        } else {
            shared.publish(bound: ascent.bestBound, iterations: ascent.iterations)
            finished.signal()
        }
        let improved = improveByWindows(first.quarters, shared: shared, deadline: deadline, clock: clock)
        let value = problem.maturityValue(of: improved)
        shared.publish(value: value)
        shared.stop()
        finished.wait()
        return Result(
            quarters: improved, value: value, bound: max(shared.bound, value), iterations: shared.iterations,
            seconds: clock.elapsed)
    }

    /// Whether a plan of `value` is within the relative gap of `bound`.
    private func closed(_ bound: Double, _ value: Double) -> Bool {
        OptimizationModel.relativeGap(value, bound: bound) <= relativeGap
    }

    /// Subgradient steps on one thread, rounding the first and every tenth solution, until a plan
    /// meets the bound, the steps stop moving, or the phase's share of the time is spent.
    /// - Returns: Whether the multipliers can still move.
    private func firstPhase(_ ascent: inout SubgradientAscent, _ rounding: inout PlanRounding, clock: CoreClock)
        -> Bool
    {
        var moving = true
        while moving && ascent.iterations < maxIterations && clock.elapsed < timeLimit * Self.roundingShare
            && !clock.stopped
        {
            let (evaluation, more) = ascent.step(towards: rounding.best?.value ?? 0)
            moving = more
            // Later iterations, closer to the optimal multipliers, weigh more in the average.
            rounding.average(evaluation.quarters, weight: Double(ascent.iterations))
            if ascent.iterations == 1 || ascent.iterations % 10 == 0 {
                rounding.round(current: evaluation.quarters)
                onProgress?(
                    SolveProgress(
                        elapsedSeconds: clock.elapsed, incumbent: rounding.best?.value, bound: ascent.bestBound))
            }
            if let best = rounding.best, closed(ascent.bestBound, best.value) { break }
        }
        return moving
    }

    /// The bound's subgradient steps on their own thread, aimed at the best plan's value as the
    /// windows improve it, until the deadline, a stop, or a plan within the gap.
    private func startBoundThread(
        _ ascent: SubgradientAscent, shared: SharedProgress, deadline: Double, clock: CoreClock,
        finished: DispatchSemaphore
    ) {
        let maxIterations = maxIterations, relativeGap = relativeGap
        let thread = Thread {
            var ascent = ascent
            while ascent.iterations < maxIterations && clock.elapsed < deadline && !shared.stopped && !clock.stopped {
                let value = shared.value
                let (_, more) = ascent.step(towards: value)
                shared.publish(bound: ascent.bestBound, iterations: ascent.iterations)
                if !more || OptimizationModel.relativeGap(value, bound: ascent.bestBound) <= relativeGap { break }
            }
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The windows (`NeighbourhoodSearch`) on this thread, until the deadline, a stop, or as soon
    /// as the bound proves the plan good enough.
    private func improveByWindows(_ plan: Schedule, shared: SharedProgress, deadline: Double, clock: CoreClock)
        -> Schedule
    {
        let onProgress = onProgress
        let windowClock = { () -> Double in
            onProgress?(SolveProgress(elapsedSeconds: clock.elapsed, incumbent: shared.value, bound: shared.bound))
            return closed(shared.bound, shared.value) || clock.stopped ? Double.infinity : clock.elapsed
        }
        var improver = SubplanImprover(problem: problem, solver: solver)
        improver.stop = stop
        let problem = problem
        return NeighbourhoodSearch(improver: improver).improve(
            plan, until: deadline, clock: windowClock,
            onImprovement: { shared.publish(value: problem.maturityValue(of: $0)) })
    }

    /// Share of the time for the first phase (bound and rounding on one thread).
    static let roundingShare = 0.1
}

/// Seconds since the core started, and whether it was asked to stop; shared by both threads.
private struct CoreClock: Sendable {
    let started = DispatchTime.now().uptimeNanoseconds
    let stop: StopSignal?

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
    var stopped: Bool { stop?.isStopped ?? false }
}

/// What the bound thread and the improving thread tell each other.
private final class SharedProgress: Sendable {
    private struct State {
        var bound: Double
        var value: Double
        var iterations = 0
        var stopped = false
    }
    private let state: Mutex<State>

    init(bound: Double, value: Double) { state = Mutex(State(bound: bound, value: value)) }

    var bound: Double { state.withLock { $0.bound } }
    var value: Double { state.withLock { $0.value } }
    var iterations: Int { state.withLock { $0.iterations } }
    var stopped: Bool { state.withLock { $0.stopped } }

    func publish(bound: Double, iterations: Int) {
        state.withLock {
            $0.bound = min($0.bound, bound); $0.iterations = iterations
        }
    }
    func publish(value: Double) { state.withLock { $0.value = max($0.value, value) } }
    func stop() { state.withLock { $0.stopped = true } }
}
