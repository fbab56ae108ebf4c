import Synchronization

/// A request to stop solving early, e.g. on Ctrl-C: solvers and engines poll it and end with the
/// best plan found so far and its honest bound.
///
/// Set from any thread (a signal handler's queue); read from the solving threads.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    /// A signal whose stop stops this one too (a race's lane under the user's Ctrl-C).
    private let parent: StopSignal?

    /// - Parameter parent: A signal whose stop this one also reports (`nil`: none).
    public init(parent: StopSignal? = nil) {
        self.parent = parent
    }

    /// Asks every solve that polls this signal to stop.
    public func stop() {
        flag.store(true, ordering: .relaxed)
    }

    /// Whether a stop was asked for.
    public var isStopped: Bool {
        flag.load(ordering: .relaxed) || parent?.isStopped == true
    }
}
