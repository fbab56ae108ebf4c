import MaturityModel
import ScenarioModel
import TextSafety

/// A system as written in the file, before targets and costs are resolved.
struct SystemEntry {
    struct PracticeEntry {
        var current: Int = 0
        var target: Int?
        var scope: Scope = .general
        var targetScope: Scope?
    }

    let id: String
    let name: String
    let weight: Double
    let path: String
    let line: Int?
    var practices: [String: PracticeEntry]
    var costs: PracticeCostTables
    var effort: PracticeCostTables
}

extension ScenarioReading {
    static let systemKeys = ["id", "name", "description", "weight", "practices", "costs", "effort"]
    static let practiceKeys = ["current", "target", "scope", "target_scope"]

    func readSystems(catalog: Catalog) -> [SystemEntry] {
        guard let node = root["systems"] else {
            log.report("systems", root.line, "is required: list the systems to plan for")
            return []
        }
        guard let items = reader.sequence(node, "systems") else { return [] }
        if items.isEmpty { log.report("systems", node.line, "needs at least one system") }
        var seen: [String: String] = [:]
        var systems: [SystemEntry] = []
        for (i, item) in items.enumerated() {
            let path = NodeReader.index("systems", i)
            guard reader.mapping(item, path, allowed: Self.systemKeys) != nil else { continue }
            guard let idNode = item["id"] else {
                log.report(NodeReader.join(path, "id"), item.line, "every system needs an id")
                continue
            }
            guard let id = reader.string(idNode, NodeReader.join(path, "id")) else { continue }
            if let first = seen[id] {
                log.report(
                    NodeReader.join(path, "id"), idNode.line,
                    "duplicate system id \(SafeText.quoted(id)) (first at \(first))")
                continue
            }
            seen[id] = path
            let name = item["name"].flatMap { reader.string($0, NodeReader.join(path, "name")) } ?? id
            let weight = item["weight"].flatMap { reader.number($0, NodeReader.join(path, "weight")) } ?? 1
            var practices: [String: SystemEntry.PracticeEntry] = [:]
            if let practicesNode = item["practices"],
                let entries = reader.mapping(practicesNode, NodeReader.join(path, "practices"))
            {
                for entry in entries {
                    let p = NodeReader.join(NodeReader.join(path, "practices"), entry.key)
                    guard reader.isKnown(entry.key, as: "practice", in: catalog.practiceIDs, p, entry.keyLine) else {
                        continue
                    }
                    practices[entry.key] = readPracticeEntry(entry.value, p)
                }
            }
            let costs =
                item["costs"].map {
                    PracticeCostTables.read($0, NodeReader.join(path, "costs"), reader: reader, catalog: catalog)
                } ?? PracticeCostTables()
            let effort =
                item["effort"].map {
                    PracticeCostTables.read($0, NodeReader.join(path, "effort"), reader: reader, catalog: catalog)
                } ?? PracticeCostTables()
            systems.append(
                SystemEntry(
                    id: id, name: name, weight: weight, path: path, line: item.line,
                    practices: practices, costs: costs, effort: effort))
        }
        return systems
    }

    private func readPracticeEntry(_ node: SourceNode, _ path: String) -> SystemEntry.PracticeEntry {
        var entry = SystemEntry.PracticeEntry()
        guard reader.mapping(node, path, allowed: Self.practiceKeys) != nil else { return entry }
        if let n = node["current"] {
            entry.current = reader.integer(n, NodeReader.join(path, "current"), range: 0...4, what: "level") ?? 0
        }
        if let n = node["target"] {
            entry.target = reader.integer(n, NodeReader.join(path, "target"), range: 0...4, what: "level")
        }
        if let n = node["scope"] { entry.scope = readScope(n, NodeReader.join(path, "scope")) ?? .general }
        if let n = node["target_scope"] { entry.targetScope = readScope(n, NodeReader.join(path, "target_scope")) }
        return entry
    }

