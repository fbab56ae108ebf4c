import MaturityModel
import ScenarioLoading

/// One candidate step of the plan: raising one practice of one system by one level or scope.
struct CandidateStep: Sendable, Hashable {
    let systemIndex: Int
    /// Position of the practice in catalog order.
    let practiceIndex: Int
    let practiceID: String
    let kind: StepEstimate.Kind
    let from: Int
    let to: Int
    let cost: Double
    let effort: Double
    /// Objective weight of the step per quarter it holds.
    let value: Double
    /// The step just below on the same ladder, which must come in an earlier quarter.
    let predecessor: Int?
    /// Steps of other practices that must be reached by the end of the previous quarter (dependencies).
    let requires: [Int]
    /// A dependency needs a level beyond its practice's target, so this step can never be planned.
    let blockedBy: BlockedDependency?
    /// The earliest quarter (1-based) the ladder and dependencies allow; `PlanningSteps.never` when blocked.
    let earliestQuarter: Int
    /// The latest quarter by which a deadline (or `minimize-cost`) requires the step, if any.
    let dueQuarter: Int?
    /// Positions in the file's `deadlines` list that make this step due (empty for `minimize-cost` targets).
    let dueBy: [Int]
}

/// A dependency whose required level is above the required practice's target.
struct BlockedDependency: Sendable, Hashable {
    let dependencySource: Int
    let requiredPracticeID: String
    let requiredLevel: Int
    let requiredTarget: Int
}

/// The steps of a scenario, with the ladder, dependency and deadline facts the model needs.
struct PlanningSteps: Sendable {
    let scenario: Scenario
    let steps: [CandidateStep]

    /// Enumerates every step from current to target of every practice of every system.
    /// - Parameter scenario: A resolved scenario.
    init(scenario: Scenario) {
        self.scenario = scenario
        let horizon = scenario.horizon
        var drafts: [Draft] = []
        // Index of the step reaching (system, practice, kind, to).
        var index: [StepKey: Int] = [:]
        for (s, system) in scenario.systems.enumerated() {
            for (p, state) in system.practices.enumerated() {
                for (kind, estimates) in [(StepEstimate.Kind.level, state.levelSteps), (.scope, state.scopeSteps)] {
                    for (k, estimate) in estimates.enumerated() {
                        let value = state.weight * (kind == .scope ? scenario.scopeWeight : 1)
                        index[StepKey(system: s, practice: state.practiceID, kind: kind, to: estimate.to)] =
                            drafts.count
                        drafts.append(
                            Draft(
                                systemIndex: s, practiceIndex: p, practiceID: state.practiceID,
                                estimate: estimate, value: value,
                                predecessor: k == 0 ? nil : drafts.count - 1))
                    }
                }
            }
        }
        // Dependencies: in every system, the step reaching `level` needs `requiredLevel` of the required practice.
        for dependency in scenario.dependencies {
            for (s, system) in scenario.systems.enumerated() {
                guard
                    let dependent = index[
                        StepKey(
                            system: s, practice: dependency.practiceID, kind: .level,
                            to: dependency.level)]
                else { continue }
                guard let required = system.practices.first(where: { $0.practiceID == dependency.requiredPracticeID })
                else { continue }
                if required.currentLevel >= dependency.requiredLevel { continue }
                if let step = index[
                    StepKey(
                        system: s, practice: dependency.requiredPracticeID, kind: .level,
                        to: dependency.requiredLevel)]
                {
                    drafts[dependent].requires.append(step)
                } else if drafts[dependent].blockedBy == nil {
                    drafts[dependent].blockedBy = BlockedDependency(
                        dependencySource: dependency.sourceIndex, requiredPracticeID: dependency.requiredPracticeID,
                        requiredLevel: dependency.requiredLevel, requiredTarget: required.targetLevel)
                }
            }
        }
        // Deadlines make a step and every step below it on its ladder due.
        for deadline in scenario.deadlines {
            let state = scenario.systems[deadline.systemIndex].practices.first { $0.practiceID == deadline.practiceID }!
            var due: [Int] = []
            if let level = deadline.level, level > state.currentLevel {
                due += (state.currentLevel + 1...level).compactMap {
                    index[StepKey(system: deadline.systemIndex, practice: deadline.practiceID, kind: .level, to: $0)]
                }
            }
            if let scope = deadline.scope, scope > state.currentScope {
                due += (state.currentScope.rawValue + 1...scope.rawValue).compactMap {
                    index[StepKey(system: deadline.systemIndex, practice: deadline.practiceID, kind: .scope, to: $0)]
                }
            }
            for step in due {
                drafts[step].due = min(drafts[step].due ?? Int.max, deadline.byIndex)
                drafts[step].dueBy.append(deadline.sourceIndex)
            }
        }
        if scenario.objective == .minimizeCost {
            for i in drafts.indices { drafts[i].due = min(drafts[i].due ?? horizon, horizon) }
        }
        // Earliest quarter: one quarter per ladder step, and a quarter after each required step.
        var earliest = [Int?](repeating: nil, count: drafts.count)
        func earliestQuarter(_ i: Int) -> Int {
            if let known = earliest[i] { return known }
            var quarter = drafts[i].blockedBy == nil ? 1 : Self.never
            if let p = drafts[i].predecessor { quarter = max(quarter, earliestQuarter(p) + 1) }
            for r in drafts[i].requires { quarter = max(quarter, earliestQuarter(r) + 1) }
            quarter = min(quarter, Self.never)
            earliest[i] = quarter
            return quarter
        }
        steps = drafts.indices.map { i in
            let d = drafts[i]
            return CandidateStep(
                systemIndex: d.systemIndex, practiceIndex: d.practiceIndex, practiceID: d.practiceID,
                kind: d.estimate.kind, from: d.estimate.from, to: d.estimate.to, cost: d.estimate.cost,
                effort: d.estimate.effort, value: d.value, predecessor: d.predecessor,
                requires: d.requires, blockedBy: d.blockedBy, earliestQuarter: earliestQuarter(i),
                dueQuarter: d.due, dueBy: d.dueBy)
        }
    }

    private struct StepKey: Hashable {
        let system: Int
        let practice: String
        let kind: StepEstimate.Kind
        let to: Int
    }

    private struct Draft {
        let systemIndex: Int
        let practiceIndex: Int
        let practiceID: String
        let estimate: StepEstimate
        let value: Double
        let predecessor: Int?
        var requires: [Int] = []
        var blockedBy: BlockedDependency?
        var due: Int?
        var dueBy: [Int] = []
    }

    /// `earliestQuarter` of a step that can never be planned (it needs a level beyond a target).
    static let never = Int.max / 4

    /// Columns of the integer program: one per schedulable step and quarter from its earliest on.
    var columnCount: Int {
        steps.reduce(0) { $0 + (isSchedulable($1) ? scenario.horizon - $1.earliestQuarter + 1 : 0) }
    }

    /// Spec §3's maturity value of a plan, Σ value × (H − t + 1) over the steps taken.
    /// - Parameter quarters: The quarter each step is taken in (`nil`: not taken).
    func maturityValue(of quarters: Schedule) -> Double {
        zip(steps, quarters).reduce(0) { sum, pair in
            pair.1.map { sum + pair.0.value * Double(scenario.horizon - $0 + 1) } ?? sum
        }
    }

    /// Whether a step can be scheduled at all within the horizon.
    func isSchedulable(_ step: CandidateStep) -> Bool {
        step.earliestQuarter <= scenario.horizon
    }
}
