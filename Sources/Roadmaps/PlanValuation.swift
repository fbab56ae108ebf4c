import GapAnalysis
import MaturityModel
import ScenarioModel

/// What a plan valued: the weights in force (the value of a step, scenario format) and the targets
/// it leaves open at the end. The report's answer to "why did the plan not do X first?".
public struct PlanValuation: Sendable, Hashable {
    /// Systems whose weight is not 1, heaviest first.
    public let systemWeights: [(id: String, weight: Double)]
    /// Each domain's relative value (priority × mean practice weight), in catalog order, when they differ.
    public let domainValues: [(name: String, value: Double)]
    /// A scope step's value relative to a level step's.
    public let scopeWeight: Double
    /// Systems left below target at the end: practices below target, by system, most first.
    public let openAtTheEnd: [(systemID: String, practices: Int)]

    public static func == (a: PlanValuation, b: PlanValuation) -> Bool { a.lines == b.lines }
    public func hash(into hasher: inout Hasher) { hasher.combine(lines) }

    /// The valuation in sentences, for summaries.
    public var lines: [String] {
        var lines: [String] = []
        if systemWeights.isEmpty {
            lines.append("Every system counts the same (weight 1).")
        } else {
            let shown = systemWeights.prefix(6).map { "\($0.id) ×\(formatWeight($0.weight))" }
            lines.append(
                "System weights: \(shown.joined(separator: ", "))"
                    + (systemWeights.count > 6 ? " and \(systemWeights.count - 6) more" : "") + "; others ×1.")
        }
        if domainValues.isEmpty {
            lines.append("Every domain and practice counts the same.")
        } else {
            lines.append(
                "Domain values: "
                    + domainValues.map { "\($0.name) ×\(formatWeight($0.value))" }.joined(separator: ", ")
                    + ".")
        }
        if scopeWeight != 1 { lines.append("A scope step counts ×\(formatWeight(scopeWeight)) of a level step.") }
        lines.append("Each step counts for every quarter it holds: earlier is worth more.")
        if !openAtTheEnd.isEmpty {
            let shown = openAtTheEnd.prefix(6).map { "\($0.systemID) (\($0.practices))" }
            lines.append(
                "Below target at the end (practices): \(shown.joined(separator: ", "))"
                    + (openAtTheEnd.count > 6 ? " and \(openAtTheEnd.count - 6) more systems" : "") + ".")
        }
        return lines
    }

    private func formatWeight(_ w: Double) -> String {
        w.rounded() == w ? String(Int(w)) : String(format: "%.2g", w)
    }
}

extension Roadmap {
    /// What the plan valued and what it leaves open (`PlanValuation`).
    public var valuation: PlanValuation {
        let systems = scenario.systems.filter { $0.weight != 1 }.sorted { ($1.weight, $0.id) < ($0.weight, $1.id) }
        // A practice's weight is system weight × domain priority × practice weight: divided by the
        // system's weight, the domain's share of it is the same in every system.
        var sum: [String: Double] = [:], count: [String: Int] = [:]
        for system in scenario.systems where system.weight > 0 {
            for (location, state) in zip(scenario.catalog.practices, system.practices) {
                sum[location.domain.id, default: 0] += state.weight / system.weight
                count[location.domain.id, default: 0] += 1
            }
        }
        let domains = scenario.catalog.domains.map { domain in
            (name: domain.name, value: count[domain.id].map { sum[domain.id]! / Double($0) } ?? 1)
        }
        let differ = Set(domains.map { ($0.value * 1e6).rounded() }).count > 1 || domains.contains { $0.value != 1 }
        let end = plannedGap()
        let open = end.systems.map { (systemID: $0.systemID, practices: $0.practices.count { $0.isBelowTarget }) }
            .filter { $0.practices > 0 }.sorted { ($1.practices, $0.systemID) < ($0.practices, $1.systemID) }
        return PlanValuation(
            systemWeights: systems.map { (id: $0.id, weight: $0.weight) }, domainValues: differ ? domains : [],
            scopeWeight: scenario.scopeWeight, openAtTheEnd: status == .optimal || status == .feasible ? open : [])
    }
}
