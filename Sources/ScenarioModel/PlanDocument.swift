import Foundation
import TextSafety

/// A plan JSON file (`smm-plan/1`): the one codec of the format. `smm plan -f json` builds one
/// from a roadmap and writes it (`Reports.PlanReport`, through an encoder that keeps the keys in
/// the order declared here); `smm render` (`PlanFile`) and `smm progress init`
/// (`ProgressTemplate`) decode it.
///
/// Every key is optional: a writer leaves out what a plan does not have (an infeasible plan's
/// steps' reasons, a re-plan's history), and each reader says what it requires, in its own words.
/// Keys whose value may be `null` in the file are `Nullable`: present with no value.
public struct PlanDocument: Codable, Sendable {
    public var format: String?
    /// The scenario's name.
    public var scenario: String?
    public var status: String?
    public var objective: Objective?
    /// Spec §7, with stakeholders: the agreement's criteria, each party's ideal, value, share and
    /// payments, the contested steps, the agreed core and (`smm negotiate --frontier`) the frontier.
    public var agreement: AgreementSummary?
    public var stakeholders: [Party]?
    public var contested: [StepRef]?
    public var core: [StepRef]?
    public var frontier: Frontier?
    /// Why there is no plan (status `infeasible`), each "what is wrong. Fix: what to change".
    public var conflicts: [String]?
    public var quarters: [Quarter]?
    public var steps: [Step]?
    /// How the plan meets each deadline (only with a plan and deadlines).
    public var deadlines: [Deadline]?
    /// The whole programme's cost and effort (a re-plan's history included).
    public var totalCost: Double?
    public var totalEffort: Double?
    public var programme: Programme?
    public var bindingLimits: BindingLimits?
    /// A re-plan's first open quarter, its history and its variance against the baseline.
    public var asOf: String?
    public var history: History?
    public var variance: Variance?
    public var solver: Solver?
    /// The scenario file the plan was made from, for `smm render`.
    public var source: Source?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case format
        case scenario
        case status
        case objective
        case agreement
        case stakeholders
        case contested
        case core
        case frontier
        case conflicts
        case quarters
        case steps
        case deadlines
        case totalCost = "total_cost"
        case totalEffort = "total_effort"
        case programme
        case bindingLimits = "binding_limits"
        case asOf = "as_of"
        case history
        case variance
        case solver
        case source
    }

    /// A value that is written even when there is none, as `null` (`"bound": null`).
    public struct Nullable<Value: Codable & Sendable>: Codable, Sendable {
        public var value: Value?

        public init(_ value: Value?) {
            self.value = value
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            value = container.decodeNil() ? nil : try container.decode(Value.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    /// `objective`: what the plan optimises, its value and the proven bound.
    public struct Objective: Codable, Sendable {
        public var sense: String?
        public var value: Nullable<Double>?
        public var bound: Nullable<Double>?
        public var gap: Nullable<Double>?

        public init() {}
    }

    /// `agreement` (spec §7): the rule, the smallest and summed shares, and the rule's own criterion.
    public struct AgreementSummary: Codable, Sendable {
        public var rule: String?
        public var minShare: Double?
        public var sumShares: Double?
        /// Σ weight × share (`weighted`).
        public var weightedSum: Double?
        /// Σ log share (`nash`); null when a share is 0.
        public var logSum: Nullable<Double>?
        /// `nash`: how much the piecewise-linear log can overstate a share's log, and that as a
        /// relative error of a share (e^error − 1).
        public var logError: Double?
        public var shareError: Double?
        /// Parties whose ideal is not proven: their shares are against the best ideal found.
        public var unprovenIdeals: [String]?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case rule
            case minShare = "min_share"
            case sumShares = "sum_shares"
            case weightedSum = "weighted_sum"
            case logSum = "log_sum"
            case logError = "log_error"
            case shareError = "share_error"
            case unprovenIdeals = "unproven_ideals"
        }
    }

    /// Party ids with a share each, in party order (a JSON object whose keys keep that order).
    public struct Shares: Codable, Sendable {
        public var entries: [(party: String, share: Double)]

        public init(_ entries: [(party: String, share: Double)]) {
            self.entries = entries
        }

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            entries = try container.allKeys.map { ($0.stringValue, try container.decode(Double.self, forKey: $0)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (party, share) in entries { try container.encode(share, forKey: Key(stringValue: party)) }
        }
    }

    /// One entry of `stakeholders` (spec §7 rule 6).
    public struct Party: Codable, Sendable {
        public var id: String?
        public var name: String?
        public var ideal: Double?
        public var idealStatus: String?
        /// A proven bound on an unproven ideal.
        public var idealBound: Double?
        public var value: Double?
        /// `null` for a party left out (its ideal is 0).
        public var share: Nullable<Double>?
        public var weight: Double?
        /// What it pays per quarter (only when some party has `pays`).
        public var pays: [Double]?
        public var sharesIfIdeal: Shares?
        public var leftOut: Bool?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case id
            case name
            case ideal
            case idealStatus = "ideal_status"
            case idealBound = "ideal_bound"
            case value
            case share
            case weight
            case pays
            case sharesIfIdeal = "shares_if_ideal"
            case leftOut = "left_out"
        }
    }

    /// A (system, practice, level or scope) of `contested` and `core`; `wanted_by` for contested.
    public struct StepRef: Codable, Sendable {
        public var system: String?
        public var practice: String?
        public var kind: String?
        public var to: Target?
        public var wantedBy: [String]?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case system
            case practice
            case kind
            case to
            case wantedBy = "wanted_by"
        }
    }

    /// `frontier` (spec §7 rule 7): party A's best plans as B's required share rises.
    public struct Frontier: Codable, Sendable {
        /// A, then B.
        public var parties: [String]?
        public var points: [FrontierPoint]?

        public init() {}
    }

    public struct FrontierPoint: Codable, Sendable {
        /// B's share at least this.
        public var required: Double?
        public var shares: Shares?
        public var status: String?
        public var steps: [Step]?

        public init() {}
    }

    /// One entry of `quarters` (a re-plan's history quarters have the first four keys).
    public struct Quarter: Codable, Sendable {
        public var quarter: String?
        public var budget: Double?
        public var spend: Double?
        public var effort: Double?
        public var available: Double?
        public var effortCapacity: Double?
        public var attainment: Double?
        /// What limits the quarter (`QuarterLimit.Kind` ids), for open quarters.
        public var binding: [String]?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case quarter
            case budget
            case spend
            case effort
            case available
            case effortCapacity = "effort_capacity"
            case attainment
            case binding
        }
    }

    /// A level (a number) or a scope (its id), as a step's `from` and `to` are written.
    public enum Target: Codable, Sendable, Equatable {
        case level(Double)
        case scope(String)
        /// Neither a number nor a string (read from a damaged file; never written).
        case other

        public init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let number = try? value.decode(Double.self) {
                self = .level(number)
            } else if let text = try? value.decode(String.self) {
                self = .scope(text)
            } else {
                self = .other
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .level(let level): try container.encode(level)
            case .scope(let id): try container.encode(id)
            case .other: try container.encodeNil()
            }
        }
    }

    /// One entry of `steps` (and of `history.steps`): a system's step, or an initiative's, named by
    /// the initiative, with the member `systems` it raises.
    public struct Step: Codable, Sendable {
        public var system: String?
        public var initiative: String?
        public var systems: [String]?
        public var practice: String?
        public var kind: String?
        public var from: Target?
        public var to: Target?
        public var quarter: String?
        public var cost: Double?
        public var effort: Double?
        /// A done step's cost in the scenario (its `cost` is the actual).
        public var plannedCost: Double?
        /// Why the step sits in its quarter, when a plan rule puts it there.
        public var reason: String?
        /// Who pays it, each paying party's fraction (spec §7 rule 5; only when some party pays).
        public var paidBy: Shares?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case system
            case initiative
            case systems
            case practice
            case kind
            case from
            case to
            case quarter
            case cost
            case effort
            case plannedCost = "planned_cost"
            case reason
            case paidBy = "paid_by"
        }
    }

    /// One entry of `deadlines`.
    public struct Deadline: Codable, Sendable {
        public var system: String?
        public var practice: String?
        public var level: Int?
        public var scope: String?
        public var by: String?
        public var reached: Nullable<String>?
        public var slack: Nullable<Int>?
        public var status: String?
        /// With a margin: the quarter the plan plans for, and the quarters to spare before it.
        public var margin: Int?
        public var plannedBy: String?
        public var slackToPlannedBy: Nullable<Int>?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case system
            case practice
            case level
            case scope
            case by
            case reached
            case slack
            case status
            case margin
            case plannedBy = "planned_by"
            case slackToPlannedBy = "slack_to_planned_by"
        }
    }

    /// `programme`: a re-plan's history and plan together.
    public struct Programme: Codable, Sendable {
        public var doneSteps: Int?
        public var spent: Double?
        public var effortSpent: Double?
        public var doneCostVariance: Double?
        public var plannedSteps: Int?
        public var plannedCost: Double?
        public var plannedEffort: Double?
        public var attainmentAtAsOf: Double?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case doneSteps = "done_steps"
            case spent
            case effortSpent = "effort_spent"
            case doneCostVariance = "done_cost_variance"
            case plannedSteps = "planned_steps"
            case plannedCost = "planned_cost"
            case plannedEffort = "planned_effort"
            case attainmentAtAsOf = "attainment_at_as_of"
        }
    }

    /// `binding_limits`: the limit that binds the plan most (`null` when none does), and the
    /// quarters each limit binds in.
    public struct BindingLimits: Codable, Sendable {
        public var main: Nullable<String>?
        public var quarters: Counts?
        public var targetsReached: Bool?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case main
            case quarters
            case targetsReached = "targets_reached"
        }
    }

    /// An object of counts under keys of the writer's choosing, in the writer's order.
    public struct Counts: Codable, Sendable {
        public var entries: [(key: String, count: Int)]

        public init(_ entries: [(key: String, count: Int)]) {
            self.entries = entries
        }

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            entries = try container.allKeys.map { ($0.stringValue, try container.decode(Int.self, forKey: $0)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (key, count) in entries { try container.encode(count, forKey: Key(stringValue: key)) }
        }
    }

    /// `history`: a re-plan's done steps and the spend of its history quarters.
    public struct History: Codable, Sendable {
        public var steps: [Step]?
        public var quarters: [Quarter]?

        public init() {}
    }

    /// `variance`: a re-plan against its baseline.
    public struct Variance: Codable, Sendable {
        public var steps: [VarianceStep]?
        public var added: [VarianceStep]?
        public var deadlines: [Deadline]?
        public var spend: [Spend]?

        public init() {}
    }

    /// A baseline step and what became of it, or a step the baseline did not have (`added`:
    /// without `status` and `baseline_quarter`).
    public struct VarianceStep: Codable, Sendable {
        public var system: String?
        public var practice: String?
        public var kind: String?
        public var to: Target?
        public var status: String?
        public var baselineQuarter: Nullable<String>?
        public var quarter: Nullable<String>?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case system
            case practice
            case kind
            case to
            case status
            case baselineQuarter = "baseline_quarter"
            case quarter
        }
    }

    /// Spend planned against actual in one history quarter.
    public struct Spend: Codable, Sendable {
        public var quarter: String?
        public var planned: Double?
        public var actual: Double?

        public init() {}
    }

    /// `solver`: what planned it.
    public struct Solver: Codable, Sendable {
        /// The engine and backend in words; in files written before `engine` and `backend`
        /// existed, the solver's name alone.
        public var name: String?
        public var engine: String?
        public var backend: String?
        public var rows: Double?
        public var columns: Double?
        public var nonzeros: Double?
        public var samePlanEveryRun: Bool?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case name
            case engine
            case backend
            case rows
            case columns
            case nonzeros
            case samePlanEveryRun = "same_plan_every_run"
        }
    }

    /// `source`: the scenario file the plan was made from.
    public struct Source: Codable, Sendable {
        public var path: String?
        public var absolutePath: String?
        public var sha256: String?
        public var overrides: [String]?
        public var contentSHA256: String?
        public var progress: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case path
            case absolutePath = "absolute_path"
            case sha256
            case overrides
            case contentSHA256 = "content_sha256"
            case progress
        }
    }

    /// Why bytes are not a plan document, in words (without the file's path).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Decodes `smm-plan/1` JSON.
    /// - Parameter bytes: The file's bytes.
    /// - Throws: `Problem` when the bytes are not JSON, not an object, a value has another type
    ///   than the format gives it (named by its key path), or `format` is not `smm-plan/1`.
    public static func decode(_ bytes: [UInt8]) throws(Problem) -> PlanDocument {
        let document: PlanDocument
        do {
            document = try JSONDecoder().decode(PlanDocument.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context) {
            throw Problem(description: Self.describe(context, "has another type than a plan gives it"))
        } catch let DecodingError.valueNotFound(_, context) {
            throw Problem(description: Self.describe(context, "is null"))
        } catch {
            throw Problem(description: "not a JSON object")
        }
        guard document.format == "smm-plan/1" else { throw Problem(description: "format is not smm-plan/1") }
        return document
    }

    /// `steps[2].practice has another type…`, the key path as the plan JSON spells it.
    private static func describe(_ context: DecodingError.Context, _ what: String) -> String {
        guard !context.codingPath.isEmpty else { return "not a JSON object" }
        var path = ""
        for key in context.codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
        // A key from the file is text from the file: cut like any excerpt.
        return "\(SafeText.excerpt(path)) \(what)"
    }
}
