import Foundation
import OptimizationModel

/// Every maturity value a plan can have is a multiple of 1/`scale`: each term of spec §3's
/// Σ value × (H − t + 1) is a step's value times a whole number of quarters, and the values come
/// from weights such as 0.5 or 1.5. A proven bound can therefore be rounded down to the next such
/// multiple and stays proven (HiGHS does the same: "objective function is integral with scale 8").
/// On the generated 50-system portfolio this takes the bound from 13,729.42 to 13,729.375, and it
/// lets a time-limited solve whose bound is within one step of the plan report it as optimal.
struct ObjectiveGranularity {
    /// The smallest whole k ≤ `maximumScale` that makes every step's value × k whole, or `nil`.
    let scale: Double?

    static let maximumScale = 1000

    /// No granularity: values are not multiples of a known step (a cost, under `minimize-cost`).
    static let none = ObjectiveGranularity(scale: nil)

    private init(scale: Double?) {
        self.scale = scale
    }

    /// The granularity of maturity values made of these step values and a re-plan's change
    /// penalty (a term of the objective too, spec §5 rule 6). `PlanningProblem` computes it once.
    /// - Parameter values: The values per quarter of the steps that can be planned, and the penalty.
    init(maturityValues values: Set<Double>) {
        self.init(
            scale: (1...Self.maximumScale).first { k in values.allSatisfy { isWhole($0 * Double(k)) } }.map(Double.init)
        )
    }

    /// 1/scale: every plan's value is a multiple of it (`nil` without a scale).
    var step: Double? { scale.map { 1 / $0 } }

    /// `bound` rounded down to a multiple of 1/scale (unchanged without a scale).
    /// - Parameter bound: A proven upper bound on the maturity value.
    /// - Returns: The largest multiple of 1/scale not above `bound` (up to rounding noise).
    func tightened(_ bound: Double) -> Double {
        guard let scale else { return bound }
        // The tolerance keeps a bound computed as 13,722.999999 from dropping a whole 1/scale;
        // rounding up instead only leaves the bound looser, never wrong.
        let scaled = bound * scale
        return (scaled + Tolerance.boundRounding + Tolerance.whole * abs(scaled)).rounded(.down) / scale
    }

    /// Whether a plan of value `value` is proven optimal by `bound`: the bound, rounded down to a
    /// value a plan can have, meets it. The one statement of that rule, for the engine (whether to
    /// search on) and the roadmap (its status).
    func proves(_ value: Double, bound: Double) -> Bool {
        Tolerance.meets(value, bound: tightened(bound))
    }

    /// The least value a plan can have above `amount`, less half a step (a solver's tolerance):
    /// a floor that lets only larger values through. Without a scale, a hair above `amount`.
    func nextValue(above amount: Double) -> Double {
        step.map { g in (Foundation.floor(amount / g + 1e-9) + 1) * g - g / 2 } ?? amount + max(1e-9, amount * 1e-9)
    }
}
