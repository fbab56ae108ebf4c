import Foundation
import GLPKBackend
import MaturityModel
import Reports
import Synchronization
import Testing
@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel
import ScenarioTestSupport

@Suite struct ComparisonTests {
    let hvac = packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path

    /// An initiative's one step raises both systems: counting steps against the systems' ladders
    /// (two per system) said "not within the plan" at 100% attainment.
    @Test func aSweepWithAnInitiativeSaysWhenEveryTargetIsReached() throws {
        let scenario = try load(
            scenarioText(
                """
                systems:
                  - {id: plc, practices: {vulnerability-assessment: {current: 0, target: 2}}}
                  - {id: hmi, practices: {vulnerability-assessment: {current: 0, target: 2}}}
                initiatives:
                  - {id: programme, practice: vulnerability-assessment, levels: {1: {cost: 100}, 2: {cost: 200}}}
                """))
        let roadmap = try RoadmapPlanner(solver: GLPKSolver()).plan(scenario)
        #expect(roadmap.quarters.last?.attainment == 1)
        #expect(roadmap.allTargetsReached == roadmap.steps.map(\.quarter).max())
        let point = SweepPoint(value: 10_000, roadmap: roadmap, marginalValue: nil)
        let table = SweepReport.render([point], parameter: .quarterlyBudget, format: .table)
        #expect(!table.contains("not within the plan"), "\(table)")
    }

