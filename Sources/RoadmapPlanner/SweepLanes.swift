import Dispatch
import Synchronization

/// Plans a sweep's points on several threads at once.
///
/// A sweep of a small program spends minutes in single-threaded GLPK searches, one point after the
/// other, while the machine has more cores. Point `i` (in increasing order of the swept value) is
/// planned on lane `i mod lanes`; each lane plans its points in increasing order, and each point
/// starts from the plan of the lane's previous point. The assignment is fixed, so what a point
/// starts from, and therefore its plan, does not depend on which thread runs ahead.
///
/// Each lane runs its solves start to end on one thread, as GLPK's per-thread environment needs.
struct SweepLanes: Sendable {
    /// How many points the sweep plans.
    let count: Int
    /// How many points are planned at once (at least 1).
    let lanes: Int

    init(count: Int, lanes: Int) {
        self.count = count
        self.lanes = max(1, min(lanes, count))
    }

    /// The points lane `lane` plans, in the order it plans them.
    func points(ofLane lane: Int) -> [Int] {
        Array(stride(from: lane, to: count, by: lanes))
    }

    /// Plans every point, `lanes` at a time.
    /// - Parameters:
    ///   - shouldStart: Asked before each point; `false` (e.g. after a stop request) ends the lane.
    ///   - plan: Plans point `i`, given the plan of its lane's previous point.
    /// - Returns: Each point's plan, `nil` for the points not planned (after a stop, or after
    ///   another point failed).
    /// - Throws: The error of the first point (in the sweep's order) that failed.
    func run<Plan: Sendable>(
        shouldStart: @Sendable () -> Bool,
        plan: @Sendable (_ point: Int, _ previous: Plan?) throws -> Plan
    ) throws -> [Plan?] {
        let results = Mutex([Plan?](repeating: nil, count: count))
        let failures = Mutex([(point: Int, error: any Error)]())
        ConcurrentLanes.run(lanes) { lane in
            var previous: Plan?
            for point in points(ofLane: lane) {
                // A failure at an earlier point ends the lane: the sweep reports it rather than go on
                // for minutes. Points before every failure are all tried, so the error thrown is the
                // same whichever lane runs ahead.
                guard shouldStart(), !failures.withLock({ $0.contains { $0.point < point } }) else { return }
                do {
                    let planned = try plan(point, previous)
                    results.withLock { $0[point] = planned }
                    previous = planned
                } catch {
                    failures.withLock { $0.append((point, error)) }
                    return
                }
            }
        }
        if let first = failures.withLock({ $0.min { $0.point < $1.point } }) { throw first.error }
        return results.withLock { $0 }
    }
}
