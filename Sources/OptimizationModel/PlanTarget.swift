import Synchronization

/// A plan value that one thread sets while another's search runs: the search stops as soon as its
/// own plan has that value and was found before a given node count.
///
/// How a race (`SearchRace`) ends once its answer no longer depends on a search: another search
/// has proven the value optimal, and this one already has a plan of that value, found early enough
/// to be the plan the race ends with whether or not it goes on to prove it.
public final class PlanTarget: Sendable {
    private struct Target {
        var value: Double
        var tolerance: Double
        var foundBefore: Int
    }

    private let target = Mutex<Target?>(nil)

    public init() {}

    /// Sets the target: a plan whose objective agrees with `value` (`objectivesAgree`, within
    /// `tolerance`), found (`MIPSolution.planEffort`) at a node count below `foundBefore`.
    public func set(value: Double, tolerance: Double, foundBefore nodes: Int) {
        target.withLock { $0 = Target(value: value, tolerance: tolerance, foundBefore: nodes) }
    }

    /// Whether a plan of `objective`, found at node count `planEffort`, meets the target (`false`
    /// while none is set).
    public func isMet(byPlanOf objective: Double, foundAt planEffort: Int) -> Bool {
        guard let target = target.withLock({ $0 }) else { return false }
        return planEffort < target.foundBefore && objectivesAgree(objective, target.value, tolerance: target.tolerance)
    }
}
