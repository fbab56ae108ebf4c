/// Local search over a finished plan with exact sub-plans (`SubplanImprover`): *quarter windows*.
/// In a window of two (or three consecutive) quarters and a group of systems, the steps in those
/// quarters stay in them and steps taken later or not at all may move in; GLPK chooses. Once a
/// cycle of shapes, a window spans every quarter: whole systems of a group are re-planned. This
/// trades each quarter's budget between the systems of a group, which the rounding cannot do
/// well: it took the 50-system portfolio from 0.70% to 0.04% of the bound. Groups are sized for
/// GLPK (about 1,000 columns, where with cuts it proves most windows optimal within 0.05 s) and
/// drawn anew for every sweep.
///
/// Tried and left out: letting every step shift one quarter either way, and windows chosen by the
/// Lagrangian prices (steps whose quarter the prices leave open, across all systems and quarters,
/// RINS-like): GLPK found nothing better in them. Letting steps that nothing needs drop out of a
/// window made the sweeps slower to improve. Three-quarter windows found nothing either until the
/// windows were solved with cuts; now they follow each distant pair.
struct NeighbourhoodSearch {
    let improver: SubplanImprover
    /// Columns a window aims at.
    ///
    /// Measured on eight generated 50 × 8 portfolios (seeds 1–8, 2 s): windows of 2,000 columns
    /// and 0.1 s stalled on one (0.38%: GLPK found nothing in the first, most valuable windows in
    /// time); 1,000 columns and 0.05 s gave 0.015–0.041% on all eight, and no worse at 200 × 8
    /// and 1,000 × 12.
    var targetColumns = 1000
    /// Seconds a single window may take.
    var windowTimeLimit = 0.05

    /// Improves `plan` until `deadline` (seconds of `clock`), or until a sweep of every shape in a
    /// row changes nothing.
    /// - Parameter onImprovement: Called with each better plan.
    func improve(
        _ plan: Schedule, until deadline: Double, clock: () -> Double,
        onImprovement: (Schedule) -> Void = { _ in }
    ) -> Schedule {
        let scenario = improver.problem.scenario
        let all = improver.problem.steps
        let H = scenario.horizon
        var plan = plan
        var stepsOfSystem = [[Int]](repeating: [], count: scenario.systems.count)
        for (s, step) in all.enumerated() where improver.problem.isSchedulable(step) {
            stepsOfSystem[step.systemIndex].append(s)
        }
        let systems = scenario.systems.indices.filter { !stepsOfSystem[$0].isEmpty }
        // Window shapes sweep after sweep (offsets from a window's first quarter): pairs at distances
        // 1, 2, 1, 3, 1, 4, …: adjacent quarters trade most, distant ones make the trades that
        // adjacent ones cannot chain; after each distant pair, three consecutive quarters, which
        // chain one-quarter shifts that pairs cannot (measured: 13,722.9 -> 13,723.6 at 50 x 8 in
        // 2 s, 0.011 -> 0.010% at 200 x 8).
        var shapes: [[Int]] = []
        for distance in 1..<max(H, 2) { shapes += distance == 1 ? [[0, 1]] : [[0, distance], [0, 1], [0, 1, 2]] }
        // Once a cycle, every quarter for a group of systems: whole systems re-planned.
        shapes.append(Array(0..<H))
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var sinceChange = 0
        var k = 0
        while sinceChange < shapes.count && clock() < deadline {
            let shape = shapes[k % shapes.count].map { min($0, max(1, H - 1)) }
            k += 1
            // A new grouping of the systems each time (deterministic), so that every pair of
            // systems comes to share a window sooner or later.
            var order = systems
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                order.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
            }
            var changed = false
            for window in windows(shape: shape, horizon: H) {
                var group: [Int] = []
                var columns = 0
                for (n, system) in order.enumerated() {
                    group.append(system)
                    columns += stepsOfSystem[system].reduce(0) { $0 + window.columns(plan[$1]) }
                    guard columns >= targetColumns || n == order.count - 1 else { continue }
                    guard clock() < deadline else { return plan }
                    let free = group.flatMap { stepsOfSystem[$0] }.filter { window.isFree(plan[$0]) }
                    if let better = improver.improve(
                        plan, free: free, allowed: { window.allowed(plan[$0]) },
                        timeLimit: min(windowTimeLimit, max(0.02, deadline - clock())))
                    {
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

    private func windows(shape: [Int], horizon H: Int) -> [Window] {
        (1...max(1, H - shape.last!)).map { first in
            let quarters = Array(Set(shape.map { min(H, first + $0) })).sorted()
            // Steps in the window's quarters, and steps after its first quarter or left out, which may move in.
            return Window(
                isFree: { ($0 ?? H + 1) >= first },
                allowed: { _ in quarters },
                columns: { ($0 ?? H + 1) >= first ? quarters.count : 0 })
        }
    }
}
