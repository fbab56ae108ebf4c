import ScenarioLoading

/// What a sweep varies.
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

/// One point of a sweep: the parameter's value and the plan it gives.
public struct SweepPoint: Sendable {
    public let value: Double
    public let roadmap: Roadmap
    /// Objective gained per unit of the parameter from this point to the next (`nil` for the last).
    public let marginalValue: Double?
}

/// A sweep point just planned, for progress reports.
public struct SweepPointProgress: Sendable {
    /// 1 for the first point planned.
    public let number: Int
    /// How many points the sweep plans.
    public let count: Int
    /// The parameter's value at this point.
    public let value: Double
    /// Its plan.
    public let roadmap: Roadmap
}

/// Plans a scenario for a series of values of one parameter: the budget-versus-maturity frontier.
public struct ScenarioSweep: Sendable {
    public let planner: RoadmapPlanner
    /// Called after each point is planned (on the planning thread).
    public let onPoint: (@Sendable (SweepPointProgress) -> Void)?

    /// - Parameters:
    ///   - planner: Plans each point.
    ///   - onPoint: Told of each point as soon as it is planned (a sweep of hard points takes a while).
    public init(planner: RoadmapPlanner, onPoint: (@Sendable (SweepPointProgress) -> Void)? = nil) {
        self.planner = planner
        self.onPoint = onPoint
    }

    /// `count` evenly spaced values from `lower` to `upper` inclusive (whole numbers for the horizon).
    public static func values(from lower: Double, to upper: Double, count: Int, parameter: SweepParameter) -> [Double] {
        guard count > 1, upper > lower else { return [lower] }
        let raw = (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
        guard parameter == .horizon else { return raw }
        var seen = Set<Double>()
        return raw.map { $0.rounded() }.filter { seen.insert($0).inserted }
    }

    /// Runs the sweep on a scenario file, read once.
    ///
    /// Budget points are planned in increasing order and each starts from the previous plan, which
    /// stays feasible when only a budget grows: the objective never falls as the budget rises.
    /// - Parameters:
    ///   - path: The scenario file.
    ///   - overrides: `--set` edits applied before the swept value.
    ///   - progress: A progress file: every point is a re-plan with it (spec §5).
    ///   - parameter: What to vary.
    ///   - values: The values; they are planned and returned in increasing order.
    ///   - loader: Reads the scenario (with its size limits).
    public func run(
        path: String, overrides: [String] = [], progress: String? = nil, parameter: SweepParameter,
        values: [Double], loader: ScenarioLoader = ScenarioLoader()
    ) throws -> [SweepPoint] {
        let (document, directory) = try loader.readDocument(path: path)
        return try run(
            document: document, source: path, directory: directory, overrides: overrides, progress: progress,
            parameter: parameter, values: values, loader: loader)
    }

    /// Runs the sweep on a scenario in memory (e.g. `ScenarioBuilder.document`).
    /// - Parameters:
    ///   - document: The scenario document.
    ///   - source: Its name in messages.
    ///   - directory: Where relative catalog paths are looked up.
    ///   - overrides: Edits applied before the swept value, in `--set` syntax.
    ///   - progress: A progress file: every point is a re-plan with it (spec §5).
    ///   - parameter: What to vary.
    ///   - values: The values; they are planned and returned in increasing order.
    ///   - loader: Resolves the scenario (with its size limits).
    public func run(
        document: SourceNode, source: String = "<scenario>", directory: String = ".", overrides: [String] = [],
        progress: String? = nil, parameter: SweepParameter, values: [Double], loader: ScenarioLoader = ScenarioLoader()
    ) throws -> [SweepPoint] {
        var roadmaps: [Roadmap] = []
        var previous: Roadmap?
        // After a stop request, the points planned so far are the sweep.
        for (number, value) in zip(1..., values.sorted()) where planner.options.stop?.isStopped != true {
            let text = parameter == .horizon ? String(Int(value)) : "\(value)"
            var scenario = try loader.load(
                document: document, source: source, directory: directory,
                overrides: overrides + ["\(parameter.rawValue)=\(text)"])
            if let progress { scenario = try loader.applying(progressFile: progress, to: scenario) }
            let roadmap = try planner.plan(scenario, startingFrom: parameter == .horizon ? nil : previous)
            roadmaps.append(roadmap)
            previous = roadmap
            onPoint?(SweepPointProgress(number: number, count: values.count, value: value, roadmap: roadmap))
        }
        let sorted = Array(values.sorted().prefix(roadmaps.count))
        return sorted.indices.map { i in
            var marginal: Double?
            if i + 1 < sorted.count, let a = roadmaps[i].objectiveValue, let b = roadmaps[i + 1].objectiveValue {
                marginal = (b - a) / (sorted[i + 1] - sorted[i])
            }
            return SweepPoint(value: sorted[i], roadmap: roadmaps[i], marginalValue: marginal)
        }
    }
}
