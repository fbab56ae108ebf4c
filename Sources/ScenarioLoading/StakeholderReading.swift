import MaturityModel
import ScenarioModel
import TextSafety

/// A stakeholder as the file gives it (spec §7), before resolution.
struct StakeholderEntry {
    struct TargetEntry {
        var target: Int?
        var targetScope: Scope?
    }

    /// `pays:` as written: `default`, then `domains`, then `practices` decide a practice's fraction.
    struct PaysEntry {
        var defaultFraction: Double?
        var domains: [String: Double]
        var practices: [String: Double]

        func fraction(of location: PracticeLocation) -> Double {
            practices[location.practice.id] ?? domains[location.domain.id] ?? defaultFraction ?? 0
        }
    }

    let id: String
    let name: String
    let path: String
    let line: Int?
    let priorities: [String: Double]
    let practiceWeights: [String: Double]
    let systemWeights: [String: Double]
    let targetDefaults: [String: Int]
    /// By system id, then practice id.
    let targets: [String: [String: TargetEntry]]
    let budget: QuarterlyBudget?
    let pays: PaysEntry?
    let paysLine: Int?
}

/// `stakeholders:` and `agreement:` as read, before resolution.
struct StakeholderDraft {
    let parties: [StakeholderEntry]
    let rule: AgreementRule
    /// `agreement.weights` by party id.
    let weights: [String: Double]
    let line: Int?
}

extension ScenarioReading {
    static let stakeholderKeys = [
        "id", "name", "priorities", "practice_weights", "system_weights", "target_defaults", "targets", "budget",
        "pays",
    ]

    /// Reads `stakeholders:` and `agreement:` (spec §7), reporting each problem with its key and
    /// line; `nil` when the file has no stakeholders.
    func readStakeholders(
        systems: [SystemEntry], catalog: Catalog, horizon: Int?, objective: PlanningObjective
    ) -> StakeholderDraft? {
        guard let node = root["stakeholders"] else {
            if let agreement = root["agreement"] {
                log.report("agreement", agreement.line, "needs stakeholders: there is no one to agree")
            }
            return nil
        }
        guard let items = reader.sequence(node, "stakeholders") else { return nil }
        if items.isEmpty { log.report("stakeholders", node.line, "needs at least one party") }
        if objective == .minimizeCost {
            log.report(
                "objective", root["objective"]?.line,
                "stakeholders need the objective maximize-maturity: minimize-cost reaches every target, "
                    + "so there is nothing to agree on")
        }
        var seen: [String: String] = [:]
        var parties: [StakeholderEntry] = []
        for (i, item) in items.enumerated() {
            let path = NodeReader.index("stakeholders", i)
            guard reader.mapping(item, path, allowed: Self.stakeholderKeys) != nil else { continue }
            guard let idNode = reader.required(item, "id", in: path),
                let id = reader.string(idNode, NodeReader.join(path, "id"))
            else { continue }
            if let first = seen[id] {
                log.report(
                    NodeReader.join(path, "id"), idNode.line,
                    "duplicate stakeholder id \(SafeText.quoted(id)) (first at \(first))")
                continue
            }
            seen[id] = path
            let pays = item["pays"].flatMap { readPays($0, NodeReader.join(path, "pays"), catalog: catalog) }
            parties.append(
                StakeholderEntry(
                    id: id, name: item["name"].flatMap { reader.string($0, NodeReader.join(path, "name")) } ?? id,
                    path: path, line: item.line,
                    priorities: readDomainNumbers("priorities", catalog: catalog, in: item, at: path, positive: true),
                    practiceWeights: readPracticeNumbers(
                        "practice_weights", catalog: catalog, in: item, at: path, positive: true),
                    systemWeights: readSystemWeights(item, path, systems: systems),
                    targetDefaults: readTargetDefaults(catalog: catalog, in: item, at: path),
                    targets: readPartyTargets(item, path, systems: systems, catalog: catalog),
                    budget: item["budget"].flatMap {
                        readBudget($0, NodeReader.join(path, "budget"), horizon: horizon)
                    },
                    pays: pays, paysLine: item["pays"]?.line))
        }
        let (rule, weights, line) = readAgreement(parties: parties)
        return StakeholderDraft(parties: parties, rule: rule, weights: weights, line: line)
    }

