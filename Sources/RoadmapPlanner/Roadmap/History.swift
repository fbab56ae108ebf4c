import Roadmaps
import ScenarioModel

extension Roadmap {
    /// The state of a re-plan's history without planning: the history quarters' spend and
    /// attainment, the done steps and the deadlines before `as_of` (status `no-plan`: no open
    /// quarter is planned). For `smm progress status`.
    public static func history(of scenario: Scenario) -> Roadmap {
        let problem = PlanningProblem(scenario: scenario)
        let report = SolveReport(rows: 0, columns: 0, nonzeros: 0, seconds: 0, engine: .none, backend: "")
        // A roadmap without a plan is not verified, so this cannot throw.
        return try! RoadmapAssembly(problem: problem, report: report).roadmap(
            status: .noPlan, quarters: [], bound: nil, conflicts: [], seconds: 0, log: "")
    }
}
