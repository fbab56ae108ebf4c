import ScenarioModel

/// What stops one quarter of a plan from doing more.
///
/// A limit binds in a quarter when it has less left than the cheapest step that could have come
/// then but waits (for a later quarter, or beyond the plan): a step whose ladder and dependencies
/// were done before the quarter, that its earliest quarter allows. When no such step waits, the
/// quarter is limited by the order of steps alone (each waiting step needs the one below it or a
/// dependency first), or by nothing: every target is reached.
public struct QuarterLimit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A limit of the scenario.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The quarter's budget (with carry-over: the money it had available).
        case budget
        /// The total budget over the plan.
        case totalBudget = "total-budget"
        /// The quarter's effort capacity.
        case effortCapacity = "effort-capacity"
        /// The steps that wait need another step first (ladder or dependency): money would not help.
        case stepOrder = "step-order"

        /// In words, as reports print it.
        public var words: String {
            switch self {
            case .budget: "quarterly budget"
            case .totalBudget: "total budget"
            case .effortCapacity: "effort capacity"
            case .stepOrder: "step order"
            }
        }
    }

    public let quarterIndex: Int
    /// The limits that bind (empty when nothing waits: `targetsReached`).
    public let binding: [Kind]
    /// The total budget left after this quarter (`nil` without a total).
    public let totalBudgetLeft: Double?
    /// Whether no step waits after this quarter: the plan takes every step it may.
    public let nothingWaits: Bool

    package init(quarterIndex: Int, binding: [Kind], totalBudgetLeft: Double?, nothingWaits: Bool) {
        self.quarterIndex = quarterIndex
        self.binding = binding
        self.totalBudgetLeft = totalBudgetLeft
        self.nothingWaits = nothingWaits
    }

    public var description: String {
        if binding.isEmpty { return nothingWaits ? "targets reached" : "" }
        if binding == [.stepOrder] { return "each waiting step needs another first" }
        return binding.filter { $0 != .stepOrder }.map(\.words).joined(separator: " and ")
    }
}

/// The limits that bind over a whole plan: each with the number of quarters it binds in.
public struct PlanLimits: Sendable, Hashable, CustomStringConvertible {
    /// Each binding limit and its quarters, the most frequent first (then in `Kind` order).
    public let binding: [(kind: QuarterLimit.Kind, quarters: Int)]
    /// Whether the plan reaches every target, so that no limit keeps it from more.
    public let targetsReached: Bool
    /// Whether the total budget binds in the plan's last quarter: then it caps what the plan
    /// reaches by the end, whatever the quarters' budgets.
    public let totalBindsAtTheEnd: Bool

    public static func == (a: PlanLimits, b: PlanLimits) -> Bool {
        a.targetsReached == b.targetsReached && a.totalBindsAtTheEnd == b.totalBindsAtTheEnd
            && a.binding.map(\.kind) == b.binding.map(\.kind)
            && a.binding.map(\.quarters) == b.binding.map(\.quarters)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(targetsReached)
        for (kind, quarters) in binding {
            hasher.combine(kind)
            hasher.combine(quarters)
        }
    }

    /// The main binding limit, the one a what-if should move: the total budget when it binds at the
    /// end, else the limit that binds in the most quarters; `nil` when targets are reached or no
    /// limit binds.
    public var main: QuarterLimit.Kind? {
        if targetsReached { return nil }
        return totalBindsAtTheEnd ? .totalBudget : binding.first?.kind
    }

    public var description: String {
        let ordered =
            totalBindsAtTheEnd
            ? binding.filter { $0.kind == .totalBudget } + binding.filter { $0.kind != .totalBudget } : binding
        let limits = ordered.filter { $0.kind != .stepOrder }.map {
            "\($0.kind.words) (\($0.quarters) quarter\($0.quarters == 1 ? "" : "s"))"
        }.joined(separator: ", ")
        // With every target reached, a limit only set the pace: more of it reaches them sooner.
        if targetsReached { return limits.isEmpty ? "none: every target reached" : "none at the end; pace: \(limits)" }
        return limits.isEmpty ? binding.isEmpty ? "none" : "step order" : limits
    }
}

extension Roadmap {
    /// The limits that bind over the plan's open quarters (`quarterLimits`), most frequent first.
    public var planLimits: PlanLimits {
        var count: [QuarterLimit.Kind: Int] = [:]
        for limit in quarterLimits { for kind in limit.binding { count[kind, default: 0] += 1 } }
        let order = QuarterLimit.Kind.allCases
        let binding = count.sorted {
            ($1.value, order.firstIndex(of: $0.key)!) < ($0.value, order.firstIndex(of: $1.key)!)
        }.map { (kind: $0.key, quarters: $0.value) }
        return PlanLimits(
            binding: binding, targetsReached: allTargetsReached != nil,
            totalBindsAtTheEnd: quarterLimits.last?.binding.contains(.totalBudget) == true)
    }
}
