import Foundation
import GLPKBackend
import HiGHSBackend
import OptimizationModel
import Reports
import TestSolvers
import Testing
@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel

/// HiGHS, when found (always on CI, which installs it), or `nil` after recording that it must be
/// found on CI.
func highsForTests(sourceLocation: SourceLocation = #_sourceLocation) -> HiGHSSolver? {
    let solver = HiGHSSolver.found()
    if solver == nil {
        #expect(
            ProcessInfo.processInfo.environment["CI"] == nil, "HiGHS not found: \(HiGHSLibrary.shared)",
            sourceLocation: sourceLocation)
    }
    return solver
}

/// The whole program proven by a prover (`ProverRace`): plans that pass the independent checker,
/// the optimum GLPK and brute force prove, and the same bytes on every run.
@Suite(.tags(.slow), .fullRunOnly) struct ProverTests {
    /// A scenario drawn the way users' assessments look (the shared benchmark's two systems, six
    /// quarters, tight budget): HiGHS proves it in about a second.
    static func drawnScenario() throws -> Scenario {
        try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent("Tests/SMMPlannerTests/Fixtures/bench-n2-h6-tight-max.json").path)
    }

    static func planner(
        _ prover: any MIPSolver,
        formulations: [PlannerOptions.ProverFormulation] = PlannerOptions.ProverFormulation
            .allCases
    ) -> RoadmapPlanner {
        var options = PlannerOptions()
        options.proverFormulations = formulations
        return RoadmapPlanner(solver: GLPKSolver(), provers: [prover], options: options)
    }

    /// Three quarters of 3,000 and the given systems: few enough columns to enumerate.
    static func tiny(_ systems: String, deadlines: String = "") throws -> Scenario {
        try load(
            """
            name: tiny
            start: 2027-Q1
            quarters: 3
            budget:
              quarterly: 3000
            costs: {level: {1: 1000, 2: 2000, 3: 3000, 4: 4000}, scope: {industry: 500, system: 800}}
            \(deadlines)
            \(systems)
            """)
    }

    @Test func eachFormulationAndTheRaceProveTheReferenceOptimum() throws {
        guard let highs = highsForTests() else { return }
        let scenario = try Self.drawnScenario()
        for formulations in [[.takenIn], [.doneBy], PlannerOptions.ProverFormulation.allCases] {
            let (roadmap, _, _) = try planAndCheck(scenario, planner: Self.planner(highs, formulations: formulations))
            #expect(roadmap.status == .optimal, "\(formulations)")
            // The optimum proven by an independent formulation (the benchmark's reference.json).
            #expect(roadmap.objectiveValue == 255, "\(formulations)")
            #expect(roadmap.report.backend.hasPrefix("HiGHS"))
        }
    }

    @Test func provenPlansAreTheSameBytesOnEveryRun() throws {
        guard let highs = highsForTests() else { return }
        let scenario = try Self.drawnScenario()
        let planner = Self.planner(highs)
        let runs = try (0..<3).map { _ in
            let roadmap = try planner.plan(scenario)
            #expect(roadmap.status == .optimal)
            return PlanReport.render(roadmap, format: .json)
        }
        #expect(
            Set(
                runs.map {
                    $0.replacingOccurrences(of: #""seconds" : [0-9.e-]+"#, with: "", options: .regularExpression)
                }
            ).count == 1)
    }

    /// A race given a goal (max-min's proof rounds ask "is there a plan at least this good?"): the
    /// first lane to meet it with the least effort settles it as a proof would, with the same plan
    /// on every run; a goal no plan meets is answered by the proof.
    @Test func aGoalSettlesTheRaceWithTheSamePlanOnEveryRun() throws {
        guard let highs = highsForTests() else { return }
        let problem = PlanningProblem(scenario: try Self.drawnScenario())
        let plain = RoadmapModel(problem: problem, symmetryRows: false)
        func race(goal: Double?) throws -> ProverRace.Outcome {
            let race = ProverRace(
                prover: highs, plain: plain, granularity: problem.modelGranularity,
                formulations: PlannerOptions.ProverFormulation.allCases)
            var options = SolveOptions()
            options.objectiveGranularity = problem.modelGranularity.step
            options.stopAtObjective = goal
            return try race.run(options: options)
        }
        let optimum = try #require(try race(goal: nil).solution.objective)
        let goal = optimum * 0.97
        let runs = try (0..<3).map { _ in try race(goal: goal) }
        for outcome in runs {
            #expect(outcome.provedBy != nil, "a lane that meets the goal settles the race")
            #expect((outcome.solution.objective ?? 0) >= goal)
            #expect(plain.mip.violations(of: outcome.solution.values).isEmpty)
        }
        #expect(Set(runs.map(\.solution.values)).count == 1)
        let beyond = try race(goal: optimum + 1)
        #expect(beyond.solution.status == .optimal)
        #expect(abs((beyond.solution.objective ?? 0) - optimum) < 1e-6)
    }

    @Test(arguments: ["hvac-integrator", "bottling-line", "automotive-ota-gateway", "residential-cameras"])
    func shippedScenariosGetGLPKsOptimumFromHiGHS(name: String) throws {
        guard let highs = highsForTests() else { return }
        let path = packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("no scenario \(path)")
            return
        }
        let scenario = try ScenarioLoader().load(path: path)
        let (byHiGHS, _, _) = try planAndCheck(scenario, planner: Self.planner(highs))
        let (byGLPK, _, _) = try planAndCheck(scenario)
        #expect(byHiGHS.status == byGLPK.status)
        if byHiGHS.status == .optimal && byGLPK.status == .optimal {
            #expect(abs((byHiGHS.objectiveValue ?? 0) - (byGLPK.objectiveValue ?? 1)) < 1e-6)
        }
    }

    /// Both formulations under the brute-force solver (every point tried) give GLPK's optimum on
    /// tiny programs: the done-by columns are the same program.
    @Test(arguments: [
        "systems: [{id: a, practices: {patch-management: {current: 0, target: 3}, access-control: {current: 1, target: 2}}}]",
        "systems: [{id: a, practices: {patch-management: {current: 0, target: 2}}}, {id: b, practices: {patch-management: {current: 1, target: 3}}}]",
    ])
    func bruteForceAgreesOnBothFormulations(systems: String) throws {
        let scenario = try Self.tiny(systems)
        let (byGLPK, _, _) = try planAndCheck(scenario)
        for formulation in PlannerOptions.ProverFormulation.allCases {
            let (roadmap, _, _) = try planAndCheck(
                scenario, planner: Self.planner(BruteForceSolver(), formulations: [formulation]))
            #expect(roadmap.status == .optimal && roadmap.objectiveValue == byGLPK.objectiveValue, "\(formulation)")
        }
    }

    /// Every plan of a tiny program is feasible in one formulation exactly when it is in the other,
    /// with the same objective: the change of columns loses and adds nothing.
    @Test func theDoneByColumnsAreTheSameProgram() throws {
        let scenario = try Self.tiny(
            "systems: [{id: a, practices: {patch-management: {current: 0, target: 3}, "
                + "access-control: {current: 1, target: 2}}}]",
            deadlines: "deadlines: [{system: a, practice: patch-management, level: 1, by: 2027-Q2}]")
        let plain = RoadmapModel(problem: PlanningProblem(scenario: scenario))
        let doneBy = DoneByModel(base: plain)
        let columns = plain.mip.columnCount
        #expect(columns <= 16 && doneBy.mip.columnCount == columns)
        var feasible = 0
        for bits in 0..<(1 << columns) {
            let x = (0..<columns).map { bits & (1 << $0) != 0 ? 1.0 : 0.0 }
            let y = doneBy.values(fromBase: x)
            #expect(doneBy.baseValues(from: y) == x)
            let here = plain.mip.violations(of: x).isEmpty
            // A base point whose sums exceed 1 maps outside the binary done-by columns: infeasible in both.
            let there = doneBy.mip.violations(of: y).isEmpty
            #expect(here == there, "\(x)")
            if here {
                feasible += 1
                #expect(abs(plain.mip.objectiveValue(of: x) - doneBy.mip.objectiveValue(of: y)) < 1e-9)
            }
        }
        #expect(feasible > 1)
    }
}
