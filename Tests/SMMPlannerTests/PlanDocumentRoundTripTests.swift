import Foundation
import GLPKBackend
import MaturityModel
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel
import Testing

/// The plan JSON's one codec: what `PlanReport` writes, `PlanDocument` decodes to the same plan
/// (each step's owner, practice, kind, level or scope and quarter; status, value, bound; quarters),
/// and `PlanFile` (render) and `ProgressTemplate` (progress init) read it back from there.
@Suite struct PlanDocumentRoundTripTests {
    static func planned(_ text: String) throws -> Roadmap {
        try RoadmapPlanner(solver: GLPKSolver(), options: PlannerOptions(timeLimit: 30)).plan(load(text))
    }

    static let hvac = try! String(
        contentsOf: packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml"), encoding: .utf8)

    /// Written, decoded, compared, for a plan with level and scope steps and one with an
    /// initiative's steps (named by the initiative, with its members).
    @Test(arguments: ["hvac", "initiative"])
    func whatIsWrittenDecodesToTheSamePlan(_ name: String) throws {
        let text =
            name == "hvac" ? Self.hvac : InitiativeTests.scenario(initiative: "{1: {cost: 8000}, 2: {cost: 15000}}")
        let roadmap = try Self.planned(text)
        #expect(roadmap.status == .optimal && !roadmap.steps.isEmpty)
        let source = PlanSource.of(path: "x.yaml", bytes: Array(text.utf8), overrides: [])
        let written = PlanReport.render(roadmap, format: .json, source: source)
        let document = try PlanDocument.decode(Array(written.utf8))
        #expect(document.scenario == roadmap.scenario.name)
        #expect(document.status == roadmap.status.rawValue)
        #expect(abs((document.objective?.value?.value ?? -1) - roadmap.objectiveValue!) < 1e-6)
        #expect(abs((document.objective?.bound?.value ?? -1) - roadmap.bound!) < 1e-6)
        #expect(document.quarters?.compactMap(\.quarter) == roadmap.quarters.map(\.quarter.description))
        let steps = document.steps ?? []
        try #require(steps.count == roadmap.steps.count)
        for (read, step) in zip(steps, roadmap.steps) {
            #expect((read.initiative ?? read.system) == step.systemID)
            #expect(read.initiative == step.initiative)
            #expect(read.practice == step.practiceID && read.kind == step.kind.rawValue)
            #expect(read.quarter == step.quarter.description)
            switch step.kind {
            case .level: #expect(read.to == .level(Double(step.to)))
            case .scope: #expect(read.to == .scope(Scope(rawValue: step.to)!.id))
            }
        }
        if name == "initiative" { #expect(steps.contains { $0.initiative != nil }) }
        // render's reader: the same steps back, and the same roadmap once checked.
        let file = try PlanFile.read(Array(written.utf8))
        #expect(file.plan.steps.map(\.id) == roadmap.steps.map(\.id))
        let again = try file.plan.roadmap(for: roadmap.scenario)
        #expect(again.steps == roadmap.steps && again.status == roadmap.status)
        // progress init's reader: every step before 2027-Q3 is done, as planned.
        let progress = try ProgressTemplate.text(
            baseline: Array(written.utf8), baselinePath: "plan.json", asOf: Quarter(year: 2027, quarter: 3)!)
        let early = roadmap.steps.filter { $0.quarter < Quarter(year: 2027, quarter: 3)! }
        #expect(progress.split(separator: "\n").count { $0.hasPrefix("  - {") } == early.count)
    }

    /// A value of another type than the format gives it is named by its key path.
    @Test func aValueOfTheWrongTypeIsNamedByItsPath() throws {
        let roadmap = try Self.planned(Self.hvac)
        let source = PlanSource.of(path: "x.yaml", bytes: [], overrides: [])
        let written = PlanReport.render(roadmap, format: .json, source: source)
        let broken = written.replacingOccurrences(
            of: "\"practice\": \"\(roadmap.steps[1].practiceID)\"", with: "\"practice\": 7")
        #expect(broken != written)
        #expect(throws: PlanDocument.Problem.self) { try PlanDocument.decode(Array(broken.utf8)) }
        do {
            _ = try PlanDocument.decode(Array(broken.utf8))
        } catch {
            #expect(error.description == "steps[1].practice has another type than a plan gives it")
        }
    }
}
