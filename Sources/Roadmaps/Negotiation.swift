import Foundation
import ScenarioModel

/// What the parties of a stakeholder scenario get (spec §7): each one's ideal, the agreed plan's
/// value and share for each, what each pays, the price of each position, the steps in dispute
/// and those every party wants. The planner computes it once (`NegotiationAssembly`); reports read it.
public struct Negotiation: Sendable, Hashable, Codable {
    /// One party's outcome.
    public struct Party: Sendable, Hashable, Codable {
        public let id: String
        public let name: String
        /// Its weight under `weighted` (1 otherwise).
        public let weight: Double
        /// `ideal_k`: the largest value any plan gives it (rule 3), or the best found when unproven.
        public let ideal: Double
        /// Whether `ideal` is proven (`optimal`) or the best plan found (`feasible`).
        public let idealStatus: Roadmap.Status
        /// A proven upper bound on its ideal, when it is not proven.
        public let idealBound: Double?
        /// `V_k` of the agreed plan.
        public let value: Double
        /// `value / ideal`; `nil` for a party left out (its ideal is 0).
        public let share: Double?
        /// What it pays in each plan quarter (rule 5), index t − 1; empty when no party pays.
        public let pays: [Double]
        /// The shares every other party would get if the plan were this party's ideal, in party order.
        public let sharesIfIdeal: [PartyShare]
        /// The steps of its ideal plan.
        public let idealSteps: [StepID]

        package init(
            id: String, name: String, weight: Double, ideal: Double, idealStatus: Roadmap.Status,
            idealBound: Double?, value: Double, share: Double?, pays: [Double], sharesIfIdeal: [PartyShare],
            idealSteps: [StepID]
        ) {
            self.id = id
            self.name = name
            self.weight = weight
            self.ideal = ideal
            self.idealStatus = idealStatus
            self.idealBound = idealBound
            self.value = value
            self.share = share
            self.pays = pays
            self.sharesIfIdeal = sharesIfIdeal
            self.idealSteps = idealSteps
        }

        /// Rule 3: a party whose ideal is 0 wants nothing the plan can give; it is left out.
        public var isLeftOut: Bool { share == nil }
        /// Everything it pays over the plan.
        public var totalPaid: Double { pays.reduce(0, +) }
    }

    /// A party and its share of some plan.
    public struct PartyShare: Sendable, Hashable, Codable {
        public let party: String
        public let share: Double

        package init(party: String, share: Double) {
            self.party = party
            self.share = share
        }
    }

    /// A step in some party's ideal but not in the agreed plan (rule 6), with who wanted it.
    public struct ContestedStep: Sendable, Hashable, Codable {
        public let step: StepID
        public let wantedBy: [String]

        package init(step: StepID, wantedBy: [String]) {
            self.step = step
            self.wantedBy = wantedBy
        }
    }

    /// One plan of the two-party frontier (rule 7): the best for party A with party B's share at
    /// least `required`.
    public struct FrontierPoint: Sendable, Hashable, Codable {
        public let required: Double
        /// A's share, then B's.
        public let shares: [Double]
        public let status: Roadmap.Status
        public let steps: [ScheduledStep]

        package init(required: Double, shares: [Double], status: Roadmap.Status, steps: [ScheduledStep]) {
            self.required = required
            self.shares = shares
            self.status = status
            self.steps = steps
        }
    }

    public let rule: AgreementRule
    public let parties: [Party]
    /// The smallest share of the agreed plan, over the parties not left out.
    public let minShare: Double
    public let sumShares: Double
    /// Σ weight × share (every rule reports it; it is `weighted`'s criterion).
    public let weightedSum: Double
    /// Σ log share (`nash`'s criterion), when no share is 0.
    public let logSum: Double?
    /// `nash`: the largest amount by which its piecewise-linear log can overstate a share's log,
    /// and the same as a factor on a share (e^error − 1).
    public let approximationError: Double?
    public let contested: [ContestedStep]
    /// Steps in every party's ideal and in the agreed plan (rule 6; the quarter is ignored).
    public let core: [StepID]
    /// The two parties of the frontier (A, B) and its plans; empty unless asked for.
    public var frontierParties: [String] = []
    public var frontier: [FrontierPoint] = []

    package init(
        rule: AgreementRule, parties: [Party], minShare: Double, sumShares: Double, weightedSum: Double,
        logSum: Double?, approximationError: Double?, contested: [ContestedStep], core: [StepID]
    ) {
        self.rule = rule
        self.parties = parties
        self.minShare = minShare
        self.sumShares = sumShares
        self.weightedSum = weightedSum
        self.logSum = logSum
        self.approximationError = approximationError
        self.contested = contested
        self.core = core
    }

    /// The parties in the agreement (ideal above 0).
    public var included: [Party] { parties.filter { !$0.isLeftOut } }
    /// Parties whose ideal is not proven: their shares are against the best ideal found.
    public var unprovenIdeals: [String] { included.filter { $0.idealStatus != .optimal }.map(\.id) }
    /// `nash`: the approximation's error as a relative error of a share, e^error − 1.
    public var shareError: Double? { approximationError.map { exp($0) - 1 } }

    /// Whether some party pays (rule 5), so that the output lists payments.
    public var partiesPay: Bool { parties.contains { !$0.pays.isEmpty } }
}

extension Roadmap {
    /// What the plan's objective value is (`objective.sense` of the plan JSON): the scenario's
    /// objective, or with stakeholders the agreement rule's first criterion (spec §7).
    public var objectiveSense: String {
        guard !scenario.stakeholders.isEmpty else { return scenario.objective.rawValue }
        return (negotiation?.rule ?? scenario.agreement?.rule ?? .maxMin).sense
    }
}
