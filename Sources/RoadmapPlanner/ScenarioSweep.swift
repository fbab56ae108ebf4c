import Foundation
import Roadmaps
import ScenarioModel

/// Plans a scenario for a series of values of one parameter: the budget-versus-maturity frontier.
public struct ScenarioSweep: Sendable {
    public let planner: RoadmapPlanner
    /// Called after each point is planned, on the thread that planned it (points planned at once
    /// are told in the order they finish).
    public let onPoint: (@Sendable (SweepPointProgress) -> Void)?
    /// How many points are planned at once; `nil`: two on a machine with two cores or more when
    /// each point is a whole program (one thread each), else one.
    public let lanes: Int?

    /// - Parameters:
    ///   - planner: Plans each point.
    ///   - lanes: How many points are planned at once (`nil`: as many as the machine and the
    ///     engine make worthwhile, at most two).
    ///   - onPoint: Told of each point as soon as it is planned (a sweep of hard points takes a while).
    public init(
        planner: RoadmapPlanner, lanes: Int? = nil, onPoint: (@Sendable (SweepPointProgress) -> Void)? = nil
    ) {
        self.planner = planner
        self.lanes = lanes
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

    /// Runs the sweep: plans each scenario of `sweep` (read by `ScenarioLoader.sweep`).
    ///
    /// Budget points are planned in increasing order on each lane (`SweepLanes`), and each starts
    /// from the plan of its lane's previous point, which stays feasible when only a budget grows.
    /// - Parameter sweep: The values, in increasing order, and their scenarios.
    /// - Returns: The points planned, in increasing order (fewer after a stop request).
    public func run(_ sweep: SweepScenarios) throws -> [SweepPoint] {
        let values = sweep.values, scenarios = sweep.scenarios, parameter = sweep.parameter
        let lanes = SweepLanes(count: values.count, lanes: lanes ?? automaticLanes(for: scenarios))
        var pointPlanner = planner
        // Points planned at once already keep the cores busy: one search per point.
        if lanes.lanes > 1 { pointPlanner.options.searchLanes = 1 }
        let planner = pointPlanner, onPoint = onPoint, count = values.count
        let planned = try lanes.run(shouldStart: { planner.options.stop?.isStopped != true }) { i, previous in
            // A budget point starts from a plan of a smaller budget, which stays feasible.
            let roadmap = try planner.plan(scenarios[i], startingFrom: parameter == .horizon ? nil : previous)
            onPoint?(SweepPointProgress(number: i + 1, count: count, value: values[i], roadmap: roadmap))
            return roadmap
        }
        // After a stop request, the points planned so far are the sweep.
        let points = zip(values, planned).compactMap { value, roadmap in roadmap.map { (value, $0) } }
        return points.indices.map { i in
            var marginal: Double?
            if i + 1 < points.count, let a = points[i].1.objectiveValue, let b = points[i + 1].1.objectiveValue {
                marginal = (b - a) / (points[i + 1].0 - points[i].0)
            }
            var point = SweepPoint(value: points[i].0, roadmap: points[i].1, marginalValue: marginal)
            if i + 1 < points.count, parameter != .horizon {
                let quarters = parameter == .quarterlyBudget ? Double(points[i].1.scenario.horizon) : 1
                let money = (points[i + 1].0 - points[i].0) * quarters
                let gained =
                    (points[i + 1].1.quarters.last?.attainment ?? 0) - (points[i].1.quarters.last?.attainment ?? 0)
                if money > 0 { point.attainmentPointsPer10000 = gained * 100 / (money / 10_000) }
            }
            return point
        }
    }

    /// Two points at once on a machine with two cores or more, when every point is planned by the
    /// whole-program engine (one thread each); one at a time when the portfolio core plans, which
    /// already uses two threads.
    private func automaticLanes(for scenarios: [Scenario]) -> Int {
        let oneThreadEach = scenarios.allSatisfy { !planner.usesPortfolioCore(for: PlanningProblem(scenario: $0)) }
        return oneThreadEach ? min(2, ProcessInfo.processInfo.activeProcessorCount) : 1
    }
}
