/// What the planner decided while it planned, as values: for tools and tests that follow a plan's
/// making without reading the solver's prose (`PlannerOptions.onEvent`). The same decisions are
/// written as lines to `PlannerOptions.onOutput` for people.
public enum PlanningEvent: Sendable, Hashable {
    /// A search of the whole program by GLPK.
    public enum Search: String, Sendable, Hashable {
        /// The only search (`PlannerOptions.searchLanes` 1).
        case alone
        /// The race's plain search of the plain program, start to end.
        case plain
        /// The race's other search, which may go on with the money limits' flows.
        case other
    }

    /// After its first nodes, a search compared the plain program's bound with the LP bound of the
    /// program with the money limits' flows, and went on with the flows or with the plain program.
    case flowsDecision(search: Search, afterNodes: Int, plainBound: Double?, flowsBound: Double?, withFlows: Bool)
    /// Two raced searches ended: the one that won (proved with less effort) and the one whose plan
    /// the race keeps; both `nil` when neither proved (the race keeps the better plan and the
    /// tighter bound).
    case raceEnded(winner: Search?, planOf: Search?)
    /// A whole program's plan not proven in its time was improved by the portfolio core's quarter
    /// windows, from one maturity value to another (the plan's value from then on).
    case windowsImproved(from: Double, to: Double)
}
