import Dispatch
import Foundation
import OptimizationModel
import Synchronization

/// SIGINT and SIGTERM for the whole process.
///
/// While a command plans, the first signal asks the planner to stop (`StopSignal`): it ends with
/// the best plan found so far, which the command prints or writes with status `feasible` and its
/// honest bound, then exits 130 (SIGINT) or 143 (SIGTERM). A second signal, or a signal while
/// nothing is planning, exits at once. Either way the temporary file of an output being written
/// is removed first, so an interrupted run leaves no partial file.
///
/// The signals are taken by dispatch sources on a queue of their own, not by a C signal handler,
/// so the handlers may take locks and call anything.
final class Interruption: Sendable {
    static let shared = Interruption()

    /// The planner's stop request, set on the first signal.
    let stop = StopSignal()

    private struct State {
        var received: Int32?
        var planning = false
        var temporaryFiles: Set<String> = []
    }
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "smm.signals")

    /// Takes SIGINT and SIGTERM away from their default action (termination) and ignores SIGPIPE,
    /// so that writing to a closed pipe is an error the command reports (exit 1), not a silent death.
    func install() {
        signal(SIGPIPE, SIG_IGN)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in received(number) }
            source.resume()
            sources.append(source)
        }
        signalSources = sources
    }

    /// The exit code a received signal calls for (128 + the signal), if one was received.
    var exitCode: Int32? {
        state.withLock { $0.received.map { 128 + $0 } }
    }

    /// Marks the span in which a first signal stops the planner instead of the process.
    func planning<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { $0.planning = true }
        defer { state.withLock { $0.planning = false } }
        return try body()
    }

    /// Remembers a temporary output file to remove should the process be ended by a signal.
    func removeOnExit(_ path: String) {
        state.withLock { _ = $0.temporaryFiles.insert(path) }
    }

    func forget(_ path: String) {
        state.withLock { _ = $0.temporaryFiles.remove(path) }
    }

    private func received(_ number: Int32) {
        let (first, planning) = state.withLock { state -> (Bool, Bool) in
            let first = state.received == nil
            if first { state.received = number }
            return (first, state.planning)
        }
        guard first, planning else { exitNow(128 + number) }
        stop.stop()
        let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
        let message = clear + "stopping: the best plan so far follows (press Ctrl-C again to quit at once)\n"
        _ = message.withCString { Foundation.write(STDERR_FILENO, $0, strlen($0)) }
    }

    /// Removes the temporary files and exits without running anything else.
    func exitNow(_ code: Int32) -> Never {
        let files = state.withLock { $0.temporaryFiles }
        for file in files { unlink(file) }
        _exit(code)
    }
}

/// The signal sources stay alive for the whole process; written once, at start-up, before any
/// other thread exists.
nonisolated(unsafe) private var signalSources: [any DispatchSourceSignal] = []
