/// Max-min's ascent aims above the smallest share so far (`NegotiationEngine.raiseSmallestShare`).
///
/// A round at the smallest share m finds a plan whose smallest share is above m, often by as
/// little as one step of one party's value: the party it raises goes up, the others stay just
/// above their floors. With three parties such rounds alternate between the parties, a small
/// climb each. A round that aims halfway to the ceiling (a proven bound on the smallest share)
/// either climbs there at once or, when it finds no plan there, lowers the ceiling to its target:
/// a bisection between m and the ceiling, whose last round is the proof at m.
struct ShareAspiration {
    /// A proven bound on the smallest share: no plan's smallest share is above it (`nil`: none known).
    private(set) var ceiling: Double?
    /// The largest step of one party's share (its value's granularity over its ideal).
    let resolution: Double
    /// The nodes of a round above m (0: no round aims above m).
    let nodes: Int
    /// Rounds aim above m while the ceiling is more than this many steps of a share away
    /// (`aimingSteps`, or another for tests).
    let steps: Double
    /// Whether rounds still aim above m: a round there that neither climbed nor lowered the
    /// ceiling within its nodes ends the aspiration, and the rounds at m go on alone.
    private var aiming = true

    init(ceiling: Double?, resolution: Double, nodes: Int, steps: Double = Self.aimingSteps) {
        (self.ceiling, self.resolution, self.nodes, self.steps) = (ceiling, resolution, nodes, steps)
    }

    /// How many steps of a share the ceiling must be above m for a round to aim there. A round
    /// at m climbs at least a step, so nearer the ceiling a few such rounds reach it, and an aimed
    /// round, which proves its target out of reach more often than it climbs, costs as much as one
    /// of them. From 2 steps on, rounds aimed on most of the small set's two-system files and
    /// made four of them slower; from 8, on two, one of which was proven in 38 s instead of not
    /// in 60 (docs/formulation.md, session 22).
    static let aimingSteps = 8.0

    /// The smallest share the next round asks for: halfway from `m` to the ceiling, or `m`.
    func target(above m: Double) -> Double {
        guard aiming, nodes > 0, let ceiling, ceiling - m > steps * resolution else { return m }
        return m + (ceiling - m) / 2
    }

    /// What a round above m told: whether no plan's smallest share is above `target` (the new
    /// ceiling; a proven round may climb too, to a plan between m and its target), and whether
    /// it found a plan whose smallest share is above m.
    mutating func learn(target: Double, noPlanAbove: Bool, climbed: Bool) {
        if noPlanAbove { ceiling = min(ceiling ?? target, target) }
        if !noPlanAbove && !climbed { aiming = false }
    }
}
