import Foundation
import MaturityModel
import ScenarioModel
import TextSafety

/// One pass over a scenario document: reads each key, records problems, resolves the rest.
struct ScenarioReading {
    let root: SourceNode
    let log: DiagnosticLog
    let directory: String
    let defaultName: String
    var reader: NodeReader { NodeReader(log: log) }

    static let topLevelKeys = [
        "format", "name", "description", "currency", "catalog", "start", "quarters", "objective", "budget",
        "effort_capacity",
        "priorities", "practice_weights", "scope_weight", "target_defaults", "costs", "effort", "practice_costs",
        "practice_effort", "systems", "deadlines", "deadline_margin", "dependencies", "initiatives", "stakeholders",
        "agreement",
    ]

    init(root: SourceNode, log: DiagnosticLog, directory: String, defaultName: String) {
        self.root = root
        self.log = log
        self.directory = directory
        self.defaultName = defaultName
    }

    mutating func read() -> Scenario? {
        guard reader.isDocument(root, keys: Self.topLevelKeys, what: "a scenario"),
            reader.mapping(root, "", allowed: Self.topLevelKeys) != nil
        else { return nil }
        if let node = root["format"], let text = reader.string(node, "format"), text != "smm-scenario/1" {
            log.report("format", node.line, "unknown format \(SafeText.quoted(text)), expected smm-scenario/1")
        }
        let name = root["name"].flatMap { reader.string($0, "name") } ?? defaultName
        let currency = root["currency"].flatMap { reader.string($0, "currency") }
        if let currency, currency.count > 8 {
            log.report(
                "currency", root["currency"]?.line,
                "\(SafeText.quoted(currency)) is not a currency code or sign "
                    + "(e.g. EUR, USD, €)")
        }
        let catalog = readCatalog()
        let start = readStart()
        let horizon = required("quarters").flatMap {
            reader.integer($0, "quarters", range: 1...ScenarioLoader.maximumQuarters, what: "quarters")
        }
        if let start, let horizon, start.year * 4 + (start.quarter - 1) + horizon - 1 > 9999 * 4 + 3 {
            // Quarter labels stop at 9999-Q4: a later quarter would repeat its label.
            log.report("quarters", root["quarters"]?.line, "the plan would end after 9999-Q4")
        }
        let objective = readObjective()
        // With stakeholders who each pay from their own budget, the scenario's may be left out
        // (spec §7 rule 5: "if given"); `StakeholderReading` then makes it the parties' sum.
        let budget = root["budget"].flatMap { readBudget($0, "budget", horizon: horizon) }
        if root["budget"] == nil && root["stakeholders"] == nil { log.report("budget", root.line, "is required") }
        let effortCapacity = readEffortCapacity(horizon: horizon)
        let scopeWeight = root["scope_weight"].flatMap { reader.number($0, "scope_weight") } ?? 1
        guard let catalog else {
            // Without a catalog no practice id can be checked; report what was found so far.
            _ = root["systems"].map { reader.sequence($0, "systems") }
            return nil
        }
        let priorities = readDomainNumbers("priorities", catalog: catalog)
        let targetDefaults = readTargetDefaults(catalog: catalog)
        let practiceWeights = readPracticeNumbers("practice_weights", catalog: catalog)
        let costs = root["costs"].map { CostTable.read($0, "costs", reader: reader) } ?? CostTable()
        let effort = root["effort"].map { CostTable.read($0, "effort", reader: reader) } ?? CostTable()
        let practiceCosts =
            root["practice_costs"].map {
                PracticeCostTables.read($0, "practice_costs", reader: reader, catalog: catalog)
            } ?? PracticeCostTables()
        let practiceEffort =
            root["practice_effort"].map {
                PracticeCostTables.read($0, "practice_effort", reader: reader, catalog: catalog)
            } ?? PracticeCostTables()
        let systems = readSystems(catalog: catalog)
        let deadlines = readDeadlines(systems: systems, catalog: catalog, start: start, horizon: horizon)
        let dependencies = readDependencies(catalog: catalog)
        let (initiatives, initiativeWarnings) = readInitiatives(systems: systems, catalog: catalog)
        let parties = readStakeholders(
            systems: systems, catalog: catalog, horizon: horizon, objective: objective ?? .maximizeMaturity)

        guard log.isEmpty, let start, let horizon,
            let budget = budget ?? parties.flatMap({ partiesBudget($0, horizon: horizon) })
        else { return nil }
        var resolver = ProfileResolver(
            catalog: catalog, log: log, priorities: priorities, practiceWeights: practiceWeights,
            targetDefaults: targetDefaults, costs: costs, effort: effort, practiceCosts: practiceCosts,
            practiceEffort: practiceEffort)
        // The steps that may be planned reach the highest target of any party and of §2 (rule 1).
        let planned = parties.map {
            highestTargets(systems, parties: $0, catalog: catalog, targetDefaults: targetDefaults)
        }
        let profiles = resolver.resolve(systems: planned ?? systems, deadlines: deadlines)
        guard log.isEmpty else { return nil }
        var scenario = Scenario(
            name: name, source: log.file, catalog: catalog, start: start, horizon: horizon,
            objective: objective ?? .maximizeMaturity, budget: budget, effortCapacity: effortCapacity,
            scopeWeight: scopeWeight, systems: profiles, deadlines: deadlines, dependencies: dependencies,
            warnings: unlistedPractices(systems, catalog: catalog, targetDefaults: targetDefaults) + initiativeWarnings,
            currency: currency, initiatives: initiatives)
        if let parties {
            let resolved = resolveStakeholders(
                parties, systems: systems, profiles: profiles, catalog: catalog, deadlines: deadlines,
                scenarioWeights: (priorities, practiceWeights, targetDefaults))
            guard log.isEmpty else { return nil }
            scenario.stakeholders = resolved.stakeholders
            scenario.agreement = resolved.agreement
            scenario.warnings += resolved.warnings
        }
        return scenario
    }

