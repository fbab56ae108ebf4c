import Foundation
import Roadmaps
import ScenarioModel

/// What spec §7 rule 6 says of an agreed plan, computed once from the plans: each party's ideal,
/// value, share and payments, the price of each position, the contested steps and the core.
struct NegotiationAssembly {
    let problem: PlanningProblem
    let agreement: Agreement

    func negotiation(ideals: [NegotiationEngine.Ideal], included: [Int], agreed: Schedule) -> Negotiation {
        let scenario = problem.scenario
        let horizon = scenario.horizon
        let payments = problem.rules.payments(of: problem.steps, quarters: agreed)
        func share(_ k: Int, _ quarters: Schedule) -> Double? {
            included.contains(k) ? problem.partyValue(k, of: quarters) / ideals[k].value : nil
        }
        let parties = scenario.stakeholders.enumerated().map { k, party in
            Negotiation.Party(
                id: party.id, name: party.name, weight: agreement.weights[k], ideal: ideals[k].value,
                idealStatus: ideals[k].roadmap.status,
                idealBound: ideals[k].roadmap.status == .optimal ? nil : ideals[k].roadmap.bound,
                value: problem.partyValue(k, of: agreed), share: share(k, agreed),
                pays: problem.rules.partyCount > 0 ? Array(payments[k][1...horizon]) : [],
                sharesIfIdeal: included.filter { $0 != k }.map {
                    Negotiation.PartyShare(party: scenario.stakeholders[$0].id, share: share($0, ideals[k].quarters)!)
                },
                idealSteps: ideals[k].roadmap.steps.map(\.id))
        }
        let shares = included.compactMap { parties[$0].share }
        let weighted = included.reduce(0.0) { $0 + agreement.weights[$1] * (parties[$1].share ?? 0) }
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
        return Negotiation(
            rule: agreement.rule, parties: parties, minShare: shares.min() ?? 0, sumShares: shares.reduce(0, +),
            weightedSum: weighted, logSum: shares.contains { $0 <= 0 } ? nil : shares.reduce(0) { $0 + log($1) },
            approximationError: agreement.rule == .nash ? AgreementModel.logError : nil, contested: contested,
            core: core)
    }
}
