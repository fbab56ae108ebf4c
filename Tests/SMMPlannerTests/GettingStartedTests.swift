import Foundation
import GLPKBackend
import MaturityModel
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel
import Spreadsheets
import Testing

/// The getting-started path of the DocC catalogs (`RoadmapPlanner.docc/GettingStarted.md`,
/// `ScenarioLoading.docc/ReadingScenarios.md`, `Reports.docc/Reports.md`), compiled and run: the code a reader copies works.
/// Keep the two in step: a change to the articles' code goes here too.
@Suite struct GettingStartedTests {
    @Test func loadBuildPlanReportAsTheArticlesShow() throws {
        // Load a scenario (ReadingScenarios.md, GettingStarted.md).
        let path = packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader().load(path: path, overrides: ["budget.quarterly=45000"])
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic) }
            throw error
        }
        #expect(scenario.budget.quarterly.allSatisfy { $0 == 45_000 })
        // A bad file: every problem, each with its line and key (ReadingScenarios.md).
        do {
            _ = try ScenarioLoader().load(text: "name: x\nstart: 2027-Q5\n", source: "bad.yaml")
            Issue.record("a bad scenario loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.path == "start" && $0.line == 2 })
        }
        // Or build one in code.
        var builder = ScenarioBuilder(name: "Gateway", start: Quarter(year: 2027, quarter: 1)!, quarters: 4)
        builder.quarterlyBudget = [20_000]
        builder.levelCosts = [1: 1_000, 2: 3_000, 3: 8_000, 4: 20_000]
        builder.scopeCosts = [.industry: 2_000, .system: 5_000]
        builder.addSystem(
            id: "gateway",
            practices: [
                "patch-management": .init(current: 1, target: 3),
                "access-control": .init(current: 0, target: 2, scope: .general, targetScope: .industry),
            ])
        let built = try builder.build()
        #expect(built.systems.count == 1)
        // Plan it and read the roadmap.
        let planner = RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: 30))
        let roadmap = try planner.plan(scenario)
        #expect(roadmap.status == .optimal)
        for deadline in roadmap.deadlineStatuses {
            #expect(deadline.state.isMet, "\(deadline.systemID) \(deadline.requirement) by \(deadline.deadline.by)")
        }
        // Report it.
        let json = PlanReport.render(roadmap, format: .json)
        #expect(json.contains("\"format\": \"smm-plan/1\""))
        // Reports.docc: Markdown, HTML and the workbook of the same roadmap.
        #expect(PlanReport.render(roadmap, format: .markdown).contains("```mermaid"))
        #expect(HTMLReport.render([roadmap]).hasPrefix("<!DOCTYPE html>"))
        #expect(!PlanWorkbook.workbook(roadmap).sheets.isEmpty)
        // Sweep a budget in memory (GettingStarted.md).
        let values = ScenarioSweep.values(from: 10_000, to: 40_000, count: 4, parameter: .quarterlyBudget)
        let scenarios = try ScenarioLoader().sweep(
            document: builder.document, parameter: .quarterlyBudget, values: values)
        let points = try ScenarioSweep(planner: planner).run(scenarios)
        #expect(points.map(\.value) == values && points.allSatisfy { $0.roadmap.status == .optimal })
    }
}