    /// One warning per system that leaves practices out: "not assessed" and "not needed" read alike.
    private func unlistedPractices(
        _ systems: [SystemEntry], catalog: Catalog,
        targetDefaults: [String: Int]
    ) -> [Diagnostic] {
        let partial = systems.compactMap { system -> (SystemEntry, [PracticeLocation])? in
            let missing = catalog.practices.filter { system.practices[$0.practice.id] == nil }
            return missing.isEmpty ? nil : (system, missing)
        }
        let target = targetDefaults.isEmpty ? "target 0" : "target 0 or the domain's target_defaults"
        // A portfolio gets one line, not one per system.
        if partial.count > 3 {
            let shown = partial.prefix(4).map { "\(SafeText.excerpt($0.0.id)) \($0.1.count)" }.joined(separator: ", ")
            return [
                Diagnostic(
                    file: log.file, path: "systems", line: root["systems"]?.line,
                    message: "warning: \(partial.count) of \(systems.count) systems do not list every practice "
                        + "(\(shown)\(partial.count > 4 ? ", …" : "") of \(catalog.practices.count)): the unlisted "
                        + "ones count as current 0, \(target)")
            ]
        }
        return partial.map { system, missing in
            let shown =
                missing.prefix(3).map(\.practice.id).joined(separator: ", ")
                + (missing.count > 3 ? " and \(missing.count - 3) more" : "")
            return Diagnostic(
                file: log.file, path: "\(system.path).practices", line: system.line,
                message: "warning: \(missing.count) of \(catalog.practices.count) practices of "
                    + "\(SafeText.excerpt(system.id)) are not listed (\(shown)): they count as current 0, \(target)")
        }
    }

    private func required(_ key: String) -> SourceNode? {
        guard let node = root[key] else {
            log.report(key, root.line, "is required")
            return nil
        }
        return node
    }

    private func readCatalog() -> Catalog? {
        guard let node = root["catalog"] else { return .iicSMM }
        if case .mapping = node.kind {
            return CatalogLoader.read(node, path: "catalog", fallbackID: "inline", log: log)
        }
        guard let text = reader.string(node, "catalog") else { return nil }
        if let builtIn = Catalog.builtIn[text] { return builtIn }
        let path = text.hasPrefix("/") ? text : URL(fileURLWithPath: directory).appendingPathComponent(text).path
        guard FileManager.default.fileExists(atPath: path) else {
            log.report(
                "catalog", node.line,
                "unknown catalog \(SafeText.quoted(text)): not a built-in id"
                    + Suggestion.hint(for: text, in: Catalog.builtIn.keys.sorted()) + " nor an existing file")
            return nil
        }
        do { return try CatalogLoader.load(path: path) } catch {
            log.report(
                "catalog", node.line,
                "the catalog file \(SafeText.quoted(text)) is not valid:\n  "
                    + error.diagnostics.map(\.description).joined(separator: "\n  "))
            return nil
        }
    }

    private func readStart() -> Quarter? {
        guard let node = required("start"), let text = reader.string(node, "start") else { return nil }
        guard let quarter = Quarter(label: text) else {
            log.report(
                "start", node.line,
                "\(SafeText.quoted(text)) is not a quarter of the form YYYY-Qn with n 1..4 (e.g. 2027-Q1)")
            return nil
        }
        return quarter
    }

