import Foundation

/// The clock of the whole command, started before its arguments are read: `--time-limit T`
/// bounds reading, planning and writing together, not planning alone.
enum CommandClock {
    /// When the command started (`start()` is the first thing `main` does).
    nonisolated(unsafe) private static var started = ContinuousClock.now

    static func start() {
        started = .now
    }

    /// Seconds since the command started.
    static var elapsed: Double {
        let duration = ContinuousClock.now - started
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// What is left of `--time-limit T` for planning, once the input is read and the output's
/// writing is set aside.
///
/// Writing a report takes time in proportion to the scenario, as reading it did: rather than a
/// figure per step measured on one machine, the share set aside is the time the reading took,
/// times what each format costs beside reading (`PlanFormat.writingFactor`, measured at 10,000
/// systems × 8 quarters). So a slower machine sets more aside. When too little is left to plan, the command is refused before planning, with the
/// figures, rather than overrun.
struct PlanningTimeBudget {
    /// The user's limit (0: none).
    let limit: Double
    /// How many plans share what is left.
    var plans = 1
    /// The output's cost relative to reading the input.
    var writingFactor = 1.0

    /// The least a plan is given: below it the engines cannot even build the problem at size.
    static let leastPerPlan = 0.5

    /// Seconds each plan may take, or `nil` for no limit.
    func secondsPerPlan(elapsed: Double = CommandClock.elapsed) throws(TooShort) -> Double? {
        guard limit > 0 else { return nil }
        let writing = elapsed * writingFactor
        let left = (limit - elapsed - writing) / Double(plans)
        guard left >= Self.leastPerPlan else {
            let needed = (elapsed + writing + Self.leastPerPlan * Double(plans)).rounded(.up)
            let each = plans > 1 ? " each of \(plans) plans" : ""
            throw TooShort(
                description: "--time-limit \(formatted(limit)) cannot hold this command: reading took "
                    + "\(formatted(elapsed)) s and writing the output needs about \(formatted(writing)) s more, which "
                    + "leaves under \(formatted(Self.leastPerPlan)) s to plan\(each). Give at least --time-limit "
                    + "\(formatted(needed)), or 0 for no limit")
        }
        return left
    }

    private func formatted(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }

    /// A limit too short for the command.
    struct TooShort: Error, CustomStringConvertible {
        let description: String
    }
}