    private func readSystemWeights(_ item: SourceNode, _ path: String, systems: [SystemEntry]) -> [String: Double] {
        let path = NodeReader.join(path, "system_weights")
        guard let node = item["system_weights"], let entries = reader.mapping(node, path) else { return [:] }
        let ids = systems.map(\.id)
        var result: [String: Double] = [:]
        for entry in entries {
            let p = NodeReader.join(path, entry.key)
            guard reader.isKnown(entry.key, as: "system", in: ids, p, entry.keyLine) else { continue }
            result[entry.key] = reader.number(entry.value, p, strictlyAbove: true)
        }
        return result
    }

    private func readPartyTargets(
        _ item: SourceNode, _ path: String, systems: [SystemEntry], catalog: Catalog
    ) -> [String: [String: StakeholderEntry.TargetEntry]] {
        let path = NodeReader.join(path, "targets")
        guard let node = item["targets"], let entries = reader.mapping(node, path) else { return [:] }
        let ids = systems.map(\.id)
        var result: [String: [String: StakeholderEntry.TargetEntry]] = [:]
        for system in entries {
            let systemPath = NodeReader.join(path, system.key)
            guard reader.isKnown(system.key, as: "system", in: ids, systemPath, system.keyLine) else { continue }
            guard let practices = reader.mapping(system.value, systemPath) else { continue }
            for practice in practices {
                let p = NodeReader.join(systemPath, practice.key)
                guard reader.isKnown(practice.key, as: "practice", in: catalog.practiceIDs, p, practice.keyLine) else {
                    continue
                }
                guard reader.mapping(practice.value, p, allowed: ["target", "target_scope"]) != nil else { continue }
                var entry = StakeholderEntry.TargetEntry()
                entry.target = practice.value["target"].flatMap {
                    reader.integer($0, NodeReader.join(p, "target"), range: 0...4, what: "level")
                }
                entry.targetScope = practice.value["target_scope"].flatMap {
                    readScope($0, NodeReader.join(p, "target_scope"))
                }
                result[system.key, default: [:]][practice.key] = entry
            }
        }
        return result
    }

    private func readPays(_ node: SourceNode, _ path: String, catalog: Catalog) -> StakeholderEntry.PaysEntry? {
        guard reader.mapping(node, path, allowed: ["default", "domains", "practices"]) != nil else { return nil }
        func fraction(_ node: SourceNode, _ path: String) -> Double? {
            guard let value = reader.number(node, path) else { return nil }
            guard value <= 1 else {
                log.report(path, node.line, "is a fraction of each step's cost: at most 1, found \(format(value))")
                return nil
            }
            return value
        }
        var entry = StakeholderEntry.PaysEntry(defaultFraction: nil, domains: [:], practices: [:])
        entry.defaultFraction = node["default"].flatMap { fraction($0, NodeReader.join(path, "default")) }
        if let domains = node["domains"], let entries = reader.mapping(domains, NodeReader.join(path, "domains")) {
            for item in entries {
                let p = NodeReader.join(NodeReader.join(path, "domains"), item.key)
                guard reader.isKnown(item.key, as: "domain", in: catalog.domains.map(\.id), p, item.keyLine) else {
                    continue
                }
                entry.domains[item.key] = fraction(item.value, p)
            }
        }
        if let practices = node["practices"],
            let entries = reader.mapping(practices, NodeReader.join(path, "practices"))
        {
            for item in entries {
                let p = NodeReader.join(NodeReader.join(path, "practices"), item.key)
                guard reader.isKnown(item.key, as: "practice", in: catalog.practiceIDs, p, item.keyLine) else {
                    continue
                }
                entry.practices[item.key] = fraction(item.value, p)
            }
        }
        return entry
    }

