import MaturityModel
import ScenarioModel
import TextSafety

extension ScenarioReading {
    static let initiativeKeys = ["id", "name", "practice", "systems", "levels"]

    /// `initiatives:` (spec §6), checked against the systems: unknown members, a practice in two
    /// initiatives for one system, ids shared with systems or other initiatives, levels that do not
    /// climb one at a time from 1. A member with its own cost for a level the initiative owns gets
    /// a warning naming both.
    func readInitiatives(systems: [SystemEntry], catalog: Catalog) -> (
        initiatives: [Initiative], warnings: [Diagnostic]
    ) {
        guard let node = root["initiatives"], let items = reader.sequence(node, "initiatives") else { return ([], []) }
        let systemIndex = Dictionary(uniqueKeysWithValues: systems.enumerated().map { ($1.id, $0) })
        var ids = Set(systems.map(\.id))
        var owner: [String: String] = [:]  // "system\0practice" -> initiative id
        var initiatives: [Initiative] = []
        var warnings: [Diagnostic] = []
        for (i, item) in items.enumerated() {
            let path = NodeReader.index("initiatives", i)
            guard reader.mapping(item, path, allowed: Self.initiativeKeys) != nil else { continue }
            var id: String?
            if let n = reader.required(item, "id", in: path),
                let text = reader.string(n, NodeReader.join(path, "id"))
            {
                if ids.insert(text).inserted {
                    id = text
                } else {
                    log.report(
                        NodeReader.join(path, "id"), n.line,
                        "\(SafeText.quoted(text)) is already the id of a system or initiative: ids must be unique")
                }
            }
            let name = item["name"].flatMap { reader.string($0, NodeReader.join(path, "name")) }
            let practice = readPracticeReference(item, NodeReader.join(path, "practice"), catalog: catalog)
            var members = Array(systems.indices)
            if let n = item["systems"], let list = reader.sequence(n, NodeReader.join(path, "systems")) {
                members = []
                for (k, entry) in list.enumerated() {
                    let p = NodeReader.index(NodeReader.join(path, "systems"), k)
                    guard let text = reader.string(entry, p) else { continue }
                    guard let s = systemIndex[text] else {
                        log.report(
                            p, entry.line,
                            "unknown system \(SafeText.quoted(text))"
                                + Suggestion.hint(for: text, in: systems.map(\.id)))
                        continue
                    }
                    if !members.contains(s) { members.append(s) }
                }
                members.sort()
                if list.isEmpty { log.report(NodeReader.join(path, "systems"), n.line, "lists no system") }
            }
            let levels = readInitiativeLevels(item, path)
            guard let id, let practice, let levels else { continue }
            for s in members {
                let key = "\(systems[s].id)\u{0}\(practice)"
                if let other = owner[key] {
                    log.report(
                        NodeReader.join(path, "systems"), item["systems"]?.line ?? item.line,
                        "\(SafeText.excerpt(systems[s].id))'s \(practice) already belongs to initiative \(SafeText.quoted(other)); "
                            + "a practice of a system belongs to at most one initiative")
                }
                owner[key] = id
                let own = systems[s].costs.tables[practice]?.level.keys.filter { $0 <= levels.last!.level } ?? []
                for level in own.sorted() {
                    warnings.append(
                        Diagnostic(
                            file: log.file, path: "\(systems[s].path).costs.\(practice).level.\(level)",
                            line: systems[s].line,
                            message:
                                "\(SafeText.excerpt(systems[s].id)) has its own cost for \(practice) level \(level), but "
                                + "initiative \(SafeText.quoted(id)) owns that level for it: the initiative's cost "
                                + "applies"))
                }
            }
            initiatives.append(
                Initiative(
                    id: id, name: name ?? id, practiceID: practice, members: members, levels: levels, sourceIndex: i))
        }
        return (initiatives, warnings)
    }

    /// `levels: {1: {cost, effort}, ...}`: consecutive from 1.
    private func readInitiativeLevels(_ item: SourceNode, _ path: String) -> [Initiative.Level]? {
        let levelsPath = NodeReader.join(path, "levels")
        guard
            let node = reader.required(item, "levels", in: path),
            let entries = reader.mapping(node, levelsPath)
        else { return nil }
        var levels: [Initiative.Level] = []
        for entry in entries {
            let p = NodeReader.join(levelsPath, entry.key)
            guard let level = reader.levelKey(entry.key, p, line: entry.keyLine),
                reader.mapping(entry.value, p, allowed: ["cost", "effort"]) != nil
            else { continue }
            guard
                let costNode = reader.required(entry.value, "cost", in: p),
                let cost = reader.number(costNode, NodeReader.join(p, "cost"))
            else { continue }
            let effort = entry.value["effort"].flatMap { reader.number($0, NodeReader.join(p, "effort")) } ?? 0
            levels.append(Initiative.Level(level: level, cost: cost, effort: effort))
        }
        levels.sort { $0.level < $1.level }
        guard !levels.isEmpty else {
            log.report(levelsPath, node.line, "lists no level")
            return nil
        }
        for (k, level) in levels.enumerated() where level.level != k + 1 {
            log.report(
                levelsPath, node.line,
                "levels must climb one at a time from 1 (1, 2, ...): level \(k + 1) is missing below \(level.level)")
            return nil
        }
        return levels
    }
}
