import MaturityModel
import ScenarioModel
import TextSafety

/// Cost (or effort) of the step that reaches a level or a scope, as written in one place of a file.
struct CostTable: Sendable {
    var level: [Int: Double] = [:]
    var scope: [Scope: Double] = [:]

    static let allowedKeys = ["level", "scope"]

    /// Reads `{level: {1: 2000, ...}, scope: {industry: 4000, system: 9000}}`.
    static func read(_ node: SourceNode, _ path: String, reader: NodeReader) -> CostTable {
        var table = CostTable()
        guard reader.mapping(node, path, allowed: allowedKeys) != nil else { return table }
        if let levels = node["level"], let entries = reader.mapping(levels, NodeReader.join(path, "level")) {
            for entry in entries {
                let p = NodeReader.join(NodeReader.join(path, "level"), entry.key)
                if let level = reader.levelKey(entry.key, p, line: entry.keyLine),
                    let value = reader.number(entry.value, p)
                {
                    table.level[level] = value
                }
            }
        }
        if let scopes = node["scope"], let entries = reader.mapping(scopes, NodeReader.join(path, "scope")) {
            for entry in entries {
                let p = NodeReader.join(NodeReader.join(path, "scope"), entry.key)
                guard let scope = Scope(id: entry.key), scope != .general else {
                    let why =
                        entry.key == "general"
                        ? "no step reaches general, the lowest scope; use industry or system"
                        : "unknown scope \(SafeText.quoted(entry.key))"
                            + Suggestion.hint(for: entry.key, in: ["industry", "system"])
                    reader.log.report(p, entry.keyLine, why)
                    continue
                }
                if let value = reader.number(entry.value, p) { table.scope[scope] = value }
            }
        }
        return table
    }

    func value(for kind: StepEstimate.Kind, reaching to: Int) -> Double? {
        kind == .level ? level[to] : Scope(rawValue: to).flatMap { scope[$0] }
    }
}

/// A practice-keyed set of tables: `practice_costs`, or a system's `costs`.
struct PracticeCostTables: Sendable {
    var tables: [String: CostTable] = [:]

    static func read(_ node: SourceNode, _ path: String, reader: NodeReader, catalog: Catalog) -> PracticeCostTables {
        var result = PracticeCostTables()
        guard let entries = reader.mapping(node, path) else { return result }
        for entry in entries {
            let p = NodeReader.join(path, entry.key)
            guard catalog.location(ofPractice: entry.key) != nil else {
                reader.log.report(
                    p, entry.keyLine,
                    "unknown practice \(SafeText.quoted(entry.key))"
                        + Suggestion.hint(for: entry.key, in: catalog.practiceIDs))
                continue
            }
            result.tables[entry.key] = CostTable.read(entry.value, p, reader: reader)
        }
        return result
    }
}