    private func readAgreement(parties: [StakeholderEntry]) -> (AgreementRule, [String: Double], Int?) {
        guard let node = root["agreement"], reader.mapping(node, "agreement", allowed: ["rule", "weights"]) != nil
        else { return (.maxMin, [:], nil) }
        var rule = AgreementRule.maxMin
        if let ruleNode = node["rule"], let text = reader.string(ruleNode, "agreement.rule") {
            if let known = AgreementRule(rawValue: text) {
                rule = known
            } else {
                let ids = AgreementRule.allCases.map(\.rawValue)
                log.report(
                    "agreement.rule", ruleNode.line,
                    "unknown rule \(SafeText.quoted(text))\(Suggestion.hint(for: text, in: ids)); "
                        + "use \(ids.joined(separator: ", "))")
            }
        }
        var weights: [String: Double] = [:]
        if let weightsNode = node["weights"] {
            if rule != .weighted {
                log.report(
                    "agreement.weights", weightsNode.line,
                    "weights belong to the rule weighted; the rule here is \(rule.rawValue)")
            }
            let ids = parties.map(\.id)
            for entry in reader.mapping(weightsNode, "agreement.weights") ?? [] {
                let p = NodeReader.join("agreement.weights", entry.key)
                guard reader.isKnown(entry.key, as: "stakeholder", in: ids, p, entry.keyLine) else { continue }
                weights[entry.key] = reader.number(entry.value, p, strictlyAbove: true)
            }
        }
        return (rule, weights, node.line)
    }

    /// Each system with every practice's target raised to the highest of §2's and the parties'
    /// (spec §7 rule 1): the steps that may be planned.
    func highestTargets(
        _ systems: [SystemEntry], parties: StakeholderDraft, catalog: Catalog, targetDefaults: [String: Int]
    ) -> [SystemEntry] {
        systems.map { system in
            var raised = system
            for location in catalog.practices {
                let id = location.practice.id
                var entry = system.practices[id] ?? SystemEntry.PracticeEntry()
                let own = Self.ownTarget(entry, location, targetDefaults)
                var level = own.level, scope = own.scope
                for party in parties.parties {
                    let view = Self.partyTarget(party, system: system, location, own: own, current: entry)
                    level = max(level, view.level)
                    scope = max(scope, view.scope)
                }
                guard level != own.level || scope != own.scope else { continue }
                entry.target = level
                entry.targetScope = scope
                raised.practices[id] = entry
            }
            return raised
        }
    }

    /// §2's target of a practice, before deadlines (`ProfileResolver` raises it by them).
    private static func ownTarget(
        _ entry: SystemEntry.PracticeEntry, _ location: PracticeLocation, _ targetDefaults: [String: Int]
    ) -> (level: Int, scope: Scope) {
        (
            max(entry.target ?? targetDefaults[location.domain.id] ?? entry.current, entry.current),
            max(entry.targetScope ?? entry.scope, entry.scope)
        )
    }

    /// A party's target (rule 1): its own entry, else its domain default, else §2's; never below
    /// the current state.
    private static func partyTarget(
        _ party: StakeholderEntry, system: SystemEntry, _ location: PracticeLocation,
        own: (level: Int, scope: Scope), current: SystemEntry.PracticeEntry
    ) -> (level: Int, scope: Scope) {
        let entry = party.targets[system.id]?[location.practice.id]
        let level = entry?.target ?? party.targetDefaults[location.domain.id] ?? own.level
        return (max(level, current.current), max(entry?.targetScope ?? own.scope, current.scope))
    }

    /// The scenario's budget when the file gives none: the sum of the paying parties' budgets, with
    /// carry-over (which their own limits already imply), so reports have a budget to show.
    func partiesBudget(_ parties: StakeholderDraft, horizon: Int) -> QuarterlyBudget? {
        let paying = parties.parties.filter { $0.pays != nil }
        guard !paying.isEmpty else {
            log.report("budget", root.line, "is required: no stakeholder pays (pays:) from a budget of its own")
            return nil
        }
        let unlimited = paying.filter { $0.budget == nil }.map(\.id)
        guard unlimited.isEmpty else {
            log.report(
                "budget", root.line,
                "is required unless every stakeholder that pays has a budget of its own; "
                    + "\(unlimited.map(SafeText.quoted).joined(separator: ", ")) pay\(unlimited.count == 1 ? "s" : "") "
                    + "without one")
            return nil
        }
        let budgets = paying.compactMap(\.budget)
        let quarterly = (0..<horizon).map { t in budgets.reduce(0) { $0 + $1.quarterly[t] } }
        let totals = budgets.compactMap(\.total)
        return QuarterlyBudget(
            quarterly: quarterly, total: totals.count == budgets.count ? totals.reduce(0, +) : nil, carryOver: true)
    }

