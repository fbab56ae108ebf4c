import Foundation
import ScenarioModel
import TextSafety

/// Typed reads from a `SourceNode` that report a located diagnostic instead of failing,
/// so a loader can go on and report every problem of a file at once.
struct NodeReader {
    let log: DiagnosticLog

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    static func index(_ path: String, _ i: Int) -> String { "\(path)[\(i)]" }

    /// Whether `root` is a document of the kind `keys` belong to: a mapping with at least one of
    /// them. Otherwise one problem says the file is not `what`, and nothing of the file is quoted:
    /// a file named by mistake (a password file given as `catalog:`) must not be echoed key by key.
    /// (A root that is not a mapping at all is left to `mapping`, which says what it is.)
    func isDocument(_ root: SourceNode, keys: [String], what: String) -> Bool {
        guard case .mapping(let entries) = root.kind else { return true }
        if entries.isEmpty || entries.contains(where: { keys.contains($0.key) }) { return true }
        log.report("", root.line, "is not \(what): it has none of its keys (\(keys.joined(separator: ", ")))")
        return false
    }

    /// Whether `word` is one of `candidates` (ids of systems, practices, parties…); otherwise one
    /// problem at `path`: unknown `what`, with the closest candidate as a did-you-mean.
    func isKnown(_ word: String, as what: String, in candidates: [String], _ path: String, _ line: Int?) -> Bool {
        if candidates.contains(word) { return true }
        log.report(path, line, "unknown \(what) \(SafeText.quoted(word))" + Suggestion.hint(for: word, in: candidates))
        return false
    }

    /// The entries of a mapping; reports keys outside `allowed` (keys starting `x-` are user extensions).
    func mapping(_ node: SourceNode, _ path: String, allowed: [String]? = nil) -> [SourceNode.Entry]? {
        guard case .mapping(let entries) = node.kind else {
            log.report(path, node.line, "expected a mapping of keys to values, found \(node.kindName)")
            return nil
        }
        if let allowed {
            for entry in entries where !allowed.contains(entry.key) && !entry.key.hasPrefix("x-") {
                log.report(
                    Self.join(path, entry.key), entry.keyLine ?? node.line,
                    "unknown key \(SafeText.quoted(entry.key))\(Suggestion.hint(for: entry.key, in: allowed))")
            }
        }
        return entries
    }

    /// The value at `key` of a mapping, or an "is required" diagnostic at `path.key`.
    func required(_ mapping: SourceNode, _ key: String, in path: String) -> SourceNode? {
        if let value = mapping[key] { return value }
        log.report(Self.join(path, key), mapping.line, "is required")
        return nil
    }

    func sequence(_ node: SourceNode, _ path: String) -> [SourceNode]? {
        guard case .sequence(let items) = node.kind else {
            log.report(path, node.line, "expected a list, found \(node.kindName)")
            return nil
        }
        return items
    }

    func string(_ node: SourceNode, _ path: String) -> String? {
        guard case .scalar(let text, _) = node.kind else {
            log.report(path, node.line, "expected a text value, found \(node.kindName)")
            return nil
        }
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            log.report(path, node.line, "must not be empty")
            return nil
        }
        if let bad = SafeText.forbiddenCharacter(in: text) {
            log.report(
                path, node.line,
                "\(SafeText.quoted(text)) holds the control or invisible character "
                    + "U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)); ids and names "
                    + "must be one line of visible text")
            return nil
        }
        return text
    }

    func bool(_ node: SourceNode, _ path: String) -> Bool? {
        if case .scalar(let text, true) = node.kind {
            switch text.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        log.report(path, node.line, "expected true or false, found \(node.kindName)")
        return nil
    }

    /// A finite number that is at least `minimum` (0 unless said otherwise) and at most
    /// `NumberLimits.largest` in size.
    func number(_ node: SourceNode, _ path: String, minimum: Double = 0, strictlyAbove: Bool = false) -> Double? {
        guard case .scalar(let text, let plain) = node.kind else {
            log.report(path, node.line, "expected a number, found \(node.kindName)")
            return nil
        }
        let lowered = text.lowercased()
        if plain, [".nan", "nan"].contains(lowered) {
            log.report(path, node.line, "must be a number, not NaN")
            return nil
        }
        if plain, [".inf", "+.inf", "-.inf", "inf", "-inf", "infinity", "-infinity"].contains(lowered) {
            log.report(path, node.line, "must be a finite number, not \(text)")
            return nil
        }
        guard plain, let value = Double(text.contains("_") ? text.replacingOccurrences(of: "_", with: "") : text),
            value.isFinite
        else {
            log.report(
                path, node.line,
                plain
                    ? "expected a number, found \(SafeText.quoted(text))"
                    : "expected a number, found the quoted text \(SafeText.quoted(text))")
            return nil
        }
        if abs(value) > NumberLimits.largest {
            log.report(
                path, node.line,
                "\(SafeText.excerpt(text)) is larger than the largest amount accepted, "
                    + "10^12 (use a larger unit)")
            return nil
        }
        if value < minimum || (strictlyAbove && value == minimum) {
            let bound =
                minimum == 0
                ? (strictlyAbove ? "positive" : "negative")
                : "\(strictlyAbove ? "above" : "at least") \(format(minimum))"
            log.report(
                path, node.line,
                minimum == 0 && !strictlyAbove
                    ? "must not be negative, found \(SafeText.excerpt(text))"
                    : "must be \(bound), found \(SafeText.excerpt(text))")
            return nil
        }
        return value
    }

    /// A whole number in `range`; decimals such as `2.0` are accepted when whole.
    func integer(_ node: SourceNode, _ path: String, range: ClosedRange<Int>, what: String = "value") -> Int? {
        guard let value = number(node, path, minimum: -Double.greatestFiniteMagnitude) else { return nil }
        guard value.rounded() == value, let whole = Int(exactly: value) else {
            log.report(path, node.line, "\(what) must be a whole number, found \(format(value))")
            return nil
        }
        guard range.contains(whole) else {
            log.report(path, node.line, "\(what) \(whole) is outside \(range.lowerBound)..\(range.upperBound)")
            return nil
        }
        return whole
    }

    /// A level written as a key (`1` or `"1"`) or a value.
    func levelKey(_ key: String, _ path: String, line: Int?) -> Int? {
        guard let value = Double(key), value.rounded() == value, let level = Int(exactly: value) else {
            log.report(path, line, "level keys must be whole numbers 1..4, found \(SafeText.quoted(key))")
            return nil
        }
        guard (1...4).contains(level) else {
            log.report(path, line, "level \(level) is outside 1..4 (a step reaches level 1 to 4)")
            return nil
        }
        return level
    }

    /// One number or a list of exactly `count` numbers.
    func perQuarter(_ node: SourceNode, _ path: String, count: Int?) -> [Double]? {
        switch node.kind {
        case .sequence(let items):
            let values = items.enumerated().map { number($1, Self.index(path, $0)) }
            if let count, items.count != count {
                log.report(
                    path, node.line,
                    "has \(items.count) values but the plan has \(count) quarters "
                        + "(give one number, or one per quarter)")
                return nil
            }
            let numbers = values.compactMap { $0 }
            return numbers.count == values.count ? numbers : nil
        default:
            guard let value = number(node, path) else { return nil }
            return count.map { Array(repeating: value, count: $0) } ?? [value]
        }
    }
}

/// A number as a person writes it: no trailing `.0`.
func format(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
