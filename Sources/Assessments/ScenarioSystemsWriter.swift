import Foundation
import MaturityModel
import ScenarioLoading
import ScenarioModel
import TextSafety
import Yams

/// Writes imported assessments as the `systems:` of a scenario: into an existing file, keeping the
/// rest of it (and its comments) as written, or as a new starter scenario.
public enum ScenarioSystemsWriter {
    /// A new scenario around the systems, with plan settings to edit (budget, costs, horizon).
    /// - Parameters:
    ///   - name: The scenario's name.
    ///   - start: Its first quarter.
    ///   - source: Where the systems came from, for the header comment.
    public static func newScenario(
        name: String, start: Quarter, systems: [SystemAssessment],
        source: String
    ) throws -> String {
        let header = """
            # Scenario made by `smm import` from \(SafeText.excerpt(source)).
            # The systems come from the assessment; the plan settings below are starting values to edit.
            # The format: docs/scenarios.md.
            format: smm-scenario/1
            name: \(YAMLText.scalar(name))
            \(StarterSettings.yaml(start: start))
            """
        return header + (try systemsBlock(systemsNode(systems, existing: [])))
    }

    /// `text` with its `systems:` replaced: systems of the sheet take their practices from it (other
    /// keys of an existing system, such as `name`, `weight` or `costs`, stay); systems only in the
    /// file stay as they are; new ones are added. The rest of the file is kept line for line.
    public static func update(_ text: String, with systems: [SystemAssessment]) throws -> String {
        guard let root = try Yams.compose(yaml: text), case .mapping(let mapping) = root else {
            throw SpreadsheetImportWriteError("the scenario is not a YAML mapping")
        }
        let keys = mapping.keys
        let file = SplicedLines(text)
        let lines = file.lines
        guard let index = keys.firstIndex(where: { $0.string == "systems" }) else {
            let separator = file.endsWithLineBreak ? "" : file.lineBreak
            let block = file.newLines(try systemsBlock(systemsNode(systems, existing: [])))
            return text + separator + SplicedLines.joined(block)
        }
        let existing = mapping["systems"]?.sequence.map(Array.init) ?? []
        let block = try systemsBlock(systemsNode(systems, existing: existing))
        // The block runs from the `systems:` key to the line before the next top-level key.
        guard let first = keys[index].mark?.line else { throw SpreadsheetImportWriteError("cannot locate systems:") }
        var end = lines.count
        if index + 1 < keys.count, let next = keys[index + 1].mark?.line { end = next - 1 }
        // Comment lines just above the next key belong to it.
        while end > first,
            lines[end - 1].content.hasPrefix("#") || lines[end - 1].content.trimmingCharacters(in: .whitespaces).isEmpty
        {
            end -= 1
        }
        guard first >= 1, first <= lines.count, end <= lines.count else {
            throw SpreadsheetImportWriteError("cannot locate systems:")
        }
        var rebuilt = Array(lines[..<(first - 1)]) + file.newLines(block)
        if end < lines.count {
            rebuilt += lines[end...]
        } else if let last = rebuilt.indices.last, !file.endsWithLineBreak {
            // The file ended without a break after the systems: it still does.
            rebuilt[last].terminator = ""
        }
        return SplicedLines.joined(rebuilt)
    }

    private static func systemsNode(_ systems: [SystemAssessment], existing: [Node]) throws -> Node {
        var items: [Node] = []
        var imported = Dictionary(systems.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for system in existing {
            guard case .mapping(var mapping) = system, let id = mapping["id"]?.string,
                let assessment = imported.removeValue(forKey: id)
            else {
                items.append(system)
                continue
            }
            mapping["practices"] = practicesNode(assessment, existing: mapping["practices"]?.mapping)
            if let weight = assessment.weight { mapping["weight"] = weightNode(weight) }
            items.append(.mapping(mapping))
        }
        for system in systems where imported[system.id] != nil {
            items.append(
                .mapping(
                    Node.Mapping(
                        [
                            (
                                Node(stringLiteral: "id"),
                                .scalar(Node.Scalar(system.id, .implicit, scalarStyle(system.id)))
                            )
                        ]
                            + (system.weight.map { [(Node(stringLiteral: "weight"), weightNode($0))] } ?? [])
                            + [(Node(stringLiteral: "practices"), practicesNode(system))])))
        }
        return .sequence(Node.Sequence(items, .implicit, .block))
    }

    /// The practices of a system as the sheet says them. A re-assessed practice keeps its
    /// annotations (`x-` keys) from `existing`, but for the notes the sheet replaces.
    private static func practicesNode(_ system: SystemAssessment, existing: Node.Mapping? = nil) -> Node {
        let pairs: [(Node, Node)] = system.practices.map { practice in
            var fields: [(Node, Node)] = []
            let kept = existing?[practice.practiceID]?.mapping.map { old in
                old.filter { key, _ in
                    guard let name = key.string else { return false }
                    return name.hasPrefix("x-") && !(name == "x-notes" && practice.notes != nil)
                }
            }
            func add(_ key: String, _ value: String) {
                fields.append((Node(stringLiteral: key), .scalar(Node.Scalar(value, .implicit, scalarStyle(value)))))
            }
            func add(_ key: String, level: Int) {
                fields.append((Node(stringLiteral: key), .scalar(Node.Scalar(String(level), .implicit, .plain))))
            }
            if let current = practice.current { add("current", level: current) }
            if let target = practice.target { add("target", level: target) }
            if let scope = practice.currentScope { add("scope", scope.id) }
            if let scope = practice.targetScope { add("target_scope", scope.id) }
            if let notes = practice.notes { add("x-notes", notes) }
            fields += kept?.map { ($0.key, $0.value) } ?? []
            return (Node(stringLiteral: practice.practiceID), .mapping(Node.Mapping(fields, .implicit, .flow)))
        }
        return .mapping(Node.Mapping(pairs, .implicit, .block))
    }

    /// A system weight as a plain YAML number.
    private static func weightNode(_ weight: Double) -> Node {
        .scalar(Node.Scalar(AssessmentImport.number(weight), .implicit, .plain))
    }

    /// Plain when YAML reads it back as the same text, else double-quoted (`YAMLText`).
    private static func scalarStyle(_ text: String) -> Node.Scalar.Style {
        YAMLText.isPlain(text) ? .plain : .doubleQuoted
    }

    private static func systemsBlock(_ node: Node) throws -> String {
        let body = try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)
        let indented = body.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        return "systems:\n" + indented + "\n"
    }
}

/// The scenario file could not take the imported systems.
public struct SpreadsheetImportWriteError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
