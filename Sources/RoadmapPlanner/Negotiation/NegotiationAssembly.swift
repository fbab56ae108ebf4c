import Foundation
import Roadmaps
import ScenarioModel

/// What spec §7 rule 6 says of an agreed plan, computed once from the plans: each party's ideal,
/// value, share and payments, the price of each position, the contested steps and the core.
struct NegotiationAssembly {
    let problem: PlanningProblem
    let agreement: Agreement

    /// One party's ideal, as the outcome shows it.
    private struct IdealSummary {
        let value: Double
        let status: Roadmap.Status
        let bound: Double?
        let sharesIfIdeal: [Negotiation.PartyShare]
        let steps: [StepID]
    }

    func negotiation(ideals: [NegotiationEngine.Ideal], included: [Int], agreed: Schedule) -> Negotiation {
        let scenario = problem.scenario
        let summaries = ideals.indices.map { k in
            IdealSummary(
                value: ideals[k].value, status: ideals[k].roadmap.status,
                bound: ideals[k].roadmap.status == .optimal ? nil : ideals[k].roadmap.bound,
                sharesIfIdeal: included.filter { $0 != k }.map {
                    Negotiation.PartyShare(
                        party: scenario.stakeholders[$0].id,
                        share: problem.partyValue($0, of: ideals[k].quarters) / ideals[$0].value)
                },
                steps: ideals[k].roadmap.steps.map(\.id))
        }
        let wanted = included.map { Set(ideals[$0].roadmap.steps.map(\.id)) }
        var contested: [Negotiation.ContestedStep] = []
        var core: [StepID] = []
        // In candidate order: system, practice (catalog order), level before scope, lowest first.
        for s in problem.steps.indices {
            let id = problem.id(of: s)
            let wantedBy = zip(included, wanted).filter { $0.1.contains(id) }.map { scenario.stakeholders[$0.0].id }
            guard !wantedBy.isEmpty else { continue }
            if agreed[s] == nil {
                contested.append(Negotiation.ContestedStep(step: id, wantedBy: wantedBy))
            } else if wantedBy.count == included.count {
                core.append(id)
            }
        }
        return negotiation(ideals: summaries, included: included, agreed: agreed, contested: contested, core: core)
    }

    /// The outcome of a saved plan (`smm render`): each party's value, share and payments computed
    /// again from the plan; its ideal, the price of its position, the contested steps, the core and
    /// the frontier's plans as the file records them (checking them would mean planning again).
    func restored(_ saved: SavedAgreement, agreed: Schedule) throws(SavedPlanError) -> Negotiation {
        let scenario = problem.scenario
        guard saved.parties.map(\.id) == scenario.stakeholders.map(\.id) else {
            throw SavedPlanError(
                description: "the file's stakeholders (\(saved.parties.map(\.id).joined(separator: ", "))) are not "
                    + "the scenario's (\(scenario.stakeholders.map(\.id).joined(separator: ", "))); plan again")
        }
        let summaries = saved.parties.map {
            IdealSummary(
                value: $0.ideal, status: $0.idealStatus, bound: $0.idealBound, sharesIfIdeal: $0.sharesIfIdeal,
                steps: [])
        }
        var negotiation = negotiation(
            ideals: summaries, included: included(ideals: saved.parties.map(\.ideal)), agreed: agreed,
            contested: saved.contested, core: saved.core)
        guard !saved.frontier.isEmpty else { return negotiation }
        let ids = scenario.stakeholders.map(\.id)
        guard saved.frontierParties.count == 2, let a = ids.firstIndex(of: saved.frontierParties[0]),
            let b = ids.firstIndex(of: saved.frontierParties[1]), saved.parties[a].ideal > 0, saved.parties[b].ideal > 0
        else {
            throw SavedPlanError(description: "frontier.parties are not two of the scenario's stakeholders in the plan")
        }
        let index = problem.indexByID()
        negotiation.frontierParties = saved.frontierParties
        for (i, point) in saved.frontier.enumerated() {
            var quarters = Schedule(stepCount: problem.steps.count)
            for step in point.steps {
                guard let s = index[step.id], (1...scenario.horizon).contains(step.quarterIndex) else {
                    throw SavedPlanError(description: "frontier.points[\(i)] has a step that is not this scenario's")
                }
                quarters[s] = step.quarterIndex
            }
            do {
                negotiation.frontier.append(
                    try frontierPoint(
                        a, b, ideals: [saved.parties[a].ideal, saved.parties[b].ideal], required: point.required,
                        quarters: quarters, status: point.status))
            } catch {
                throw SavedPlanError(description: "frontier.points[\(i)] breaks the plan rules: \(error)")
            }
        }
        return negotiation
    }

    /// The parties in the agreement: those whose ideal is above 0 (rule 3).
    func included(ideals: [Double]) -> [Int] {
        ideals.indices.filter { ideals[$0] > Tolerance.amount }
    }

    /// A plan of the two-party frontier (rule 7), verified, with both parties' shares.
    func frontierPoint(
        _ a: Int, _ b: Int, ideals: [Double], required: Double, quarters: Schedule, status: Roadmap.Status
    ) throws -> Negotiation.FrontierPoint {
        // Steps are kept (not dropped as idle) when either party values them.
        let valuedByEither = problem.valued(by: problem.steps.map { $0.partyValues[a] + $0.partyValues[b] })
        let roadmap = try RoadmapAssembly(
            model: RoadmapModel(problem: valuedByEither), engine: .none, backend: ""
        ).roadmap(status: .feasible, quarters: quarters, bound: nil, conflicts: [], seconds: 0, log: "")
        return Negotiation.FrontierPoint(
            required: required,
            shares: [problem.partyValue(a, of: quarters) / ideals[0], problem.partyValue(b, of: quarters) / ideals[1]],
            status: status, steps: roadmap.steps)
    }

    private func negotiation(
        ideals: [IdealSummary], included: [Int], agreed: Schedule, contested: [Negotiation.ContestedStep],
        core: [StepID]
    ) -> Negotiation {
        let scenario = problem.scenario
        let horizon = scenario.horizon
        let payments = problem.rules.payments(of: problem.steps, quarters: agreed)
        let parties = scenario.stakeholders.enumerated().map { k, party in
            Negotiation.Party(
                id: party.id, name: party.name, weight: agreement.weights[k], ideal: ideals[k].value,
                idealStatus: ideals[k].status, idealBound: ideals[k].bound, value: problem.partyValue(k, of: agreed),
                share: included.contains(k) ? problem.partyValue(k, of: agreed) / ideals[k].value : nil,
                pays: problem.rules.partyCount > 0 ? Array(payments[k][1...horizon]) : [],
                sharesIfIdeal: ideals[k].sharesIfIdeal, idealSteps: ideals[k].steps)
        }
        let shares = included.compactMap { parties[$0].share }
        let weighted = included.reduce(0.0) { $0 + agreement.weights[$1] * (parties[$1].share ?? 0) }
        return Negotiation(
            rule: agreement.rule, parties: parties, minShare: shares.min() ?? 0, sumShares: shares.reduce(0, +),
            weightedSum: weighted, logSum: shares.contains { $0 <= 0 } ? nil : shares.reduce(0) { $0 + log($1) },
            approximationError: agreement.rule == .nash ? AgreementModel.logError : nil, contested: contested,
            core: core)
    }
}
