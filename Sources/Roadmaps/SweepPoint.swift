import ScenarioModel

/// One point of a sweep: the parameter's value and the plan it gives.
public struct SweepPoint: Sendable {
    public let value: Double
    public let roadmap: Roadmap
    /// Objective gained per unit of the parameter from this point to the next (`nil` for the last).
    public let marginalValue: Double?
    /// Attainment points (percentage points of the target) gained per 10,000 more budget from
    /// this point to the next, the quarterly budget counted over the whole plan (`nil` for the
    /// last point and for a sweep of the horizon): what an extra 10,000 buys.
    public var attainmentPointsPer10000: Double? = nil

    package init(value: Double, roadmap: Roadmap, marginalValue: Double?, attainmentPointsPer10000: Double? = nil) {
        self.value = value
        self.roadmap = roadmap
        self.marginalValue = marginalValue
        self.attainmentPointsPer10000 = attainmentPointsPer10000
    }
}

/// A sweep point just planned, for progress reports.
public struct SweepPointProgress: Sendable {
    /// The point's place in the sweep, 1 for the smallest value (points planned at once finish in
    /// any order).
    public let number: Int
    /// How many points the sweep plans.
    public let count: Int
    /// The parameter's value at this point.
    public let value: Double
    /// Its plan.
    public let roadmap: Roadmap

    package init(number: Int, count: Int, value: Double, roadmap: Roadmap) {
        self.number = number
        self.count = count
        self.value = value
        self.roadmap = roadmap
    }
}
