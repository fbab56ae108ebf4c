import Foundation
import Synchronization
import OptimizationModel
import ScenarioLoading

/// The specialised core for large portfolios: a Lagrangian bound (`LagrangianCore`) optimised by
/// subgradient steps, plans rounded from the running average of the subproblem solutions by
/// `GuidedScheduler`, then improved by windows that GLPK re-plans (`NeighbourhoodSearch`) while
/// the bound goes on on a second thread. Reports the best plan, the best proven bound and so the
/// gap, honestly.
struct PortfolioCore {
    struct Result {
        let quarters: [Int?]
        let value: Double
        let bound: Double
        let iterations: Int
        let seconds: Double
    }

    let steps: PlanningSteps
    let solver: any MIPSolver
    var timeLimit: Double = 60
    var relativeGap: Double = 0.0005
    var maxIterations = 4000
    /// Receives the best plan's value and the bound as the core works (from the thread that
    /// improves the plan, before each window, and from the first phase every tenth iteration).
    var onProgress: (@Sendable (SolveProgress) -> Void)?
    /// Polled in every phase: once stopped, the core returns its best plan and bound.
    var stop: StopSignal?

    func solve() -> Result? {
        let started = DispatchTime.now().uptimeNanoseconds
        @Sendable func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        let stop = self.stop
        @Sendable func stopped() -> Bool { stop?.isStopped ?? false }
        var core = LagrangianCore(steps: steps)
        let scheduler = GuidedScheduler(steps: steps)
        let all = steps.steps
        let H = steps.scenario.horizon
        var multipliers = [Double](repeating: 0, count: core.rowCount)
        var bestBound = Double.infinity
        var best: (quarters: [Int?], value: Double)?
        // Running average of "reached by t" over iterations: an approximation of the LP solution.
        var reached = [Double](repeating: 0, count: all.count)
        var weightSum = 0.0
        var theta = 1.0, sinceImprovement = 0, iteration = 0

        let density = all.map { $0.value / max($0.cost, 1) }
        /// Rounds from a guide (a preferred quarter per step): earlier first, then denser; keeps the best plan.
        func round(_ guide: [Double], preferred: [Int?]? = nil) {
            let order = all.indices.sorted { a, b in
                if guide[a] != guide[b] { return guide[a] < guide[b] }
                return density[a] != density[b] ? density[a] > density[b] : a < b
            }
            guard let plan = scheduler.schedule(order: order, preferred: preferred) else { return }
            let value = steps.maturityValue(of: plan)
            if best == nil || value > best!.value { best = (plan, value) }
        }
        func round(current: [Int?]) {
            // The averaged solution (an LP estimate) and the current subproblem solution.
            round(
                all.indices.map { s in
                    weightSum > 0 ? Double(H + 1) - reached[s] / weightSum : Double(all[s].earliestQuarter)
                })
            let byCurrent = current.enumerated().map { s, q in
                q.map(Double.init) ?? Double(H + 1) + 1 / max(density[s], 1e-12)
            }
            round(byCurrent)
            // The Lagrangian heuristic: keep the subproblem's own quarters where they fit, then fill.
            round(byCurrent, preferred: current)
        }

        /// One subgradient step: evaluates the multipliers, keeps the best bound, moves the multipliers.
        /// Returns false when the multipliers cannot improve any more.
        @Sendable func iterate(
            _ core: inout LagrangianCore, _ multipliers: inout [Double], lower: Double,
            bestBound: inout Double, theta: inout Double, sinceImprovement: inout Int
        ) -> (LagrangianCore.Evaluation, Bool) {
            let evaluation = core.evaluate(multipliers: multipliers)
            if evaluation.bound < bestBound - 1e-9 {
                bestBound = evaluation.bound
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
                if sinceImprovement >= 25 { theta /= 1.5; sinceImprovement = 0 }
            }
            let norm = evaluation.subgradient.reduce(0) { $0 + $1 * $1 }
            // A zero subgradient: the subproblem solution is feasible and complementary.
            guard norm > 1e-18, theta >= 1e-5 else { return (evaluation, false) }
            let step = theta * max(bestBound - lower, 1e-6 * max(1, abs(bestBound))) / norm
            multipliers = zip(multipliers, evaluation.subgradient).map { max(0, $0 - step * $1) }
            return (evaluation, true)
        }
        @Sendable func closed(_ bound: Double, _ value: Double) -> Bool {
            (bound - value) / max(1, abs(bound)) <= relativeGap
        }

        // 1. Until a first good plan: subgradient steps, rounding every tenth solution.
        var moving = true
        while moving && iteration < maxIterations && elapsed() < timeLimit * Self.roundingShare && !stopped() {
            iteration += 1
            let (evaluation, more) = iterate(
                &core, &multipliers, lower: best?.value ?? 0, bestBound: &bestBound,
                theta: &theta, sinceImprovement: &sinceImprovement)
            moving = more
            // Later iterations, closer to the optimal multipliers, weigh more in the average.
            let w = Double(iteration)
            for (s, q) in evaluation.quarters.enumerated() { if let q { reached[s] += w * Double(H - q + 1) } }
            weightSum += w
            if iteration == 1 || iteration % 10 == 0 {
                round(current: evaluation.quarters)
                onProgress?(SolveProgress(elapsedSeconds: elapsed(), incumbent: best?.value, bound: bestBound))
            }
            if let best, closed(bestBound, best.value) { break }
        }
        // Value density alone, as a last guide.
        round(all.indices.map { -density[$0] })
        guard var best else { return nil }
        // The refinement is quadratic in a cost class: it too stops at the time limit.
        let refined = scheduler.refine(best.quarters, until: { elapsed() >= timeLimit * 0.97 || stopped() })
        best = (refined, steps.maturityValue(of: refined))

        // 2. On two threads: the bound goes on with subgradient steps (the plan's value steers
        // their length), while windows re-planned by GLPK improve the plan. Each GLPK problem is
        // created, solved and deleted on the improving thread.
        let shared = SharedProgress(bound: bestBound, value: best.value)
        let finished = DispatchSemaphore(value: 0)
        let deadline = timeLimit * 0.97
        if moving && !closed(bestBound, best.value) {
            let start = (
                core: core, multipliers: multipliers, theta: theta, since: sinceImprovement,
                iteration: iteration, maxIterations: maxIterations
            )
            let boundThread = Thread {
                var core = start.core, multipliers = start.multipliers, theta = start.theta
                var since = start.since, iteration = start.iteration
                var bound = shared.bound
                while iteration < start.maxIterations && elapsed() < deadline && !shared.stopped && !stopped() {
                    iteration += 1
                    let value = shared.value
                    let (_, more) = iterate(
                        &core, &multipliers, lower: value, bestBound: &bound, theta: &theta,
                        sinceImprovement: &since)
                    shared.publish(bound: bound, iterations: iteration)
                    if !more || closed(bound, value) { break }
                }
                finished.signal()
            }
            boundThread.stackSize = 8 << 20
            boundThread.start()
        } else {
            shared.publish(bound: bestBound, iterations: iteration)
            finished.signal()
        }
        // The improving side stops at the deadline, or as soon as the bound proves the plan good enough.
        let clock = { () -> Double in
            onProgress?(SolveProgress(elapsedSeconds: elapsed(), incumbent: shared.value, bound: shared.bound))
            return closed(shared.bound, shared.value) || stopped() ? Double.infinity : elapsed()
        }
        var improver = SubplanImprover(steps: steps, solver: solver)
        improver.stop = stop
        let search = NeighbourhoodSearch(improver: improver)
        let byQuarters = search.improve(
            best.quarters, until: deadline, clock: clock,
            onImprovement: { shared.publish(value: steps.maturityValue(of: $0)) })
        best = (byQuarters, steps.maturityValue(of: byQuarters))
        shared.publish(value: best.value)
        shared.stop()
        finished.wait()
        return Result(
            quarters: best.quarters, value: best.value, bound: max(shared.bound, best.value),
            iterations: shared.iterations, seconds: elapsed())
    }

    /// Share of the time for the first phase (bound and rounding on one thread).
    static let roundingShare = 0.1
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
