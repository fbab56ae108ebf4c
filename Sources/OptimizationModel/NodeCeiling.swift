import Synchronization

/// A node limit that one thread lowers while another's search runs under it.
///
/// Searches poll it at every node (`SolveOptions.nodeCeiling`); it only ever goes down, so a
/// search that has passed it stops at its next node.
public final class NodeCeiling: Sendable {
    private let limit = Mutex(Int.max)

    public init() {}

    /// The node count at which a search under this ceiling stops (`Int.max`: none yet).
    public var value: Int { limit.withLock { $0 } }

    /// Lowers the ceiling to `nodes`; a higher value leaves it as it is.
    public func lower(to nodes: Int) {
        limit.withLock { $0 = min($0, nodes) }
    }
}
