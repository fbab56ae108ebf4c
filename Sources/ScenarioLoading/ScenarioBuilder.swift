import MaturityModel
import ScenarioModel

/// Builds a scenario in code, for programs that embed the planner and have no scenario file.
///
/// The builder writes the same document a scenario file would hold (spec §2) and resolves it with
/// `ScenarioLoader`: the same validation, the same resolution of costs, targets and weights, and
/// the same located diagnostics, with key paths such as `systems[0].practices.patch-management`
/// in the source named `source`.
///
/// ```swift
/// var builder = ScenarioBuilder(name: "Gateway", start: Quarter(year: 2027, quarter: 1)!, quarters: 4)
/// builder.quarterlyBudget = [20_000]
/// builder.levelCosts = [1: 1_000, 2: 3_000, 3: 8_000, 4: 20_000]
/// builder.addSystem(id: "gateway", practices: ["patch-management": .init(current: 1, target: 3)])
/// let scenario = try builder.build()
/// ```
public struct ScenarioBuilder: Sendable {
    /// One practice of a system: where it is and where it should be.
    public struct PracticeProfile: Sendable, Hashable {
        public var current: Int
        public var target: Int?
        public var scope: Scope?
        public var targetScope: Scope?

        public init(current: Int, target: Int? = nil, scope: Scope? = nil, targetScope: Scope? = nil) {
            self.current = current
            self.target = target
            self.scope = scope
            self.targetScope = targetScope
        }
    }

    /// A system and its assessed practices (practice id to profile; unlisted ones stay at level 0).
    public struct System: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var weight: Double?
        public var practices: [String: PracticeProfile]

