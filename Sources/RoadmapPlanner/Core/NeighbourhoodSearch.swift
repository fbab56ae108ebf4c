/// Local search over a finished plan with exact sub-plans (`SubplanImprover`): *quarter pairs*.
/// In a window of two quarters and a group of systems, the steps in the two quarters stay in
/// them and steps taken later or not at all may move in; GLPK chooses. This trades each quarter's budget between the systems of a group, which the
/// rounding cannot do well: it took the 50-system portfolio from 0.70% to 0.06% of the bound.
/// Groups are sized for GLPK (about 2,000 columns, where its branch-and-bound finds better plans
/// within a tenth of a second) and drawn anew for every sweep.
///
/// Tried and left out: letting every step shift one quarter either way (the differences to
/// HiGHS's near-optimal plan are such shifts, chained over several quarters), and windows of
/// three quarters. GLPK found nothing better in them within a second: their LP bound is close
/// to the plan, and branch-and-bound does not reach the better integer points in time. Letting
/// steps that nothing needs drop out of a window made the sweeps slower to improve.
struct NeighbourhoodSearch {
    let improver: SubplanImprover
    /// Columns a window aims at.
    var targetColumns = 2000
    /// Seconds a single window may take.
    var windowTimeLimit = 0.1

    /// Improves `plan` until `deadline` (seconds of `clock`), or until a sweep at every distance
    /// in a row changes nothing.
    /// - Parameter onImprovement: Called with each better plan.
    func improve(_ plan: [Int?], until deadline: Double, clock: () -> Double,
                 onImprovement: ([Int?]) -> Void = { _ in }) -> [Int?] {
        let scenario = improver.steps.scenario
        let all = improver.steps.steps
        let H = scenario.horizon
        var plan = plan
        var stepsOfSystem = [[Int]](repeating: [], count: scenario.systems.count)
        for (s, step) in all.enumerated() where improver.steps.isSchedulable(step) { stepsOfSystem[step.systemIndex].append(s) }
        let systems = scenario.systems.indices.filter { !stepsOfSystem[$0].isEmpty }
        // Distances between the two quarters, sweep after sweep: 1, 2, 1, 3, 1, 4, …: adjacent
        // quarters trade most, distant ones make the trades that adjacent ones cannot chain.
        var distances: [Int] = []
        for distance in 1..<max(H, 2) { distances += distance == 1 ? [1] : [distance, 1] }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var sinceChange = 0
        var k = 0
        while sinceChange < distances.count && clock() < deadline {
            let distance = min(max(1, H - 1), distances[k % distances.count])
            k += 1
            // A new grouping of the systems each time (deterministic), so that every pair of
            // systems comes to share a window sooner or later.
            var order = systems
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                order.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
            }
            var changed = false
            for window in windows(distance: distance, horizon: H) {
                var group: [Int] = []
                var columns = 0
                for (n, system) in order.enumerated() {
                    group.append(system)
                    columns += stepsOfSystem[system].reduce(0) { $0 + window.columns(plan[$1]) }
                    guard columns >= targetColumns || n == order.count - 1 else { continue }
                    guard clock() < deadline else { return plan }
                    let free = group.flatMap { stepsOfSystem[$0] }.filter { window.isFree(plan[$0]) }
                    if let better = improver.improve(plan, free: free, allowed: { window.allowed(plan[$0]) },
                                                     timeLimit: min(windowTimeLimit, max(0.02, deadline - clock()))) {
                        plan = better
                        changed = true
                        onImprovement(plan)
                    }
                    group = []
                    columns = 0
                }
            }
            sinceChange = changed ? 0 : sinceChange + 1
        }
        return plan
    }

    /// One window of a kind: which steps are free and where they may go.
    private struct Window {
        let isFree: (Int?) -> Bool
        let allowed: (Int?) -> [Int]
        /// About how many columns a step adds.
        let columns: (Int?) -> Int
    }

    private func windows(distance: Int, horizon H: Int) -> [Window] {
        (1...max(1, H - distance)).map { first in
            let pair = [first, min(H, first + distance)]
            // Steps in the pair, and steps after its first quarter or left out, which may move in.
            return Window(isFree: { ($0 ?? H + 1) >= first },
                          allowed: { _ in pair },
                          columns: { ($0 ?? H + 1) >= first ? 2 : 0 })
        }
    }
}
