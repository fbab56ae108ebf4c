import Dispatch
import Foundation

/// Runs lanes truly at once: the first on the calling thread, each other on a thread of its own,
/// and returns once all have ended. `DispatchQueue.concurrentPerform` promises only the threads
/// its pool has free: with the pool busy (the test runner running two races at once on two
/// cores) it ran both lanes of a race one after the other on one thread, so a race was no race,
/// and `SearchRaceTests`' lane that waits for the other lane's proof waited forever (the CI run
/// of 748969d hung there). A race's or a sweep's lanes are meant to run side by side.
enum ConcurrentLanes {
    /// The stack of each lane's thread: a lane runs a solver (as the portfolio core's bound
    /// thread, which has the same).
    static let stackSize = 8 << 20

    /// Calls `body(lane)` for every lane in `0..<count`, each on its own thread, and waits for all.
    static func run(_ count: Int, _ body: @Sendable (_ lane: Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // A `Thread` keeps its block until it is deallocated, which may be after `leave()`:
            // the threads hold the body through a box that lets go of it once all have ended.
            let box = LaneBody(body)
            let finished = DispatchGroup()
            for lane in 1..<count {
                finished.enter()
                let thread = Thread {
                    box.run(lane)
                    finished.leave()
                }
                thread.stackSize = stackSize
                thread.start()
            }
            box.run(0)
            finished.wait()
            box.release()
        }
    }

    /// The lanes' body, held until every lane has ended. Written only by `release()`, after the
    /// wait for every lane (so no lane reads it then).
    private final class LaneBody: @unchecked Sendable {
        private var body: (@Sendable (Int) -> Void)?
        init(_ body: @escaping @Sendable (Int) -> Void) { self.body = body }
        func run(_ lane: Int) { body?(lane) }
        func release() { body = nil }
    }
}
