import ScenarioModel
import TextSafety

/// `--set key.path=value` edits applied to a scenario document before it is validated,
/// for what-ifs without copying files: `budget.quarterly=80000`, `priorities.hardening=3`,
/// `systems[0].weight=2`, `systems[id=plc-line].weight=2`, `budget.quarterly=[1,2,3]`. The value is
/// read as YAML; `null` removes the key (`budget.total=null` lifts the cap).
public enum ScenarioOverride {
    static func apply(_ overrides: [String], to root: SourceNode, log: DiagnosticLog) -> SourceNode {
        var result = root
        for override in overrides {
            guard let equals = assignment(in: override), equals != override.startIndex else {
                log.report("--set", nil, "\(SafeText.quoted(override)) is not of the form key.path=value")
                continue
            }
            let keyPath = String(override[..<equals])
            let text = String(override[override.index(after: equals)...])
            let value: SourceNode
            do { value = try SourceNode.parse(yaml: text) ?? SourceNode(kind: .null, line: nil) } catch {
                log.report(keyPath, nil, "--set value \(SafeText.quoted(text)) is not valid YAML: \(error.message)")
                continue
            }
            guard let components = parse(keyPath) else {
                log.report(
                    keyPath, nil, "--set key path \(SafeText.quoted(keyPath)) is malformed (e.g. systems[0].weight)")
                continue
            }
            if let updated = set(components[...], in: result, to: stripLines(value), path: "", log: log, full: keyPath)
            {
                result = updated
            }
        }
        return result
    }

    /// The `=` between the key path and the value: the first one outside brackets.
    private static func assignment(in override: String) -> String.Index? {
        var depth = 0
        for i in override.indices {
            switch override[i] {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "=" where depth == 0: return i
            default: break
            }
        }
        return nil
    }

    /// A mapping key, a list index, or the list item whose `key` is `value` (`[id=plc-line]`).
    private enum Component { case key(String), index(Int), match(key: String, value: String) }

    private static func parse(_ keyPath: String) -> [Component]? {
        var components: [Component] = []
        for part in keyPath.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            guard let bracket = rest.firstIndex(of: "[") ?? Optional(rest.endIndex) else { return nil }
            let key = rest[..<bracket]
            if key.isEmpty && components.isEmpty { return nil }
            if !key.isEmpty { components.append(.key(String(key))) }
            rest = rest[bracket...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if let index = Int(inside), index >= 0 {
                    components.append(.index(index))
                } else if let equals = inside.firstIndex(of: "="), equals != inside.startIndex,
                    inside.index(after: equals) != inside.endIndex
                {
                    components.append(
                        .match(
                            key: String(inside[..<equals]),
                            value: String(inside[inside.index(after: equals)...])))
                } else {
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        return components.isEmpty ? nil : components
    }

    private static func set(
        _ components: ArraySlice<Component>, in node: SourceNode, to value: SourceNode,
        path: String, log: DiagnosticLog, full: String
    ) -> SourceNode? {
        guard let first = components.first else { return value }
        let rest = components.dropFirst()
        switch (first, node.kind) {
        case (.key(let key), .mapping(var entries)):
            let childPath = NodeReader.join(path, key)
            if rest.isEmpty, case .null = value.kind {
                // `key=null` (or `~`, or nothing) removes an optional key: a cap lifted for a
                // what-if. A required key removed is reported as missing, like any file without it.
                entries.removeAll { $0.key == key }
                return SourceNode(kind: .mapping(entries), line: node.line)
            }
            if let i = entries.firstIndex(where: { $0.key == key }) {
                guard let child = set(rest, in: entries[i].value, to: value, path: childPath, log: log, full: full)
                else { return nil }
                entries[i] = SourceNode.Entry(key: key, keyLine: entries[i].keyLine, value: child)
            } else {
                let empty = SourceNode(kind: .mapping([]), line: nil)
                guard let child = set(rest, in: empty, to: value, path: childPath, log: log, full: full)
                else { return nil }
                entries.append(SourceNode.Entry(key: key, keyLine: nil, value: child))
            }
            return SourceNode(kind: .mapping(entries), line: node.line)
        case (.key, .null):
            // An empty value becomes the mapping the path needs.
            return set(
                components, in: SourceNode(kind: .mapping([]), line: node.line), to: value, path: path,
                log: log, full: full)
        case (.index(let i), .sequence(var items)):
            guard i < items.count else {
                log.report(full, nil, "--set: \(path) has \(items.count) items, there is no [\(i)]")
                return nil
            }
            guard let child = set(rest, in: items[i], to: value, path: "\(path)[\(i)]", log: log, full: full)
            else { return nil }
            items[i] = child
            return SourceNode(kind: .sequence(items), line: node.line)
        case (.match(let key, let wanted), .sequence(let items)):
            let values = items.map { $0[key].flatMap { if case .scalar(let text, _) = $0.kind { text } else { nil } } }
            guard let i = values.firstIndex(of: wanted) else {
                log.report(
                    full, nil,
                    "--set: \(path) has no item with \(key) \(SafeText.quoted(wanted))"
                        + Suggestion.hint(for: wanted, in: values.compactMap { $0 }))
                return nil
            }
            return set([.index(i)] + rest, in: node, to: value, path: path, log: log, full: full)
        default:
            log.report(
                full, nil,
                "--set: \(path.isEmpty ? "the document" : path) is \(node.kindName), "
                    + "which has no \(first)")
            return nil
        }
    }

    private static func stripLines(_ node: SourceNode) -> SourceNode {
        switch node.kind {
        case .mapping(let entries):
            return SourceNode(
                kind: .mapping(entries.map { .init(key: $0.key, keyLine: nil, value: stripLines($0.value)) }),
                line: nil)
        case .sequence(let items):
            return SourceNode(kind: .sequence(items.map(stripLines)), line: nil)
        default:
            return SourceNode(kind: node.kind, line: nil)
        }
    }
}