    /// The parties resolved against the systems (rules 1, 2 and 5) and the agreement.
    func resolveStakeholders(
        _ draft: StakeholderDraft, systems: [SystemEntry], profiles: [SystemProfile], catalog: Catalog,
        deadlines: [Deadline],
        scenarioWeights: (
            priorities: [String: Double], practiceWeights: [String: Double], targetDefaults: [String: Int]
        )
    ) -> (stakeholders: [Stakeholder], agreement: Agreement, warnings: [Diagnostic]) {
        // §2's target is raised by deadlines: a party without a target of its own takes that.
        var raisedBy: [Int: [String: Int]] = [:]
        for d in deadlines {
            raisedBy[d.systemIndex, default: [:]][d.practiceID] = max(
                raisedBy[d.systemIndex]?[d.practiceID] ?? 0, d.level ?? 0)
        }
        let stakeholders = draft.parties.enumerated().map { k, party in
            let views = systems.enumerated().map { s, system in
                catalog.practices.map { location -> PartyView in
                    let id = location.practice.id
                    let entry = system.practices[id] ?? SystemEntry.PracticeEntry()
                    var own = Self.ownTarget(entry, location, scenarioWeights.targetDefaults)
                    own.level = max(own.level, raisedBy[s]?[id] ?? 0)
                    let target = Self.partyTarget(party, system: system, location, own: own, current: entry)
                    let weight =
                        (party.systemWeights[system.id] ?? system.weight)
                        * (party.priorities[location.domain.id] ?? scenarioWeights.priorities[location.domain.id] ?? 1)
                        * (party.practiceWeights[id] ?? scenarioWeights.practiceWeights[id] ?? 1)
                    return PartyView(weight: weight, targetLevel: target.level, targetScope: target.scope)
                }
            }
            return Stakeholder(
                id: party.id, name: party.name, views: views, budget: party.budget,
                pays: party.pays.map { pays in catalog.practices.map { pays.fraction(of: $0) } }, sourceIndex: k)
        }
        checkPaysSum(draft, stakeholders, profiles: profiles, catalog: catalog)
        var warnings: [Diagnostic] = []
        if !stakeholders.contains(where: { $0.pays != nil }) {
            for party in draft.parties where party.budget != nil {
                warnings.append(
                    Diagnostic(
                        file: log.file, path: "\(party.path).budget", line: party.line,
                        message: "warning: no stakeholder has pays, so the scenario's budget pays every step and "
                            + "\(SafeText.quoted(party.id))'s budget limits nothing"))
            }
        }
        let agreement = Agreement(rule: draft.rule, weights: draft.parties.map { draft.weights[$0.id] ?? 1 })
        return (stakeholders, agreement, warnings)
    }

    /// Rule 5: when some party pays, the fractions of every practice that can be planned sum to 1.
    private func checkPaysSum(
        _ draft: StakeholderDraft, _ stakeholders: [Stakeholder], profiles: [SystemProfile], catalog: Catalog
    ) {
        guard stakeholders.contains(where: { $0.pays != nil }) else { return }
        let line = draft.parties.first { $0.pays != nil }?.paysLine
        for (p, location) in catalog.practices.enumerated() {
            let plannable = profiles.contains {
                !$0.practices[p].levelSteps.isEmpty || !$0.practices[p].scopeSteps.isEmpty
            }
            guard plannable else { continue }
            let sum = stakeholders.reduce(0) { $0 + ($1.pays?[p] ?? 0) }
            guard abs(sum - 1) > 1e-9 else { continue }
            let shares = stakeholders.filter { ($0.pays?[p] ?? 0) > 0 }.map {
                "\(SafeText.quoted($0.id)) \(format($0.pays![p]))"
            }
            log.report(
                "stakeholders", line,
                "the parties pay \(format(sum)) of each step of \(location.practice.id) in all"
                    + (shares.isEmpty ? "" : " (\(shares.joined(separator: ", ")))")
                    + "; the fractions (pays.practices, pays.domains, pays.default) must sum to 1")
        }
    }
}
