/// What a sweep varies: a key of the scenario, set to each value in turn.
public enum SweepParameter: String, Sendable, CaseIterable {
    /// `budget.quarterly`, the same amount in every quarter.
    case quarterlyBudget = "budget.quarterly"
    /// `budget.total`.
    case totalBudget = "budget.total"
    /// `quarters`, the horizon.
    case horizon = "quarters"

    /// The key of the swept value in sweep JSON.
    public var jsonKey: String {
        switch self {
        case .quarterlyBudget: "budget"
        case .totalBudget: "total"
        case .horizon: "quarters"
        }
    }
}

/// The scenarios of a sweep, read before any is planned: one per value of the parameter.
public struct SweepScenarios: Sendable {
    public let parameter: SweepParameter
    /// The swept values, in increasing order.
    public let values: [Double]
    /// The scenario of each value (`scenarios[i]` has `parameter` set to `values[i]`).
    public let scenarios: [Scenario]

    /// - Parameters:
    ///   - parameter: What varies.
    ///   - values: The values, in increasing order.
    ///   - scenarios: One scenario per value, in the same order.
    public init(parameter: SweepParameter, values: [Double], scenarios: [Scenario]) {
        precondition(values.count == scenarios.count && values == values.sorted())
        self.parameter = parameter
        self.values = values
        self.scenarios = scenarios
    }
}
