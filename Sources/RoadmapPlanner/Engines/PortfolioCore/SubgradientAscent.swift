/// The subgradient method on the Lagrangian bound (`LagrangianCore`): evaluates the multipliers,
/// keeps the best (lowest) bound, and moves the multipliers by Polyak steps towards a plan's
/// value. Its state moves to the bound thread in the core's second phase.
struct SubgradientAscent: Sendable {
    private(set) var core: LagrangianCore
    private(set) var multipliers: [Double]
    /// The best bound so far: every evaluation is a proven upper bound on the best plan.
    private(set) var bestBound = Double.infinity
    /// The step length factor, shrunk after `patience` steps without a better bound.
    private(set) var theta = 1.0
    private(set) var iterations = 0
    private var sinceImprovement = 0

    /// Steps without a better bound before the step length shrinks by `shrink`.
    static let patience = 25
    static let shrink = 1.5
    /// Below this step length factor the multipliers are taken as converged.
    static let smallestTheta = 1e-5
    /// A subgradient of squared norm below this is zero: the subproblem's solution is feasible.
    static let zeroNorm = 1e-18
    /// The gap a step aims to close is at least this share of the bound: a target the bound has
    /// reached still moves the multipliers.
    static let smallestGap = 1e-6

    init(core: LagrangianCore) {
        self.core = core
        multipliers = Array(repeating: 0, count: core.rowCount)
    }

    /// One step.
    /// - Parameter target: The value of the best plan known (the step aims the bound at it).
    /// - Returns: The evaluation at the multipliers before the step, and whether the multipliers
    ///   can move on (false: a zero subgradient, or converged).
    mutating func step(towards target: Double) -> (evaluation: LagrangianCore.Evaluation, moving: Bool) {
        iterations += 1
        let evaluation = core.evaluate(multipliers: multipliers)
        if evaluation.bound < bestBound - Tolerance.objective {
            bestBound = evaluation.bound
            sinceImprovement = 0
        } else {
            sinceImprovement += 1
            if sinceImprovement >= Self.patience {
                theta /= Self.shrink
                sinceImprovement = 0
            }
        }
        let norm = evaluation.subgradient.reduce(0) { $0 + $1 * $1 }
        // A zero subgradient: the subproblem solution is feasible and complementary.
        guard norm > Self.zeroNorm, theta >= Self.smallestTheta else { return (evaluation, false) }
        let length = theta * max(bestBound - target, Self.smallestGap * max(1, abs(bestBound))) / norm
        multipliers = zip(multipliers, evaluation.subgradient).map { max(0, $0 - length * $1) }
        return (evaluation, true)
    }
}