    /// A feasible plan's small gap must not read "0.0%": a user would take it for proven optimal.
    @Test func smallGapsKeepTheirDigits() {
        #expect(formatGap(0.0196) == "2.0%")
        #expect(formatGap(0.001) == "0.1%")
        #expect(formatGap(0.000196) == "0.020%")
        #expect(formatGap(0.00041) == "0.041%")
        #expect(formatGap(0.000002) == "< 0.001%")
        #expect(formatGap(0) == "0%")
        // Amounts beyond what an Int counts in cents are spelled, not trapped on.
        #expect(
            formatAmount(.infinity) == "inf" && formatAmount(1e300) == "1e+300" && formatAmount(12_345.5) == "12,345.50"
        )
    }

    @Test func moreBudgetNeverLowersTheOptimumAcrossASweep() throws {
        let values = ScenarioSweep.values(from: 20000, to: 80000, count: 4, parameter: .quarterlyBudget)
        #expect(values == [20000, 40000, 60000, 80000])
        let told = Mutex<[SweepPointProgress]>([])
        let points = try ScenarioSweep(
            planner: RoadmapPlanner(solver: GLPKSolver()), onPoint: { point in told.withLock { $0.append(point) } }
        ).run(ScenarioLoader().sweep(path: hvac, parameter: .quarterlyBudget, values: values))
        #expect(points.map(\.value) == values)
        // Each point is told once, as soon as it is planned (two at once here, so in the order they
        // finish), with the plan the sweep returns.
        let reported = told.withLock { $0 }.sorted { $0.number < $1.number }
        #expect(reported.map(\.number) == [1, 2, 3, 4] && reported.allSatisfy { $0.count == 4 })
        #expect(reported.map(\.value) == values)
        #expect(reported.map(\.roadmap.objectiveValue) == points.map(\.roadmap.objectiveValue))
        let objectives = points.map { $0.roadmap.objectiveValue ?? -1 }
        #expect(zip(objectives, objectives.dropFirst()).allSatisfy { $0 <= $1 }, "\(objectives)")
        #expect(objectives.first! < objectives.last!)
        try expectCheckedPlans(points)
        #expect(points.last?.marginalValue == nil)
        #expect(abs(points[0].marginalValue! - (objectives[1] - objectives[0]) / 20000) < 1e-12)

        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(SweepReport.render(points, parameter: .quarterlyBudget, format: .json).utf8))
                as? [String: Any])
        let rows = try #require(json["points"] as? [[String: Any]])
        #expect(rows.map { ($0["budget"] as? NSNumber)?.doubleValue } == values)
        #expect(rows.allSatisfy { $0["status"] != nil && $0["value"] != nil && $0["cost"] != nil })
    }

    /// Two points at once give every point the same proven optimum as one at a time.
    @Test func pointsPlannedAtOnceKeepTheirOptima() throws {
        let values = ScenarioSweep.values(from: 30000, to: 70000, count: 3, parameter: .quarterlyBudget)
        let planner = RoadmapPlanner(solver: GLPKSolver())
        let one = try ScenarioSweep(planner: planner, lanes: 1).run(
            ScenarioLoader().sweep(path: hvac, parameter: .quarterlyBudget, values: values))
        let two = try ScenarioSweep(planner: planner, lanes: 2).run(
            ScenarioLoader().sweep(path: hvac, parameter: .quarterlyBudget, values: values))
        #expect(one.map(\.roadmap.status) == Array(repeating: .optimal, count: 3))
        #expect(two.map(\.roadmap.status) == one.map(\.roadmap.status))
        #expect(two.map(\.roadmap.objectiveValue) == one.map(\.roadmap.objectiveValue))
        #expect(two.map(\.marginalValue) == one.map(\.marginalValue))
        try expectCheckedPlans(two)
    }

    /// Every point of an HVAC budget sweep is a plan of the scenario with that budget, checked
    /// independently.
    private func expectCheckedPlans(_ points: [SweepPoint]) throws {
        for point in points {
            let scenario = try ScenarioLoader().load(path: hvac, overrides: ["budget.quarterly=\(point.value)"])
            let checker = PlanChecker(scenario: scenario)
            let json =
                try JSONSerialization.jsonObject(with: Data(PlanReport.render(point.roadmap, format: .json).utf8))
                as! [String: Any]
            #expect(checker.violations(checker.steps(fromJSON: json)) == [])
        }
    }

    @Test func horizonAndTotalSweeps() throws {
        let horizon = try ScenarioSweep(planner: RoadmapPlanner(solver: GLPKSolver())).run(
            ScenarioLoader().sweep(
                path: hvac, parameter: .horizon,
                values: ScenarioSweep.values(from: 4, to: 8, count: 3, parameter: .horizon)))
        #expect(horizon.map { $0.roadmap.scenario.horizon } == [4, 6, 8])
        let total = try ScenarioSweep(planner: RoadmapPlanner(solver: GLPKSolver())).run(
            ScenarioLoader().sweep(path: hvac, parameter: .totalBudget, values: [100000, 200000]))
        #expect(total.map { $0.roadmap.totalCost <= $0.value } == [true, true])
        #expect(total[0].roadmap.objectiveValue! <= total[1].roadmap.objectiveValue!)
    }

    @Test func compareShowsWhatDiffers() throws {
        let planner = RoadmapPlanner(solver: GLPKSolver())
        let base = try planner.plan(try ScenarioLoader().load(path: hvac))
        let more = try planner.plan(
            try ScenarioLoader().load(path: hvac, overrides: ["budget.quarterly=60000", "name=HVAC 60k"]))
        let comparison = PlanComparison(roadmaps: [base, more])
        #expect(!comparison.differingSteps.isEmpty)
        #expect(comparison.differingSteps.allSatisfy { $0.quarters.count == 2 && $0.quarters[0] != $0.quarters[1] })
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(ComparisonReport.render(comparison, format: .json).utf8)) as? [String: Any])
        let plans = try #require(json["plans"] as? [[String: Any]])
        #expect(plans.map { $0["scenario"] as? String } == ["HVAC integrator 2027", "HVAC 60k"])
        let values = plans.map { (($0["objective"] as? [String: Any])?["value"] as? NSNumber)?.doubleValue ?? 0 }
        #expect(values[0] < values[1])
        #expect((plans[0]["domains"] as? [Any])?.count == 3)
        #expect((plans[0]["subdomains"] as? [Any])?.count == 9)
        #expect((plans[0]["attainment"] as? [Any])?.count == 8)
        // Each target of the HVAC scenario is reached, in a quarter, by both plans.
        let targets = try #require(plans[1]["targets"] as? [[String: Any]])
        #expect(targets.count == 15 && targets.allSatisfy { $0["quarter"] is String })
        let table = ComparisonReport.render(comparison, format: .table)
        for section in [
            "Summary", "Attainment by quarter", "by domain", "by subdomain", "Quarter each target is reached",
            "Steps that differ",
        ] {
            #expect(table.contains(section), "\(section)")
        }
        #expect(ComparisonReport.render(comparison, format: .csv).split(separator: "\r\n").count == 3)
    }

    @Test func markdownPlanHasAMermaidGantt() throws {
        let roadmap = try RoadmapPlanner(solver: GLPKSolver()).plan(try ScenarioLoader().load(path: hvac))
        let markdown = PlanReport.render(roadmap, format: .markdown)
        let block = try #require(
            markdown.components(separatedBy: "```mermaid\n").dropFirst().first?
                .components(separatedBy: "```").first)
        #expect(block.hasPrefix("gantt\n"))
        #expect(block.contains("dateFormat YYYY-MM-DD"))
        #expect(block.contains("section hvac"))
        let tasks = block.split(separator: "\n").filter { $0.contains(" :s") }
        #expect(tasks.count == roadmap.steps.count)
        #expect(tasks.first?.contains("2027-01-01, 2027-04-01") == true)
    }
}
