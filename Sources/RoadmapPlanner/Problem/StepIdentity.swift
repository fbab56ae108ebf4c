import Roadmaps
import ScenarioModel

extension PlanningProblem {
    /// The identity of step `s`.
    func id(of s: Int) -> StepID {
        let step = steps[s]
        return StepID(
            systemID: ownerID(of: step), practiceID: step.practiceID, kind: step.kind, to: step.to)
    }

    /// Who takes a step: its system's id, or its initiative's (ids are unique across both).
    func ownerID(of step: CandidateStep) -> String {
        step.initiative.map { scenario.initiatives[$0].id } ?? scenario.systems[step.systemIndex].id
    }

    /// The index of each step by its identity.
    func indexByID() -> [StepID: Int] {
        Dictionary(uniqueKeysWithValues: steps.indices.map { (id(of: $0), $0) })
    }
}