    func readScope(_ node: SourceNode, _ path: String) -> Scope? {
        guard let text = reader.string(node, path) else { return nil }
        guard let scope = Scope(id: text) else {
            log.report(
                path, node.line,
                "unknown scope \(SafeText.quoted(text))"
                    + Suggestion.hint(for: text, in: Scope.allCases.map(\.id)) + "; use general, industry or system")
            return nil
        }
        return scope
    }

    func readDeadlines(systems: [SystemEntry], catalog: Catalog, start: Quarter?, horizon: Int?) -> [Deadline] {
        let defaultMargin =
            root["deadline_margin"].flatMap {
                reader.integer($0, "deadline_margin", range: 0...ScenarioLoader.maximumQuarters, what: "quarters")
            } ?? 0
        guard let node = root["deadlines"], let items = reader.sequence(node, "deadlines") else { return [] }
        let systemIndex = Dictionary(uniqueKeysWithValues: systems.enumerated().map { ($1.id, $0) })
        var deadlines: [Deadline] = []
        for (i, item) in items.enumerated() {
            let path = NodeReader.index("deadlines", i)
            guard reader.mapping(item, path, allowed: ["system", "practice", "level", "scope", "by", "margin"]) != nil
            else {
                continue
            }
            var targets: [Int]? = Array(systems.indices)
            if let n = item["system"], let id = reader.string(n, NodeReader.join(path, "system")) {
                if let index = systemIndex[id] {
                    targets = [index]
                } else {
                    log.report(
                        NodeReader.join(path, "system"), n.line,
                        "unknown system \(SafeText.quoted(id))"
                            + Suggestion.hint(for: id, in: systems.map(\.id)))
                    targets = nil
                }
            }
            let practice = readPracticeReference(item, NodeReader.join(path, "practice"), catalog: catalog)
            let level = item["level"].flatMap {
                reader.integer($0, NodeReader.join(path, "level"), range: 0...4, what: "level")
            }
            let scope = item["scope"].flatMap { readScope($0, NodeReader.join(path, "scope")) }
            if item["level"] == nil && item["scope"] == nil {
                log.report(path, item.line, "a deadline needs a level, a scope or both")
            }
            var by: (Quarter, Int)?
            if let n = item["by"]
                ?? {
                    log.report(NodeReader.join(path, "by"), item.line, "is required"); return nil
                }(),
                let text = reader.string(n, NodeReader.join(path, "by"))
            {
                if let quarter = Quarter(label: text) {
                    if let start, let horizon {
                        let index = start.distance(to: quarter) + 1
                        if (1...horizon).contains(index) {
                            by = (quarter, index)
                        } else {
                            let last = start.advanced(by: horizon - 1)
                            log.report(
                                NodeReader.join(path, "by"), n.line,
                                "\(text) is outside the plan's horizon \(start)..\(last)")
                        }
                    }
                } else {
                    log.report(
                        NodeReader.join(path, "by"), n.line,
                        "\(SafeText.quoted(text)) is not a quarter of the form YYYY-Qn with n 1..4 (e.g. 2027-Q2)")
                }
            }
            let margin =
                item["margin"].map {
                    reader.integer(
                        $0, NodeReader.join(path, "margin"), range: 0...ScenarioLoader.maximumQuarters, what: "quarters"
                    )
                } ?? defaultMargin
            guard let targets, let practice, let by, let margin, level != nil || scope != nil else { continue }
            if by.1 - margin < 1, let start {
                // The margin would plan it before the first quarter: nothing could meet it.
                log.report(
                    NodeReader.join(path, item["margin"] == nil ? "by" : "margin"), (item["margin"] ?? item).line,
                    "a margin of \(margin) quarter\(margin == 1 ? "" : "s") before \(by.0) falls before the plan's "
                        + "first quarter \(start); lower the margin or move the deadline")
                continue
            }
            for s in targets {
                deadlines.append(
                    Deadline(
                        systemIndex: s, practiceID: practice, level: level, scope: scope,
                        by: by.0, byIndex: by.1, sourceIndex: i, margin: margin))
            }
        }
        return deadlines
    }

