import Foundation
import MaturityModel
import ScenarioLoading

/// Writes valid, realistic random portfolio scenarios for benchmarks and tests (`smm generate`).
///
/// A vendor or operator with `systems` product lines or sites: varied current profiles and
/// weights, targets one or two levels up where the domain matters, some scope targets, legacy
/// lines with dearer steps, a quarterly budget that covers about half of what closing every gap
/// costs (with carry-over on even seeds), a team whose effort capacity binds, the three
/// dependencies of the shipped portfolio, and deadlines that are always achievable. The same
/// arguments give the same file, byte for byte.
public struct PortfolioGenerator: Sendable {
    public let systems: Int
    public let quarters: Int
    public let seed: UInt64
    /// Organisation-wide initiatives (spec §6) to add, governance and enablement practices first.
    public let initiatives: Int

    public init(systems: Int, quarters: Int, seed: UInt64, initiatives: Int = 0) {
        self.systems = systems
        self.quarters = quarters
        self.seed = seed
        self.initiatives = initiatives
    }

    /// The practices initiatives take, in order: what organisations run centrally first.
    static let initiativePractices = [
        "security-program-management", "compliance-management", "establishing-and-maintaining-identities",
        "risk-attitude", "product-supply-chain-risk-management", "services-third-party-dependencies-management",
        "threat-modeling", "security-model-and-policy-for-data", "monitoring-practices",
        "situational-awareness-and-information-sharing", "vulnerability-assessment",
        "asset-change-and-configuration-management",
        "physical-protection", "implementation-of-data-protection-controls", "access-control",
        "event-detection-and-response-plan", "remediation-recovery-and-continuity-of-operations", "patch-management",
    ]

    /// One generated initiative: its practice, its members (`nil`: every system) and top level.
    struct PlannedInitiative {
        let number: Int
        let practice: String
        let members: Range<Int>?
        let top: Int

        func owns(system i: Int, practice: String, level: Int) -> Bool {
            practice == self.practice && level <= top && (members?.contains(i) ?? true)
        }
    }

    /// Initiative k takes the k-th practice of `initiativePractices` (again from the start after
    /// 18); a practice taken once spans every system or, every other time, a business unit (a block
    /// of the systems); a practice taken g times is split into g blocks, so that no system's
    /// practice belongs to two. Drawn from a generator of their own, so that the systems of a seed
    /// are the same with or without initiatives.
    func plannedInitiatives() -> [PlannedInitiative] {
        guard initiatives > 0, systems > 0 else { return [] }
        var r = SeededRandom(seed: seed ^ 0x1A17_1A17)
        let count = Self.initiativePractices.count
        return (0..<initiatives).map { k in
            let uses = (initiatives - 1 - k % count) / count + 1, use = k / count
            var members: Range<Int>? = nil
            if uses > 1 {
                let size = systems / uses
                members = (use * size)..<(use == uses - 1 ? systems : (use + 1) * size)
            } else if k % 2 == 1 {
                let size = max(1, systems * r.int(30...70) / 100), from = r.int(0...(systems - size))
                members = from..<(from + size)
            }
            return PlannedInitiative(
                number: k + 1, practice: Self.initiativePractices[k % count], members: members,
                top: r.chance(0.7) ? 2 : 1)
        }
    }

    /// `initiatives:` lines. Each level costs the level's usual cost times about the square root of
    /// the member count: cheaper than every member alone.
    private func initiativeLines(_ planned: [PlannedInitiative]) -> [String] {
        guard !planned.isEmpty else { return [] }
        var lines: [String] = ["initiatives:"]
        for initiative in planned {
            let n = Double(initiative.members?.count ?? systems)
            lines.append("  - id: initiative-\(initiative.number)")
            lines.append(
                "    name: "
                    + YAMLText.scalar(
                        "Group \(initiative.practice.replacingOccurrences(of: "-", with: " ")) \(initiative.number)"))
            lines.append("    practice: \(initiative.practice)")
            if let members = initiative.members, !members.isEmpty {
                lines.append(
                    "    systems: [" + members.map { String(format: "sys-%04d", $0 + 1) }.joined(separator: ", ") + "]")
            }
            let levels = (1...initiative.top).map { l in
                let cost = (Self.levelCost[l]! * max(2, n.squareRoot()) / 1000).rounded() * 1000
                let effort = (Self.levelEffort[l]! * max(2, n.squareRoot())).rounded()
                return "\(l): {cost: \(Int(cost)), effort: \(Int(effort))}"
            }
            lines.append("    levels: {\(levels.joined(separator: ", "))}")
        }
        return lines
    }

    static let kinds = [
        "PLC", "HMI", "SCADA server", "historian", "RTU", "gateway", "switch", "smart meter",
        "building controller", "camera", "remote access appliance", "cloud service", "drive", "sensor hub",
    ]
    static let levelCost: [Int: Double] = [1: 4000, 2: 10000, 3: 24000, 4: 50000]
    static let levelEffort: [Int: Double] = [1: 3, 2: 8, 3: 18, 4: 35]
    /// Practices whose levels dependencies constrain; deadlines avoid them so that they stay achievable.
    static let dependent: Set<String> = ["patch-management", "access-control", "event-detection-and-response-plan"]

