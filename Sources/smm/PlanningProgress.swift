import ArgumentParser
import Foundation
import GLPKBackend
import MaturityModel
import OptimizationModel
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel
import Synchronization

/// The best plan, the bound and the gap of a progress report, each after `separator`.
func progressFigures(_ p: SolveProgress, separator: String) -> String {
    var text = separator + (p.incumbent.map { "best plan \(formatAmount($0))" } ?? "no plan yet")
    if let bound = p.bound {
        text += separator + "bound \(formatAmount(bound))"
        if let incumbent = p.incumbent {
            text += separator + String(format: "gap %.3f%%", relativeGap(incumbent, bound: bound) * 100)
        }
    }
    return text
}

/// Progress as plain lines, for a standard error that is not a terminal: one when the first plan
/// is found, then one every 10 s.
final class PlainProgress: Sendable {
    static let shared = PlainProgress()
    static let interval = 10.0
    private let state = Mutex<(sawPlan: Bool, last: Double)>((false, 0))

    func show(_ p: SolveProgress) {
        let line: String? = state.withLock { state in
            if !state.sawPlan, let incumbent = p.incumbent {
                state.sawPlan = true
                state.last = p.elapsedSeconds
                return String(format: "planning: first plan after %.1f s, value ", p.elapsedSeconds)
                    + formatAmount(incumbent)
            }
            guard p.elapsedSeconds - state.last >= Self.interval else { return nil }
            state.last = p.elapsedSeconds
            return String(format: "planning: %.0f s", p.elapsedSeconds) + progressFigures(p, separator: ", ")
        }
        if let line { printError(line) }
    }
}

/// One line of branch-and-bound progress on a terminal, rewritten at most once a second.
final class ProgressLine: @unchecked Sendable {
    static let shared = ProgressLine()
    private let lock = NSLock()
    private var last = -1.0
    private var drawn = false

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { try? StandardStream.write("\r\u{1B}[K", to: STDERR_FILENO) }
        drawn = false
        last = -1
    }

    func show(_ p: SolveProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard p.elapsedSeconds - last >= 1 else { return }
        last = p.elapsedSeconds
        let text = String(format: "\r%6.1f s", p.elapsedSeconds) + progressFigures(p, separator: "  ")
        drawn = true
        try? StandardStream.write(text + "   ", to: STDERR_FILENO)
    }
}