    func readPracticeReference(_ node: SourceNode, _ path: String, catalog: Catalog) -> String? {
        guard let n = node["practice"] else {
            log.report(path, node.line, "is required")
            return nil
        }
        guard let id = reader.string(n, path) else { return nil }
        guard reader.isKnown(id, as: "practice", in: catalog.practiceIDs, path, n.line) else { return nil }
        return id
    }

    func readDependencies(catalog: Catalog) -> [Dependency] {
        guard let node = root["dependencies"], let items = reader.sequence(node, "dependencies") else { return [] }
        var dependencies: [Dependency] = []
        for (i, item) in items.enumerated() {
            let path = NodeReader.index("dependencies", i)
            guard reader.mapping(item, path, allowed: ["practice", "level", "requires"]) != nil else { continue }
            let practice = readPracticeReference(item, NodeReader.join(path, "practice"), catalog: catalog)
            let level = readLevel(item, key: "level", path)
            let requiresPath = NodeReader.join(path, "requires")
            guard let requires = item["requires"] else {
                log.report(requiresPath, item.line, "is required: {practice: ..., level: ...}")
                continue
            }
            guard reader.mapping(requires, requiresPath, allowed: ["practice", "level"]) != nil else { continue }
            let required = readPracticeReference(requires, NodeReader.join(requiresPath, "practice"), catalog: catalog)
            let requiredLevel = readLevel(requires, key: "level", requiresPath)
            if let practice, let level, let required, let requiredLevel {
                if practice == required {
                    log.report(path, item.line, "a practice cannot depend on itself; its levels are climbed in order")
                    continue
                }
                dependencies.append(
                    Dependency(
                        practiceID: practice, level: level, requiredPracticeID: required,
                        requiredLevel: requiredLevel, sourceIndex: i))
            }
        }
        reportCycles(dependencies)
        return dependencies
    }

    /// The required level 1...4 at `key` of a mapping at `path`.
    private func readLevel(_ node: SourceNode, key: String, _ path: String) -> Int? {
        let keyPath = NodeReader.join(path, key)
        guard let n = node[key] else {
            log.report(keyPath, node.line, "is required")
            return nil
        }
        return reader.integer(n, keyPath, range: 1...4, what: "level")
    }

    /// A cycle among (practice, level) nodes, with the ladder edge (p, l) -> (p, l-1), can never be satisfied.
    private func reportCycles(_ dependencies: [Dependency]) {
        struct Node: Hashable { let practice: String; let level: Int }
        var edges: [Node: [(Node, Int)]] = [:]
        for d in dependencies {
            edges[Node(practice: d.practiceID, level: d.level), default: []]
                .append((Node(practice: d.requiredPracticeID, level: d.requiredLevel), d.sourceIndex))
        }
        func successors(_ n: Node) -> [(Node, Int?)] {
            var next: [(Node, Int?)] = (edges[n] ?? []).map { ($0.0, $0.1) }
            if n.level > 1 { next.append((Node(practice: n.practice, level: n.level - 1), nil)) }
            return next
        }
        var done = Set<Node>()
        var reported = Set<[Int]>()
        var stackNodes: [Node] = []
        var stackEdges: [Int?] = []
        func visit(_ n: Node) {
            stackNodes.append(n)
            for (m, source) in successors(n) {
                if let k = stackNodes.firstIndex(of: m) {
                    let cycle = Array(Set((stackEdges[(k)...] + [source]).compactMap { $0 })).sorted()
                    if !cycle.isEmpty, reported.insert(cycle).inserted {
                        let names = cycle.map { NodeReader.index("dependencies", $0) }
                        log.report(
                            names[0], nil,
                            "dependency cycle: \(names.joined(separator: ", ")) can never all "
                                + "be met (\(m.practice) level \(m.level) would have to come before itself)")
                    }
                } else if !done.contains(m) {
                    stackEdges.append(source)
                    visit(m)
                    stackEdges.removeLast()
                }
            }
            stackNodes.removeLast()
            done.insert(n)
        }
        for start in edges.keys.sorted(by: { ($0.practice, $0.level) < ($1.practice, $1.level) })
        where !done.contains(start) {
            visit(start)
        }
    }
}
