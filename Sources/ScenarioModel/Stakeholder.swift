import MaturityModel

/// How one party sees one practice of one system (spec §7 rules 1–2): the value of one of its
/// level steps in that party's eyes (system weight × domain priority × practice weight, each the
/// party's own, else the scenario's) and the party's targets, never below the current state.
public struct PartyView: Sendable, Hashable, Codable {
    public let weight: Double
    public let targetLevel: Int
    public let targetScope: Scope

    package init(weight: Double, targetLevel: Int, targetScope: Scope) {
        self.weight = weight
        self.targetLevel = targetLevel
        self.targetScope = targetScope
    }
}

/// A party to the plan (spec §7): its view of every practice of every system, its money and the
/// part of each step's cost it pays.
public struct Stakeholder: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    /// The party's view of each practice of each system: `views[system][practice]`, catalog order.
    public let views: [[PartyView]]
    /// What this party may pay (spec §7 rule 5), as §3.2 limits the plan; `nil`: no limit.
    public let budget: QuarterlyBudget?
    /// The fraction of each practice's step costs this party pays, by practice in catalog order
    /// (`pays.practices`, else `pays.domains`, else `pays.default`, else 0); `nil` without `pays`.
    public let pays: [Double]?
    /// Its position in the file's `stakeholders` list.
    public let sourceIndex: Int

    package init(
        id: String, name: String, views: [[PartyView]], budget: QuarterlyBudget?, pays: [Double]?, sourceIndex: Int
    ) {
        self.id = id
        self.name = name
        self.views = views
        self.budget = budget
        self.pays = pays
        self.sourceIndex = sourceIndex
    }
}

/// The rule that chooses the one plan the parties agree on (spec §7 rule 4).
public enum AgreementRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Maximise the smallest share; then, among those plans, the sum of shares.
    case maxMin = "max-min"
    /// Maximise Σ weight × share.
    case weighted
    /// Maximise Σ log share (the Nash bargaining solution), piecewise linear.
    case nash

    /// `objective.sense` of a plan agreed by this rule.
    public var sense: String { "agreement-\(rawValue)" }
}

/// `agreement:` resolved: the rule and each party's weight (1 unless `weighted` says otherwise).
public struct Agreement: Sendable, Hashable, Codable {
    public let rule: AgreementRule
    /// By stakeholder, in the order of `Scenario.stakeholders`.
    public let weights: [Double]

    public init(rule: AgreementRule, weights: [Double]) {
        self.rule = rule
        self.weights = weights
    }

    /// The same weights under another rule (`--agreement`); weights other than 1 belong to `weighted`.
    public func ruled(by rule: AgreementRule) -> Agreement {
        Agreement(rule: rule, weights: rule == .weighted ? weights : weights.map { _ in 1 })
    }
}

extension Scenario {
    /// Whether some party pays part of the steps (spec §7 rule 5): then each step's cost is split.
    public var partiesPay: Bool { stakeholders.contains { $0.pays != nil } }

    /// The fraction of a step of practice `p` (catalog index) that party `k` pays (0 without `pays`).
    public func fraction(party k: Int, practice p: Int) -> Double {
        stakeholders[k].pays?[p] ?? 0
    }

    /// The scenario under another agreement rule (`smm negotiate --agreement`).
    public func agreeing(by rule: AgreementRule) -> Scenario {
        var copy = self
        copy.agreement = (agreement ?? Agreement(rule: .maxMin, weights: stakeholders.map { _ in 1 })).ruled(by: rule)
        return copy
    }
}