        public init(id: String, name: String? = nil, weight: Double? = nil, practices: [String: PracticeProfile]) {
            self.id = id
            self.name = name
            self.weight = weight
            self.practices = practices
        }
    }

    /// A practice of a system must reach a level and/or scope by a quarter.
    public struct Deadline: Sendable, Hashable {
        public var system: String
        public var practice: String
        public var level: Int?
        public var scope: Scope?
        public var by: Quarter
        /// Quarters to keep before `by` (`margin`); `nil` for the scenario's default.
        public var margin: Int?

        public init(
            system: String, practice: String, level: Int? = nil, scope: Scope? = nil, by: Quarter, margin: Int? = nil
        ) {
            self.system = system
            self.practice = practice
            self.level = level
            self.scope = scope
            self.by = by
            self.margin = margin
        }
    }

    /// Reaching `level` of `practice` needs `requiredLevel` of `requiredPractice` first (every system).
    public struct Dependency: Sendable, Hashable {
        public var practice: String
        public var level: Int
        public var requiredPractice: String
        public var requiredLevel: Int

        public init(practice: String, level: Int, requiredPractice: String, requiredLevel: Int) {
            self.practice = practice
            self.level = level
            self.requiredPractice = requiredPractice
            self.requiredLevel = requiredLevel
        }
    }

    /// An organisation-wide initiative (spec §6): it owns levels 1...L of a practice for its members.
    public struct InitiativeSpec: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var practice: String
        /// Member system ids; `nil`: every system.
        public var systems: [String]?
        /// Cost and effort of each level 1...L, lowest first.
        public var levels: [(cost: Double, effort: Double)]

        public init(
            id: String, name: String? = nil, practice: String, systems: [String]? = nil,
            levels: [(cost: Double, effort: Double)]
        ) {
            self.id = id
            self.name = name
            self.practice = practice
            self.systems = systems
            self.levels = levels
        }

        public static func == (a: Self, b: Self) -> Bool {
            (a.id, a.name, a.practice, a.systems) == (b.id, b.name, b.practice, b.systems)
                && a.levels.map(\.cost) == b.levels.map(\.cost) && a.levels.map(\.effort) == b.levels.map(\.effort)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(practice)
        }
    }

    public var name: String
    /// A built-in catalog id (`iic-smm`).
    public var catalog = "iic-smm"
    public var start: Quarter
    public var quarters: Int
    public var objective: PlanningObjective = .maximizeMaturity
    /// One amount for every quarter, or one per quarter.
    public var quarterlyBudget: [Double] = []
    public var carryOver = false
    public var totalBudget: Double?
    /// One capacity for every quarter, or one per quarter; `nil`: effort is not limited.
    public var effortCapacity: [Double]?
    /// Cost of reaching each level (1...4) and scope.
    public var levelCosts: [Int: Double] = [:]
    public var scopeCosts: [Scope: Double] = [:]
    /// Effort of reaching each level and scope.
    public var levelEffort: [Int: Double] = [:]
    public var scopeEffort: [Scope: Double] = [:]
    /// Weight of each domain (`governance`, `enablement`, `hardening`).
    public var priorities: [String: Double] = [:]
    public var systems: [System] = []
    public var deadlines: [Deadline] = []
    public var dependencies: [Dependency] = []
    public var initiatives: [InitiativeSpec] = []

    public init(name: String, start: Quarter, quarters: Int) {
        self.name = name
        self.start = start
        self.quarters = quarters
    }

    /// Adds a system.
    public mutating func addSystem(
        id: String, name: String? = nil, weight: Double? = nil, practices: [String: PracticeProfile]
    ) {
        systems.append(System(id: id, name: name, weight: weight, practices: practices))
    }

    /// The resolved scenario.
    /// - Parameters:
    ///   - source: The name diagnostics use for the built document.
    ///   - loader: The loader (and its input limits).
    /// - Throws: `ScenarioError` listing every problem, as for a file.
    public func build(source: String = "<builder>", loader: ScenarioLoader = ScenarioLoader()) throws(ScenarioError)
        -> Scenario
    {
        try loader.load(document: document, source: source)
    }

    /// The scenario as the document a file would hold.
    public var document: SourceNode {
        var root: [(String, SourceNode)] = [
            ("format", .text("smm-scenario/1")), ("name", .text(name)), ("catalog", .text(catalog)),
            ("start", .text(start.description)), ("quarters", .number(Double(quarters))),
            ("objective", .text(objective.rawValue)),
        ]
        var budget: [(String, SourceNode)] = [("quarterly", .numbers(quarterlyBudget))]
        if let totalBudget { budget.append(("total", .number(totalBudget))) }
        budget.append(("carry_over", .plain(carryOver ? "true" : "false")))
        root.append(("budget", .map(budget)))
        if let effortCapacity { root.append(("effort_capacity", .map([("quarterly", .numbers(effortCapacity))]))) }
        if !priorities.isEmpty {
            root.append(("priorities", .map(priorities.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })))
        }
        root.append(("costs", Self.table(levelCosts, scopeCosts)))
        if !levelEffort.isEmpty || !scopeEffort.isEmpty {
            root.append(("effort", Self.table(levelEffort, scopeEffort)))
        }
        root.append(("systems", .list(systems.map(Self.node))))
        if !deadlines.isEmpty { root.append(("deadlines", .list(deadlines.map(Self.node)))) }
        if !dependencies.isEmpty { root.append(("dependencies", .list(dependencies.map(Self.node)))) }
        if !initiatives.isEmpty { root.append(("initiatives", .list(initiatives.map(Self.node)))) }
        return .map(root)
    }

    private static func table(_ levels: [Int: Double], _ scopes: [Scope: Double]) -> SourceNode {
        var entries: [(String, SourceNode)] = []
        if !levels.isEmpty {
            entries.append(("level", .map(levels.sorted { $0.key < $1.key }.map { ("\($0.key)", .number($0.value)) })))
        }
        if !scopes.isEmpty {
            entries.append(
                ("scope", .map(scopes.sorted { $0.key < $1.key }.map { ($0.key.id, .number($0.value)) })))
        }
        return .map(entries)
    }

    private static func node(_ system: System) -> SourceNode {
        var entries: [(String, SourceNode)] = [("id", .text(system.id))]
        if let name = system.name { entries.append(("name", .text(name))) }
        if let weight = system.weight { entries.append(("weight", .number(weight))) }
        let practices = system.practices.sorted { $0.key < $1.key }.map { id, profile -> (String, SourceNode) in
            var fields: [(String, SourceNode)] = [("current", .number(Double(profile.current)))]
            if let target = profile.target { fields.append(("target", .number(Double(target)))) }
            if let scope = profile.scope { fields.append(("scope", .text(scope.id))) }
            if let targetScope = profile.targetScope { fields.append(("target_scope", .text(targetScope.id))) }
            return (id, .map(fields))
        }
        entries.append(("practices", .map(practices)))
        return .map(entries)
    }

    private static func node(_ deadline: Deadline) -> SourceNode {
        var entries: [(String, SourceNode)] = [
            ("system", .text(deadline.system)), ("practice", .text(deadline.practice)),
        ]
        if let level = deadline.level { entries.append(("level", .number(Double(level)))) }
        if let scope = deadline.scope { entries.append(("scope", .text(scope.id))) }
        entries.append(("by", .text(deadline.by.description)))
        if let margin = deadline.margin { entries.append(("margin", .number(Double(margin)))) }
        return .map(entries)
    }

    private static func node(_ initiative: InitiativeSpec) -> SourceNode {
        var entries: [(String, SourceNode)] = [("id", .text(initiative.id))]
        if let name = initiative.name { entries.append(("name", .text(name))) }
        entries.append(("practice", .text(initiative.practice)))
        if let systems = initiative.systems { entries.append(("systems", .list(systems.map(SourceNode.text)))) }
        let levels = initiative.levels.enumerated().map { k, level -> (String, SourceNode) in
            ("\(k + 1)", .map([("cost", .number(level.cost)), ("effort", .number(level.effort))]))
        }
        entries.append(("levels", .map(levels)))
        return .map(entries)
    }

    private static func node(_ dependency: Dependency) -> SourceNode {
        .map([
            ("practice", .text(dependency.practice)), ("level", .number(Double(dependency.level))),
            (
                "requires",
                .map([
                    ("practice", .text(dependency.requiredPractice)),
                    ("level", .number(Double(dependency.requiredLevel))),
                ])
            ),
        ])
    }
}

extension SourceNode {
    /// A quoted string scalar (never read as a number or boolean).
    fileprivate static func text(_ value: String) -> SourceNode {
        SourceNode(kind: .scalar(value, plain: false), line: nil)
    }
    /// A plain scalar (a number or boolean).
    fileprivate static func plain(_ value: String) -> SourceNode {
        SourceNode(kind: .scalar(value, plain: true), line: nil)
    }
    /// A number, written in its shortest form.
    fileprivate static func number(_ value: Double) -> SourceNode {
        plain(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")
    }
    /// One number when all are equal (or there is one), else a list.
    fileprivate static func numbers(_ values: [Double]) -> SourceNode {
        values.count == 1 ? number(values[0]) : list(values.map(number))
    }
    fileprivate static func list(_ items: [SourceNode]) -> SourceNode { SourceNode(kind: .sequence(items), line: nil) }
    fileprivate static func map(_ entries: [(String, SourceNode)]) -> SourceNode {
        SourceNode(kind: .mapping(entries.map { SourceNode.Entry(key: $0.0, keyLine: nil, value: $0.1) }), line: nil)
    }
}
