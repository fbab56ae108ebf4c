import Foundation
import MaturityModel
import ScenarioModel

/// Spec §7 in the independent checker: each party's value of a plan (rule 2), what each pays per
/// quarter and whether its budget holds (rule 5), and a plan JSON's `stakeholders`, `agreement`
/// and objective against them. Written from the spec, not from the planner.
extension PlanChecker {
    /// The catalog position of a practice.
    private func practiceIndex(_ id: String) -> Int {
        scenario.catalog.practices.firstIndex { $0.practice.id == id }!
    }

    private func systemIndex(_ id: String) -> Int? { scenario.systems.firstIndex { $0.id == id } }

    /// Rule 2: V_k = Σ over steps of value_k × (H − t + 1); value_k is the party's weight of the
    /// practice of the system when the step's level (scope) is within its target, else 0; an
    /// initiative's step sums its members below the level whose party target reaches it.
    func partyValue(_ k: Int, _ steps: [Step]) -> Double {
        let party = scenario.stakeholders[k]
        let H = scenario.horizon
        return steps.reduce(0) { sum, step in
            let p = practiceIndex(step.practice)
            var worth = 0.0
            if let id = step.initiative, let i = scenario.initiatives.first(where: { $0.id == id }) {
                for m in i.members {
                    let view = party.views[m][p]
                    let current = scenario.systems[m].practices[p].currentLevel
                    if current < step.to && view.targetLevel >= step.to { worth += view.weight }
                }
            } else if let s = systemIndex(step.system) {
                let view = party.views[s][p]
                if step.kind == "level" {
                    worth = step.to <= view.targetLevel ? view.weight : 0
                } else {
                    worth = step.to <= view.targetScope.rawValue ? view.weight * scenario.scopeWeight : 0
                }
            }
            return sum + worth * Double(H - step.quarter + 1)
        }
    }

    /// Rule 5: what party k pays in each quarter 1...H (index t − 1).
    func payments(_ k: Int, _ steps: [Step]) -> [Double] {
        var paid = [Double](repeating: 0, count: scenario.horizon)
        guard let fractions = scenario.stakeholders[k].pays else { return paid }
        for step in steps { paid[step.quarter - 1] += step.cost * fractions[practiceIndex(step.practice)] }
        return paid
    }

    /// Rule 5: each paying party's budget holds as §3.2 says (per quarter, or through each quarter
    /// with carry-over, and in all); the fractions of every step sum to 1.
    func paymentViolations(_ steps: [Step]) -> [String] {
        guard scenario.stakeholders.contains(where: { $0.pays != nil }) else { return [] }
        var problems: [String] = []
        for step in steps {
            let p = practiceIndex(step.practice)
            let sum = scenario.stakeholders.reduce(0) { $0 + ($1.pays?[p] ?? 0) }
            if abs(sum - 1) > 1e-9 { problems.append("\(step.practice): fractions sum to \(sum)") }
        }
        for (k, party) in scenario.stakeholders.enumerated() {
            guard let budget = party.budget, party.pays != nil else { continue }
            let paid = payments(k, steps)
            var through = 0.0, budgetThrough = 0.0
            for t in 0..<scenario.horizon {
                through += paid[t]
                budgetThrough += budget.quarterly[t]
                if budget.carryOver ? through > budgetThrough + 1e-6 : paid[t] > budget.quarterly[t] + 1e-6 {
                    problems.append("\(party.id) pays more than its budget allows by quarter \(t + 1)")
                }
            }
            if let total = budget.total, through > total + 1e-6 { problems.append("\(party.id): total exceeded") }
        }
        return problems
    }

    /// The plan JSON's §7 keys against the steps: each party's value, share (against the ideal the
    /// JSON gives) and payments; the agreement's criteria and the objective.
    func negotiationViolations(_ plan: [String: Any], _ steps: [Step]) -> [String] {
        guard let parties = plan["stakeholders"] as? [[String: Any]],
            let agreement = plan["agreement"] as? [String: Any]
        else { return ["no stakeholders or agreement in the plan JSON"] }
        var problems = paymentViolations(steps)
        var shares: [Double] = []
        var weighted = 0.0
        let pays = scenario.stakeholders.contains { $0.pays != nil }
        for (k, party) in scenario.stakeholders.enumerated() {
            guard k < parties.count, parties[k]["id"] as? String == party.id else {
                problems.append("stakeholders[\(k)] is not \(party.id)")
                continue
            }
            let value = partyValue(k, steps)
            let ideal = (parties[k]["ideal"] as? NSNumber)?.doubleValue ?? .nan
            if abs(((parties[k]["value"] as? NSNumber)?.doubleValue ?? .nan) - value) > 1e-6 * max(1, value) {
                problems.append("\(party.id): value \(parties[k]["value"] ?? "-") is not \(value)")
            }
            if let share = (parties[k]["share"] as? NSNumber)?.doubleValue {
                if abs(share - value / ideal) > 1e-6 { problems.append("\(party.id): share is not value / ideal") }
                shares.append(value / ideal)
                weighted += (scenario.agreement?.weights[k] ?? 1) * value / ideal
            } else if ideal > 1e-9 {
                problems.append("\(party.id): no share, though its ideal is \(ideal)")
            }
            let listed = (parties[k]["pays"] as? [NSNumber])?.map(\.doubleValue)
            if pays {
                let paid = payments(k, steps)
                if listed == nil || zip(listed!, paid).contains(where: { abs($0 - $1) > 1e-6 }) {
                    problems.append("\(party.id): pays \(listed ?? []) is not \(paid)")
                }
            } else if listed != nil {
                problems.append("\(party.id): pays listed though no party has pays")
            }
        }
        func number(_ key: String) -> Double { (agreement[key] as? NSNumber)?.doubleValue ?? .nan }
        if abs(number("min_share") - (shares.min() ?? 0)) > 1e-6 { problems.append("min_share") }
        if abs(number("sum_shares") - shares.reduce(0, +)) > 1e-6 { problems.append("sum_shares") }
        let rule = agreement["rule"] as? String ?? "?"
        let objective = plan["objective"] as? [String: Any] ?? [:]
        if objective["sense"] as? String != "agreement-\(rule)" { problems.append("objective.sense") }
        let value = (objective["value"] as? NSNumber)?.doubleValue ?? .nan
        let expected: Double =
            switch rule {
            case "max-min": shares.min() ?? 0
            case "weighted": weighted
            default: shares.reduce(0) { $0 + log($1) }
            }
        if abs(value - expected) > 1e-6 { problems.append("objective.value \(value) is not \(expected)") }
        return problems
    }
}
