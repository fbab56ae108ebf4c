import MaturityModel
import ScenarioModel

/// The gap of one practice of one system: where it is, where it must be, what closing it takes.
public struct PracticeGap: Sendable, Hashable {
    public let systemID: String
    public let practiceID: String
    public let subdomainID: String
    public let domainID: String
    public let currentLevel: Int
    public let targetLevel: Int
    public let currentScope: Scope
    public let targetScope: Scope
    /// Level steps from current to target.
    public let levelSteps: Int
    /// Scope steps from current to target scope.
    public let scopeSteps: Int
    /// Cost of every step that closes the gap.
    public let cost: Double
    /// Effort of every step that closes the gap.
    public let effort: Double

    /// Whether the level or the scope is short of the target.
    public var isBelowTarget: Bool { levelSteps > 0 || scopeSteps > 0 }
}

/// A roll-up of practice gaps (a subdomain, a domain, a system or the portfolio).
///
/// The roll-up is documented in `docs/gap-analysis.md`: counts and sums add up, levels are
/// plain means over the practices in the group, and attainment is Σ min(current, target) / Σ target.
public struct GapRollup: Sendable, Hashable {
    public let id: String
    public let name: String
    /// Practice ratings in the group (practices × systems for a portfolio).
    public let practices: Int
    /// How many of them are short of their target level or scope.
    public let belowTarget: Int
    public let meanCurrentLevel: Double
    public let meanTargetLevel: Double
    public let levelSteps: Int
    public let scopeSteps: Int
    public let cost: Double
    public let effort: Double
    /// Share of the targeted comprehensiveness already reached, 0...1 (1 when nothing is targeted):
    /// `reachedLevels / targetedLevels`.
    public let attainment: Double
    /// Σ min(current, target) level over the group.
    public let reachedLevels: Int
    /// Σ target level over the group.
    public let targetedLevels: Int

    /// Rolls up a group of practice gaps.
    /// - Parameters:
    ///   - id: The group's id.
    ///   - name: Its human name.
    ///   - gaps: The practice gaps in the group.
    public init(id: String, name: String, gaps: some Collection<PracticeGap>) {
        self.id = id
        self.name = name
        practices = gaps.count
        belowTarget = gaps.count { $0.isBelowTarget }
        let n = Double(max(gaps.count, 1))
        meanCurrentLevel = Double(gaps.reduce(0) { $0 + $1.currentLevel }) / n
        meanTargetLevel = Double(gaps.reduce(0) { $0 + $1.targetLevel }) / n
        levelSteps = gaps.reduce(0) { $0 + $1.levelSteps }
        scopeSteps = gaps.reduce(0) { $0 + $1.scopeSteps }
        cost = gaps.reduce(0) { $0 + $1.cost }
        effort = gaps.reduce(0) { $0 + $1.effort }
        targetedLevels = gaps.reduce(0) { $0 + $1.targetLevel }
        reachedLevels = gaps.reduce(0) { $0 + min($1.currentLevel, $1.targetLevel) }
        attainment = Self.attainment(reached: reachedLevels, targeted: targetedLevels)
    }

    /// Σ min(level, target) / Σ target, and 1 when nothing is targeted.
    public static func attainment(reached: Int, targeted: Int) -> Double {
        targeted == 0 ? 1 : Double(reached) / Double(targeted)
    }
}

/// The gap of one system, per practice and rolled up.
public struct SystemGap: Sendable, Hashable {
    public let systemID: String
    public let systemName: String
    /// Every practice in catalog order.
    public let practices: [PracticeGap]
    public let subdomains: [GapRollup]
    public let domains: [GapRollup]
    public let total: GapRollup
}

/// Gap analysis of a scenario: target minus current, per practice, subdomain, domain, system and portfolio.
public struct GapAnalysis: Sendable, Hashable {
    public let scenarioName: String
    public let catalog: Catalog
    public let systems: [SystemGap]
    /// Per domain across all systems.
    public let portfolioDomains: [GapRollup]
    /// Per subdomain across all systems.
    public let portfolioSubdomains: [GapRollup]
    /// All practices of all systems.
    public let portfolio: GapRollup

    /// Analyses the gap between the current and target profiles of every system.
    /// - Parameter scenario: A resolved scenario.
    public init(scenario: Scenario) {
        self.init(
            name: scenario.name, catalog: scenario.catalog,
            systems: scenario.systems.map { system in
                (
                    system,
                    zip(scenario.catalog.practices, system.practices).map { location, state in
                        PracticeGap(location: location, state: state, systemID: system.id)
                    }
                )
            })
    }

    /// Builds the analysis from practice gaps that were computed elsewhere (e.g. a plan's end state).
    /// - Parameters:
    ///   - name: The scenario name.
    ///   - catalog: The catalog the gaps refer to.
    ///   - systems: Each system with its practice gaps in catalog order.
    public init(name: String, catalog: Catalog, systems: [(SystemProfile, [PracticeGap])]) {
        scenarioName = name
        self.catalog = catalog
        self.systems = systems.map { system, gaps in
            SystemGap(
                systemID: system.id, systemName: system.name, practices: gaps,
                subdomains: Self.rollUp(gaps, by: catalog.subdomains.map { ($0.id, $0.name) }, key: \.subdomainID),
                domains: Self.rollUp(gaps, by: catalog.domains.map { ($0.id, $0.name) }, key: \.domainID),
                total: GapRollup(id: system.id, name: system.name, gaps: gaps))
        }
        let all = self.systems.flatMap(\.practices)
        portfolioDomains = Self.rollUp(all, by: catalog.domains.map { ($0.id, $0.name) }, key: \.domainID)
        portfolioSubdomains = Self.rollUp(all, by: catalog.subdomains.map { ($0.id, $0.name) }, key: \.subdomainID)
        portfolio = GapRollup(id: "portfolio", name: "Portfolio", gaps: all)
    }

    private static func rollUp(
        _ gaps: [PracticeGap], by groups: [(String, String)],
        key: KeyPath<PracticeGap, String>
    ) -> [GapRollup] {
        let grouped = Dictionary(grouping: gaps, by: { $0[keyPath: key] })
        return groups.map { id, name in GapRollup(id: id, name: name, gaps: grouped[id] ?? []) }
    }
}

extension PracticeGap {
    /// The gap of one resolved practice.
    public init(location: PracticeLocation, state: PracticeState, systemID: String) {
        self.init(
            systemID: systemID, practiceID: state.practiceID, subdomainID: location.subdomain.id,
            domainID: location.domain.id, currentLevel: state.currentLevel, targetLevel: state.targetLevel,
            currentScope: state.currentScope, targetScope: state.targetScope,
            levelSteps: state.levelSteps.count, scopeSteps: state.scopeSteps.count,
            cost: (state.levelSteps + state.scopeSteps).reduce(0) { $0 + $1.cost },
            effort: (state.levelSteps + state.scopeSteps).reduce(0) { $0 + $1.effort })
    }

    /// The same practice with its current state replaced (e.g. after a plan's steps).
    public func reaching(level: Int, scope: Scope, remainingCost: Double, remainingEffort: Double) -> PracticeGap {
        PracticeGap(
            systemID: systemID, practiceID: practiceID, subdomainID: subdomainID, domainID: domainID,
            currentLevel: level, targetLevel: targetLevel, currentScope: scope, targetScope: targetScope,
            levelSteps: max(0, targetLevel - level), scopeSteps: max(0, targetScope.rawValue - scope.rawValue),
            cost: remainingCost, effort: remainingEffort)
    }
}
