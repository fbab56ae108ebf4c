import ScenarioModel

/// Checks that a resolved scenario is within the sizes and magnitudes the planner can handle
/// (`InputLimits`, `NumberLimits`), each problem as a diagnostic with the limit and how to raise it.
enum ScenarioSize {
    static func check(_ scenario: Scenario, limits: InputLimits, log: DiagnosticLog) {
        if scenario.systems.count > limits.systems {
            log.report(
                "systems", nil,
                "the scenario has \(scenario.systems.count) systems; the limit is "
                    + "\(limits.systems) (raise it with --max-systems)")
        }
        let steps = scenario.stepsToTarget
        let (stepQuarters, overflow) = steps.multipliedReportingOverflow(by: scenario.horizon)
        if overflow || stepQuarters > limits.stepQuarters {
            log.report(
                "systems", nil,
                "the scenario has \(steps) steps to target over \(scenario.horizon) quarters "
                    + "(\(steps) × \(scenario.horizon) step-quarters); the limit is \(limits.stepQuarters) "
                    + "(raise it with --max-step-quarters)")
        }
        checkMagnitudes(scenario, log: log)
    }

    /// The values a step of `scenario` can have in the objective (weights × priorities, scope
    /// steps × the scope weight).
    static func stepValues(_ scenario: Scenario) -> [Double] {
        var values: [Double] = []
        for system in scenario.systems {
            for practice in system.practices {
                if !practice.levelSteps.isEmpty { values.append(practice.weight) }
                if !practice.scopeSteps.isEmpty { values.append(practice.weight * scenario.scopeWeight) }
            }
        }
        return values
    }

    /// A re-plan's `change_penalty` beside the step values: both are objective coefficients,
    /// and a solver's optimality tolerances are relative, so a penalty too many times the
    /// smallest value hides whole steps' worth of value (a plan 16 points worse, proven
    /// "optimal").
    static func checkChangePenalty(_ penalty: Double, of scenario: Scenario, line: Int?, log: DiagnosticLog) {
        guard penalty > 0, let smallest = stepValues(scenario).filter({ $0 > 0 }).min(),
            penalty > smallest * NumberLimits.widestObjectiveRatio
        else { return }
        log.report(
            "change_penalty", line,
            "change_penalty \(penalty) is more than \(Int(NumberLimits.widestObjectiveRatio)) times "
                + "the smallest step value (\(smallest)): the solver could no longer tell a step's value "
                + "beside it. A penalty of the plan's whole value already keeps the published plan wherever it can")
    }

    /// Costs, effort and step values each within `NumberLimits.widestRatio` of their largest.
    private static func checkMagnitudes(_ scenario: Scenario, log: DiagnosticLog) {
        var costs: [Double] = [], effort: [Double] = []
        let values = stepValues(scenario)
        for system in scenario.systems {
            for practice in system.practices {
                for step in practice.levelSteps + practice.scopeSteps {
                    costs.append(step.cost)
                    effort.append(step.effort)
                }
            }
        }
        for (amounts, what, key) in [
            (costs, "step costs", "costs"), (effort, "step efforts", "effort"),
            (values, "step values (weights × priorities)", "priorities"),
        ] {
            let positive = amounts.filter { $0 > 0 }
            guard let smallest = positive.min(), let largest = positive.max(),
                largest > smallest * NumberLimits.widestRatio
            else { continue }
            log.report(
                key, nil,
                "the \(what) range from \(smallest) to \(largest), more than "
                    + "\(Int(NumberLimits.widestRatio)) times apart: the solver cannot tell the smallest from 0 "
                    + "beside the largest. Use a larger unit (thousands) or round the smallest to 0")
        }
    }
}
