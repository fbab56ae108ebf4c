import MaturityModel
import ScenarioModel

/// Applies the resolution rules of spec §2 to each system: targets (system > domain default >
/// current, never below current, raised by deadlines), scopes, weights, and step costs by precedence
/// system `costs` > `practice_costs` > `costs`. An unresolvable cost is an error, never a silent 0.
struct ProfileResolver {
    let catalog: Catalog
    let log: DiagnosticLog
    let priorities: [String: Double]
    let practiceWeights: [String: Double]
    let targetDefaults: [String: Int]
    let costs: CostTable
    let effort: CostTable
    let practiceCosts: PracticeCostTables
    let practiceEffort: PracticeCostTables

    /// Missing costs grouped by the key that would fix them, so a portfolio gets one message per key.
    private var missing: [MissingCost: [String]] = [:]
    private struct MissingCost: Hashable, Comparable {
        let practice: String
        let kind: StepEstimate.Kind
        let to: Int
        static func < (a: Self, b: Self) -> Bool {
            (a.practice, a.kind.rawValue, a.to) < (b.practice, b.kind.rawValue, b.to)
        }
    }

    init(
        catalog: Catalog, log: DiagnosticLog, priorities: [String: Double], practiceWeights: [String: Double],
        targetDefaults: [String: Int], costs: CostTable, effort: CostTable, practiceCosts: PracticeCostTables,
        practiceEffort: PracticeCostTables
    ) {
        self.catalog = catalog
        self.log = log
        self.priorities = priorities
        self.practiceWeights = practiceWeights
        self.targetDefaults = targetDefaults
        self.costs = costs
        self.effort = effort
        self.practiceCosts = practiceCosts
        self.practiceEffort = practiceEffort
    }

    mutating func resolve(systems: [SystemEntry], deadlines: [Deadline]) -> [SystemProfile] {
        var raised: [Int: [String: (level: Int, scope: Scope)]] = [:]
        for d in deadlines {
            var r = raised[d.systemIndex, default: [:]][d.practiceID] ?? (0, .general)
            r.level = max(r.level, d.level ?? 0)
            r.scope = max(r.scope, d.scope ?? .general)
            raised[d.systemIndex, default: [:]][d.practiceID] = r
        }
        let profiles = systems.enumerated().map { index, system in
            SystemProfile(
                id: system.id, name: system.name, weight: system.weight,
                practices: catalog.practices.map { location in
                    resolvePractice(location, system: system, raisedBy: raised[index]?[location.practice.id])
                })
        }
        for key in missing.keys.sorted() {
            let systemsMissing = missing[key]!
            let stepName = key.kind == .level ? "level \(key.to)" : "scope \(Scope(rawValue: key.to)!.id)"
            let table = key.kind == .level ? "level.\(key.to)" : "scope.\(Scope(rawValue: key.to)!.id)"
            let shown =
                systemsMissing.prefix(5).joined(separator: ", ")
                + (systemsMissing.count > 5 ? " and \(systemsMissing.count - 5) more" : "")
            log.report(
                "costs.\(table)", nil,
                "no cost for the step of \(key.practice) to \(stepName), needed by system \(shown); "
                    + "set costs.\(table), practice_costs.\(key.practice).\(table) "
                    + "or the system's costs.\(key.practice).\(table)")
        }
        return profiles
    }

    private mutating func resolvePractice(
        _ location: PracticeLocation, system: SystemEntry,
        raisedBy: (level: Int, scope: Scope)?
    ) -> PracticeState {
        let id = location.practice.id
        let entry = system.practices[id] ?? SystemEntry.PracticeEntry()
        var target = entry.target ?? targetDefaults[location.domain.id] ?? entry.current
        target = max(target, entry.current, raisedBy?.level ?? 0)
        let targetScope = max(entry.targetScope ?? entry.scope, entry.scope, raisedBy?.scope ?? .general)
        let weight = system.weight * (priorities[location.domain.id] ?? 1) * (practiceWeights[id] ?? 1)

        func steps(_ kind: StepEstimate.Kind, from: Int, to: Int) -> [StepEstimate] {
            guard to > from else { return [] }
            return (from + 1...to).map { reach in
                let cost = lookup(kind, reach, practice: id, system.costs, practiceCosts, costs)
                if cost == nil {
                    missing[MissingCost(practice: id, kind: kind, to: reach), default: []].append(system.id)
                }
                let effort = lookup(kind, reach, practice: id, system.effort, practiceEffort, effort) ?? 0
                return StepEstimate(kind: kind, from: reach - 1, to: reach, cost: cost ?? 0, effort: effort)
            }
        }
        /// Steps past the target, only where the tables give a cost (no message for the others).
        func beyond(_ kind: StepEstimate.Kind, from: Int, to: Int) -> [StepEstimate] {
            guard to > from else { return [] }
            return (from + 1...to).compactMap { reach in
                guard let cost = lookup(kind, reach, practice: id, system.costs, practiceCosts, costs) else {
                    return nil
                }
                let effort = lookup(kind, reach, practice: id, system.effort, practiceEffort, effort) ?? 0
                return StepEstimate(kind: kind, from: reach - 1, to: reach, cost: cost, effort: effort)
            }
        }
        return PracticeState(
            practiceID: id, currentLevel: entry.current, targetLevel: target, currentScope: entry.scope,
            targetScope: targetScope, weight: weight,
            levelSteps: steps(.level, from: entry.current, to: target),
            scopeSteps: steps(.scope, from: entry.scope.rawValue, to: targetScope.rawValue),
            beyondTargetSteps: beyond(.level, from: target, to: 4)
                + beyond(.scope, from: targetScope.rawValue, to: Scope.system.rawValue))
    }

    private func lookup(
        _ kind: StepEstimate.Kind, _ reach: Int, practice: String, _ system: PracticeCostTables,
        _ perPractice: PracticeCostTables, _ global: CostTable
    ) -> Double? {
        system.tables[practice]?.value(for: kind, reaching: reach)
            ?? perPractice.tables[practice]?.value(for: kind, reaching: reach)
            ?? global.value(for: kind, reaching: reach)
    }
}