    private func readObjective() -> PlanningObjective? {
        guard let node = root["objective"], let text = reader.string(node, "objective") else { return nil }
        guard let objective = PlanningObjective(rawValue: text) else {
            let ids = PlanningObjective.allCases.map(\.rawValue)
            log.report(
                "objective", node.line,
                "unknown objective \(SafeText.quoted(text))\(Suggestion.hint(for: text, in: ids)); "
                    + "use \(ids.joined(separator: " or "))")
            return nil
        }
        return objective
    }

    /// A `budget` block (§2; a stakeholder's own under `path`, spec §7 rule 5, is read the same way).
    func readBudget(_ node: SourceNode, _ path: String, horizon: Int?) -> QuarterlyBudget? {
        guard reader.mapping(node, path, allowed: ["quarterly", "total", "carry_over"]) != nil else { return nil }
        guard let quarterlyNode = node["quarterly"] else {
            log.report("\(path).quarterly", node.line, "is required (one number, or one per quarter)")
            return nil
        }
        let quarterly = reader.perQuarter(quarterlyNode, "\(path).quarterly", count: horizon)
        let total = node["total"].flatMap { reader.number($0, "\(path).total") }
        let carryOver = node["carry_over"].flatMap { reader.bool($0, "\(path).carry_over") } ?? false
        guard let quarterly else { return nil }
        return QuarterlyBudget(quarterly: quarterly, total: total, carryOver: carryOver)
    }

    private func readEffortCapacity(horizon: Int?) -> [Double]? {
        guard let node = root["effort_capacity"],
            reader.mapping(node, "effort_capacity", allowed: ["quarterly"]) != nil
        else { return nil }
        guard let quarterly = node["quarterly"] else {
            log.report("effort_capacity.quarterly", node.line, "is required when effort_capacity is given")
            return nil
        }
        return reader.perQuarter(quarterly, "effort_capacity.quarterly", count: horizon)
    }

    func readDomainNumbers(
        _ key: String, catalog: Catalog, in parent: SourceNode? = nil, at base: String = "", positive: Bool = false
    ) -> [String: Double] {
        let path = NodeReader.join(base, key)
        guard let node = (parent ?? root)[key], let entries = reader.mapping(node, path) else { return [:] }
        var result: [String: Double] = [:]
        for entry in entries {
            let p = NodeReader.join(path, entry.key)
            guard catalog.domain(id: entry.key) != nil else {
                log.report(
                    p, entry.keyLine,
                    "unknown domain \(SafeText.quoted(entry.key))"
                        + Suggestion.hint(for: entry.key, in: catalog.domains.map(\.id)))
                continue
            }
            result[entry.key] = reader.number(entry.value, p, strictlyAbove: positive)
        }
        return result
    }

    func readTargetDefaults(catalog: Catalog, in parent: SourceNode? = nil, at base: String = "") -> [String: Int] {
        let path = NodeReader.join(base, "target_defaults")
        guard let node = (parent ?? root)["target_defaults"], let entries = reader.mapping(node, path) else {
            return [:]
        }
        var result: [String: Int] = [:]
        for entry in entries {
            let p = NodeReader.join(path, entry.key)
            guard catalog.domain(id: entry.key) != nil else {
                log.report(
                    p, entry.keyLine,
                    "unknown domain \(SafeText.quoted(entry.key))"
                        + Suggestion.hint(for: entry.key, in: catalog.domains.map(\.id)))
                continue
            }
            result[entry.key] = reader.integer(entry.value, p, range: 0...4, what: "level")
        }
        return result
    }

    func readPracticeNumbers(
        _ key: String, catalog: Catalog, in parent: SourceNode? = nil, at base: String = "", positive: Bool = false
    ) -> [String: Double] {
        let path = NodeReader.join(base, key)
        guard let node = (parent ?? root)[key], let entries = reader.mapping(node, path) else { return [:] }
        var result: [String: Double] = [:]
        for entry in entries {
            let p = NodeReader.join(path, entry.key)
            guard catalog.location(ofPractice: entry.key) != nil else {
                log.report(
                    p, entry.keyLine,
                    "unknown practice \(SafeText.quoted(entry.key))"
                        + Suggestion.hint(for: entry.key, in: catalog.practiceIDs))
                continue
            }
            result[entry.key] = reader.number(entry.value, p, strictlyAbove: positive)
        }
        return result
    }
}
