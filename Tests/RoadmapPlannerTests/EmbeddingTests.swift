import Foundation
import GLPKBackend
import MaturityModel
import OptimizationModel
import ScenarioLoading
import ScenarioModel
import TestSolvers
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// The planner as another program uses it: a scenario built in code, any `MIPSolver`, a `Codable`
/// roadmap, a sweep in memory.
@Suite struct EmbeddingTests {
    /// The planner knows no solver: with the brute-force solver (no GLPK at all) it proves the
    /// same optimum as with GLPK, and the roadmap says which engine and backend planned.
    @Test func anyConformingSolverPlans() throws {
        var builder = ScenarioBuilder(name: "tiny", start: Fixtures.start, quarters: 3)
        builder.quarterlyBudget = [3_000]
        builder.levelCosts = [1: 1_000, 2: 2_000, 3: 3_000, 4: 4_000]
        builder.addSystem(
            id: "gw",
            practices: [
                "patch-management": .init(current: 1, target: 3), "access-control": .init(current: 0, target: 1),
            ])
        let scenario = try builder.build()
        #expect(
            RoadmapPlanner(solver: GLPKSolver()).model(for: scenario).columnCount <= BruteForceSolver.maximumColumns)
        let brute = try RoadmapPlanner(solver: BruteForceSolver()).plan(scenario)
        let glpk = try RoadmapPlanner(solver: GLPKSolver()).plan(scenario)
        #expect(brute.status == .optimal && glpk.status == .optimal)
        #expect(brute.objectiveValue == glpk.objectiveValue)
        #expect(brute.report.engine == .wholeProgram && brute.report.backend == "brute force")
        #expect(glpk.report.backend.hasPrefix("GLPK "))
    }

    @Test func builderErrorsNameTheKey() {
        var builder = ScenarioBuilder(name: "bad", start: Fixtures.start, quarters: 2)
        builder.quarterlyBudget = [1_000]
        builder.levelCosts = [1: 100]
        builder.addSystem(id: "gw", practices: ["patch-managment": .init(current: 1, target: 2)])
        #expect {
            _ = try builder.build(source: "built")
        } throws: { error in
            let text = "\(error)"
            return text.contains("built") && text.contains("patch-managment") && text.contains("patch-management")
        }
    }

    /// A roadmap encodes with its scenario and decodes to the same roadmap.
    @Test func roadmapIsCodable() throws {
        let roadmap = try RoadmapPlanner(solver: GLPKSolver()).plan(try Fixtures.portfolio(systems: 2, quarters: 4))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(roadmap)
        let decoded = try JSONDecoder().decode(Roadmap.self, from: data)
        #expect(try encoder.encode(decoded) == data)
        #expect(decoded.steps == roadmap.steps && decoded.scenario == roadmap.scenario)
        #expect(decoded.status == roadmap.status && decoded.report == roadmap.report)
    }

    /// A sweep over a scenario in memory: budgets in increasing order, the value never falls.
    @Test func sweepsAScenarioInMemory() throws {
        var builder = ScenarioBuilder(name: "sweep", start: Fixtures.start, quarters: 4)
        builder.quarterlyBudget = [1_000]
        builder.levelCosts = [1: 1_000, 2: 2_500, 3: 6_000, 4: 12_000]
        builder.addSystem(id: "gw", practices: ["patch-management": .init(current: 0, target: 3)])
        let sweep = ScenarioSweep(planner: RoadmapPlanner(solver: GLPKSolver()))
        let points = try sweep.run(
            ScenarioLoader().sweep(
                document: builder.document, parameter: .quarterlyBudget, values: [6_000, 1_000, 3_000]))
        #expect(points.map(\.value) == [1_000, 3_000, 6_000])
        let values = points.map { $0.roadmap.objectiveValue ?? -1 }
        #expect(values == values.sorted() && values[0] < values[2])
        #expect(points.allSatisfy { $0.roadmap.status == .optimal })
    }
}
