/// The small scenario the harnesses build on: the scenario harness's `--set` and catalog modes
/// edit it, and the plan harness's seed (`Fuzz/seeds/plans/fuzz-plan.json`) was planned from it.
public let fuzzScenarioText = """
    format: smm-scenario/1
    name: fuzz
    start: 2027-Q1
    quarters: 4
    budget: {quarterly: 10000}
    costs: {level: {1: 1000, 2: 2000, 3: 3000, 4: 4000}, scope: {industry: 500, system: 800}}
    systems: [{id: a, practices: {patch-management: {current: 1, target: 3, target_scope: industry}}}]
    deadlines: [{system: a, practice: patch-management, level: 2, by: 2027-Q3}]

    """