    /// The scenario as YAML.
    public func yaml() -> String {
        var r = SeededRandom(seed: seed ^ 0x5EED_5EED)
        let catalog = Catalog.iicSMM
        let start = Quarter(year: 2027, quarter: 1)!
        var out: [String] = []
        var systemLines: [String] = []
        var gapCost = 0.0, gapEffort = 0.0
        var deadlineLines: [String] = []
        let planned = plannedInitiatives()
        for i in 0..<systems {
            let id = String(format: "sys-%04d", i + 1)
            let legacy = r.chance(0.2)
            let weight = Double(r.int(2...6)) / 2
            var practiceLines: [String] = []
            var overrides: [String] = []
            for location in catalog.practices {
                let practice = location.practice.id
                let current = r.pick([0, 0, 1, 1, 1, 2, 2, 3])
                let raise = location.domain.id == "hardening" ? r.pick([0, 1, 1, 2]) : r.pick([0, 0, 1, 1, 2])
                let target = min(4, current + raise)
                let scopeUp = r.chance(0.12)
                let targetScope = scopeUp ? r.pick(["industry", "system"]) : nil
                guard target > current || scopeUp else {
                    if current > 0 { practiceLines.append("      \(practice): {current: \(current)}") }
                    continue
                }
                var factor = 1.0
                if legacy && r.chance(0.3) {
                    factor = Double(r.int(13...20)) / 10
                    // A legacy line's own cost for a level an initiative owns would not apply: left out.
                    let own = (current + 1...max(current + 1, target)).filter { level in
                        level <= 4 && !planned.contains { $0.owns(system: i, practice: practice, level: level) }
                    }
                    let levels = own.map { "\($0): \(Int(Self.levelCost[$0]! * factor))" }.joined(separator: ", ")
                    if !levels.isEmpty { overrides.append("      \(practice): {level: {\(levels)}}") }
                }
                for l in current + 1..<(target + 1) where l >= 1 {
                    gapCost += Self.levelCost[l]! * factor
                    gapEffort += Self.levelEffort[l]!
                }
                if let targetScope {
                    gapCost += targetScope == "system" ? 26000 : 8000; gapEffort += targetScope == "system" ? 20 : 6
                }
                practiceLines.append(
                    "      \(practice): {current: \(current), target: \(target)"
                        + (targetScope.map { ", target_scope: \($0)" } ?? "") + "}")
                // An achievable deadline: one level step, half-way through the plan, on a practice no
                // dependency constrains.
                if target > current, !Self.dependent.contains(practice), deadlineLines.count < max(1, systems / 4),
                    r.chance(0.04)
                {
                    let by = start.advanced(by: r.int(max(1, quarters / 3)...max(1, quarters / 2)))
                    deadlineLines.append("  - {system: \(id), practice: \(practice), level: \(current + 1), by: \(by)}")
                }
            }
            systemLines.append("  - id: \(id)")
            systemLines.append(
                "    name: " + YAMLText.scalar("\(r.pick(Self.kinds)) line \(i + 1)\(legacy ? " (legacy)" : "")"))
            systemLines.append("    weight: \(weight)")
            if !overrides.isEmpty { systemLines.append("    costs:"); systemLines += overrides }
            systemLines.append(practiceLines.isEmpty ? "    practices: {}" : "    practices:")
            systemLines += practiceLines
        }
        let carry = seed % 2 == 0
        let quarterly = max(10000, (gapCost * 0.55 / Double(quarters) / 1000).rounded() * 1000)
        let capacity = max(20, (gapEffort * 0.7 / Double(quarters)).rounded())
        out.append(
            "# Generated by `smm generate --systems \(systems) --quarters \(quarters) --seed \(seed)"
                + (initiatives > 0 ? " --initiatives \(initiatives)" : "") + "`:")
        out.append("# a random but realistic portfolio for benchmarks (illustrative figures, no real data).")
        out.append("format: smm-scenario/1")
        out.append("name: " + YAMLText.scalar("Generated portfolio \(systems)x\(quarters) seed \(seed)"))
        out.append("start: \(start)")
        out.append("quarters: \(quarters)")
        out.append("objective: maximize-maturity")
        out.append("budget:")
        out.append("  quarterly: \(Int(quarterly))")
        out.append("  carry_over: \(carry)")
        out.append("effort_capacity:")
        out.append("  quarterly: \(Int(capacity))")
        out.append("priorities: {governance: 1, enablement: 1.5, hardening: 2}")
        out.append("practice_weights: {vulnerability-assessment: 1.5, patch-management: 1.5}")
        out.append("scope_weight: 0.5")
        out.append("costs:")
        out.append("  level: {1: 4000, 2: 10000, 3: 24000, 4: 50000}")
        out.append("  scope: {industry: 8000, system: 18000}")
        out.append("effort:")
        out.append("  level: {1: 3, 2: 8, 3: 18, 4: 35}")
        out.append("  scope: {industry: 6, system: 14}")
        out.append("systems:")
        out += systemLines
        if !deadlineLines.isEmpty { out.append("deadlines:"); out += deadlineLines }
        out.append("dependencies:")
        out.append(
            "  - {practice: patch-management, level: 3, requires: {practice: "
                + "asset-change-and-configuration-management, level: 2}}"
        )
        out.append(
            "  - {practice: access-control, level: 3, requires: {practice: "
                + "establishing-and-maintaining-identities, level: 2}}"
        )
        out.append(
            "  - {practice: event-detection-and-response-plan, level: 3, requires: {practice: "
                + "monitoring-practices, level: 2}}"
        )
        out += initiativeLines(planned)
        return out.joined(separator: "\n") + "\n"
    }
}

/// SplitMix64: a small, fast generator that gives the same numbers on every platform, so that
/// generated portfolios and randomised tests reproduce from their seed.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }

    /// One of `items`.
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}
