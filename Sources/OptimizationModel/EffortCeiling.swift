import Synchronization

/// An effort limit that one thread lowers while another's search runs under it: a count of the
/// search's work in the backend's unit (`MIPSolution.effort`: GLPK's nodes, HiGHS's simplex
/// iterations), which does not vary from run to run.
///
/// Searches poll it as they go (`SolveOptions.effortCeiling`); it only ever goes down, so a search
/// that has passed it stops at its next check.
public final class EffortCeiling: Sendable {
    private let limit = Mutex(Int.max)

    public init() {}

    /// The effort at which a search under this ceiling stops (`Int.max`: none yet).
    public var value: Int { limit.withLock { $0 } }

    /// Lowers the ceiling to `nodes` (an effort count); a higher value leaves it as it is.
    public func lower(to nodes: Int) {
        limit.withLock { $0 = min($0, nodes) }
    }
}
