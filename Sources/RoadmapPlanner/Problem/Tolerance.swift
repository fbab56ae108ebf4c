import OptimizationModel

/// The tolerances of the planner, named by what they protect, in one place.
///
/// Plans are checked exactly (`PlanVerifier`, in decimals); these only keep floating-point noise
/// from changing a decision.
enum Tolerance {
    /// Objective values closer than this (relative to the bound, at least 1) are equal: a plan
    /// that meets its bound within it is optimal; a new plan must beat the old one by more.
    static let objective = 1e-9

    /// Whether two objective values are equal up to `objective` (`objectivesAgree`).
    static func sameObjective(_ value: Double, _ reference: Double) -> Bool {
        objectivesAgree(value, reference, tolerance: objective)
    }
    /// Amounts of money or effort closer than this are equal where the planner explains or labels
    /// (a deadline's "no money left", a budget that falls short of what is due).
    static let amount = 1e-9
    /// Slack a partial plan may use on a money or effort limit while the portfolio core builds it
    /// (the verifier then checks the finished plan exactly and repairs it if need be).
    static let resource = 1e-7
    /// What is left of a limit after the fixed steps of a window, when it is this close to zero,
    /// is zero (a row's right-hand side of −1e-12 would make the window infeasible).
    static let leftover = 1e-6
    /// Differences between profits below this are ties for the minimum cut and the ladder chains'
    /// dynamic program.
    static let tie = 1e-9
    /// What the Lagrangian bound adds per node or chain step so that it stays proven although a
    /// subproblem may fall short of its maximum by a tie.
    static let tieAllowance = 1e-8
    /// A value is whole when it is this close to an integer, relative to its size (`isWhole`).
    static let whole = wholeTolerance
    /// What a bound may exceed a multiple of the objective's granularity by, in units of it, and
    /// still round down to that multiple (13,722.999999 is 13,723, not 13,722.875).
    static let boundRounding = 1e-6
    /// An overrun column of an elastic model below this is zero.
    static let overrun = 1e-6

    /// Whether `value` meets `bound` within ``objective``; an infinite bound (none yet) never is met.
    static func meets(_ value: Double, bound: Double) -> Bool {
        value.isFinite && bound.isFinite && bound - value <= objective * max(1, abs(bound))
    }
}
