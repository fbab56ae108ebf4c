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
        if !scenario.stakeholders.isEmpty, agreement == nil {
            throw SavedPlanError(
                description: "the scenario has stakeholders but the file has no agreement (spec §7 keys): it was "
                    + "written by an smm without them; plan again")
        }
        let scenario = agreement.map { scenario.agreeing(by: $0.rule) } ?? scenario
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
        var roadmap: Roadmap
        do {
            roadmap = try assembly(of: problem).roadmap(
                status: saved.status, quarters: quarters, bound: saved.bound, conflicts: saved.conflicts,
                seconds: saved.report.seconds, log: "")
        } catch {
            throw SavedPlanError(description: "the plan breaks the plan rules of its scenario: \(error)")
        }
        if let agreement {
            roadmap.negotiation = try NegotiationAssembly(problem: problem, agreement: scenario.agreement!)
                .restored(agreement, agreed: quarters)
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

    /// How the plan is assembled: as any plan, or with stakeholders as the agreement's plan, whose
    /// value is the rule's first criterion against the file's ideals (spec §7).
    private func assembly(of problem: PlanningProblem) throws(SavedPlanError) -> RoadmapAssembly {
        guard let agreement, let rules = problem.scenario.agreement else {
            return RoadmapAssembly(problem: problem, report: report)
        }
        guard agreement.parties.count == problem.scenario.stakeholders.count else {
            throw SavedPlanError(
                description: "the file lists \(agreement.parties.count) stakeholders, the scenario "
                    + "\(problem.scenario.stakeholders.count); plan again")
        }
        let ideals = agreement.parties.map(\.ideal)
        let included = NegotiationAssembly(problem: problem, agreement: rules).included(ideals: ideals)
        let criterion = AgreementCriterion(
            problem: problem, rule: agreement.rule, included: included, ideals: included.map { ideals[$0] })
        var assembly = RoadmapAssembly(
            problem: problem.valuedByShares(
                included: included, weights: included.map { rules.weights[$0] }, ideals: included.map { ideals[$0] }),
            report: report)
        assembly.criterion = { criterion.value($0) }
        return assembly
    }
}
