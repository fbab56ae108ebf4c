import Roadmaps
import ScenarioModel

extension SavedPlan {
    /// The roadmap of the saved plan, rebuilt against its scenario and verified like a new plan
    /// (`PlanVerifier`): a plan file edited by hand, or made for another scenario, is refused.
    ///
    /// The file's status, bound and gap are kept only for the plan the file claims: a file whose
    /// steps are not worth the value it records was edited after smm wrote it, and is refused
    /// (its "optimal" was proven for other steps). A file without a plan (infeasible, no plan)
    /// is refused too: its explanation cannot be checked without planning again.
    public func roadmap(for scenario: Scenario) throws(SavedPlanError) -> Roadmap {
        let saved = self
        guard status == .optimal || status == .feasible else {
            throw SavedPlanError(
                description: "the file holds no plan (status \(status.rawValue)); its explanation cannot be "
                    + "checked without planning again: run smm plan")
        }
        let problem = PlanningProblem(scenario: scenario)
        let index = problem.indexByID()
        var quarters = Schedule(stepCount: problem.steps.count)
        for step in saved.steps {
            guard let s = index[step.id],
                (1...scenario.horizon).contains(step.quarterIndex), quarters[s] == nil
            else {
                throw SavedPlanError(
                    description: "the step of \(step.id.practiceID) of \(step.id.systemID) to \(step.id.kind) "
                        + "\(step.id.to) in quarter \(step.quarterIndex) is not a step of this scenario")
            }
            quarters[s] = step.quarterIndex
        }
        let roadmap: Roadmap
        do {
            roadmap = try RoadmapAssembly(problem: problem, report: saved.report).roadmap(
                status: saved.status, quarters: quarters, bound: saved.bound, conflicts: saved.conflicts,
                seconds: saved.report.seconds, log: "")
        } catch {
            throw SavedPlanError(description: "the plan breaks the plan rules of its scenario: \(error)")
        }
        guard let claimed = claimedValue, let value = roadmap.objectiveValue,
            abs(value - claimed) <= Self.writtenPrecision + Tolerance.objective * abs(claimed)
        else {
            throw SavedPlanError(
                description: "the file's steps are worth \(roadmap.objectiveValue.map { "\($0)" } ?? "nothing"), "
                    + "but it records \(claimedValue.map { "\($0)" } ?? "no value") (objective.value): it was "
                    + "edited after smm wrote it, so its status and bound are not this plan's; plan again")
        }
        return roadmap
    }
}
