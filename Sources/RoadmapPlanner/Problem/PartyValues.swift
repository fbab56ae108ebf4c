import ScenarioModel

extension PlanningProblem {
    /// Spec §7 rule 2: a step's value to each party is §2's value in the party's eyes (its
    /// weights) when the level or scope it reaches is within the party's target, else 0; an
    /// initiative step's is the sum over the members it raises within the party's target (§6.4).
    static func partyValues(of step: CandidateStep, in scenario: Scenario) -> [Double] {
        scenario.stakeholders.map { party in
            let p = step.practiceIndex
            func value(_ s: Int) -> Double {
                let view = party.views[s][p]
                switch step.kind {
                case .level: return step.to <= view.targetLevel ? view.weight : 0
                case .scope: return step.to <= view.targetScope.rawValue ? view.weight * scenario.scopeWeight : 0
                }
            }
            guard step.initiative != nil else { return value(step.systemIndex) }
            return step.members.reduce(0) { $0 + value($1) }
        }
    }

    /// Party k's value of a plan, `V_k` (spec §7 rule 2).
    func partyValue(_ k: Int, of quarters: Schedule) -> Double {
        zip(steps.indices, quarters).reduce(0) { sum, pair in
            pair.1.map { sum + partyValue(k, of: pair.0, in: $0) } ?? sum
        }
    }

    /// What step `s` taken in quarter `t` adds to party k's value: its value to k for every
    /// quarter it holds (spec §7 rule 2).
    func partyValue(_ k: Int, of s: Int, in t: Int) -> Double {
        steps[s].partyValues[k] * Double(scenario.horizon - t + 1)
    }

    /// Each party's share `V_k / ideal_k` of a plan.
    /// - Parameters:
    ///   - quarters: The plan.
    ///   - parties: The parties (indices into `Scenario.stakeholders`).
    ///   - ideals: Their ideals, in the order of `parties`.
    func shares(of quarters: Schedule, parties: [Int], ideals: [Double]) -> [Double] {
        zip(parties, ideals).map { partyValue($0, of: quarters) / $1 }
    }

    /// The problem valued by the weighted sum of shares, Σ weight_k × value_k / ideal_k over the
    /// parties in the agreement: `weighted`'s objective, max-min's second criterion (weights 1),
    /// and what makes a step worth taking in an agreed plan at all (idle steps are dropped).
    /// - Parameters:
    ///   - included: The parties in the agreement (indices into `Scenario.stakeholders`).
    ///   - weights: Their weights, in the order of `included`.
    ///   - ideals: Their ideals, in the order of `included` (each above 0).
    func valuedByShares(included: [Int], weights: [Double], ideals: [Double]) -> PlanningProblem {
        valued(
            by: steps.map { step in
                zip(included.indices, included).reduce(0.0) { sum, pair in
                    sum + weights[pair.0] * step.partyValues[pair.1] / ideals[pair.0]
                }
            })
    }
}
