import TextSafety
import Yams

/// A parsed YAML/JSON value that remembers the line it came from, so every diagnostic can point at it.
///
/// Yams' `Node` is not `Sendable` and carries more than loading needs; this is the small,
/// immutable tree the loaders read.
public struct SourceNode: Sendable {
    public enum Kind: Sendable {
        /// A scalar and whether it was written plain (unquoted): only plain scalars are numbers or booleans.
        case scalar(String, plain: Bool)
        case mapping([Entry])
        case sequence([SourceNode])
        case null
    }

    /// A key and its value in a mapping, in file order.
    public struct Entry: Sendable {
        public let key: String
        public let keyLine: Int?
        public let value: SourceNode
    }

    public let kind: Kind
    /// 1-based line in the source, where the parser knows it.
    public let line: Int?

    public init(kind: Kind, line: Int?) {
        self.kind = kind
        self.line = line
    }

    /// A short name of the kind, for "expected a number, found a list".
    var kindName: String {
        switch kind {
        case .scalar(let text, _): return SafeText.quoted(text)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing (null)"
        }
    }

    /// The value at `key` of a mapping.
    public subscript(key: String) -> SourceNode? {
        guard case .mapping(let entries) = kind else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// Parses YAML (JSON is YAML) into a tree.
    /// - Parameters:
    ///   - text: The document.
    ///   - limits: The most values (aliases expanded) and the deepest nesting accepted.
    /// - Returns: The root, or `nil` for a document with no content.
    /// - Throws: `SourceSyntaxError` with the line of the problem.
    public static func parse(yaml text: String, limits: InputLimits = .standard) throws(SourceSyntaxError)
        -> SourceNode?
    {
        if let line = AliasedKeyScan.firstAliasedKeyLine(in: text) {
            throw SourceSyntaxError(
                line: line,
                message: "a YAML alias (*name) or a list or mapping is used as a key; "
                    + "scenario keys are plain names")
        }
        let root: Node?
        do {
            // The basic resolver: the loaders read scalars as text and style, never Yams' resolved
            // tags, and the default resolver's regular expressions (run on every key, to hash it
            // for the duplicate check) took a third of reading a 10,000-system portfolio.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw SourceSyntaxError(yamlError: error)
        } catch {
            throw SourceSyntaxError(line: nil, message: "\(error)")
        }
        guard let root else { return nil }
        var conversion = Conversion(limits: limits)
        return try conversion.convert(root, depth: 1)
    }

    /// Yams' tree to ours. Yams shares an anchored node among its aliases; copying expands them,
    /// so the copy counts what it makes and stops at the limits ("billion laughs").
    private struct Conversion {
        let limits: InputLimits
        var values = 0

        mutating func convert(_ node: Node, depth: Int) throws(SourceSyntaxError) -> SourceNode {
            values += 1
            if values > limits.documentValues {
                throw SourceSyntaxError(
                    line: node.mark?.line,
                    message: "the document holds more than \(limits.documentValues) values once its aliases "
                        + "(*name) are expanded; a scenario needs far fewer")
            }
            if depth > limits.nestingDepth {
                throw SourceSyntaxError(
                    line: node.mark?.line,
                    message: "values are nested more than \(limits.nestingDepth) levels deep")
            }
            switch node {
            case .scalar(let scalar):
                let line = scalar.mark?.line
                let plain = scalar.style == .plain || scalar.style == .any
                if plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                    return SourceNode(kind: .null, line: line)
                }
                return SourceNode(kind: .scalar(scalar.string, plain: plain), line: line)
            case .mapping(let mapping):
                var entries: [Entry] = []
                for pair in mapping {
                    // A key that is a mapping or a list matches no key of the format; its text is not needed.
                    let key = pair.key.scalar?.string ?? "(a \(pair.key.mapping != nil ? "mapping" : "list") as a key)"
                    entries.append(
                        Entry(
                            key: key, keyLine: pair.key.mark?.line,
                            value: try convert(pair.value, depth: depth + 1)))
                }
                return SourceNode(kind: .mapping(entries), line: mapping.mark?.line)
            case .sequence(let sequence):
                var items: [SourceNode] = []
                for item in sequence { items.append(try convert(item, depth: depth + 1)) }
                return SourceNode(kind: .sequence(items), line: sequence.mark?.line)
            case .alias(let alias):
                return SourceNode(kind: .null, line: alias.mark?.line)
            }
        }
    }
}

/// The file is not well-formed YAML or JSON.
public struct SourceSyntaxError: Error, Sendable {
    public let line: Int?
    public let message: String

    init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    init(yamlError: YamlError) {
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let where_ = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            self.init(line: mark.line, message: "malformed YAML: \(problem)\(where_)")
        case let .duplicatedKeysInMapping(duplicates, context):
            self.init(
                line: context.mark.line,
                message: "duplicate key \(duplicates.sorted().map(SafeText.quoted).joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            self.init(line: nil, message: "unreadable text: \(problem)")
        default:
            self.init(line: nil, message: "malformed YAML: \(yamlError)")
        }
    }
}

/// Finds keys that are aliases or collections, in a document that has anchors, before Yams reads it.
///
/// Yams checks each mapping for duplicate keys by hashing the keys whole, aliases expanded: an
/// alias of a nested anchor used as a key ("billion laughs" in a key) takes minutes there, before
/// any limit of ours can count. No scenario needs such keys, so a document with anchors (`&`) is
/// scanned for them first: an alias followed by `:`, an explicit key (`? `), or a flow collection
/// followed by `:`. The scan is lexical and errs on the side of refusing.
enum AliasedKeyScan {
    static func firstAliasedKeyLine(in text: String) -> Int? {
        guard text.utf8.contains(UInt8(ascii: "&")), text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line.utf8)
            if isAliasedKey(bytes) { return lineNumber }
        }
        return nil
    }

    private static func isAliasedKey(_ line: [UInt8]) -> Bool {
        let space = UInt8(ascii: " "), colon = UInt8(ascii: ":"), star = UInt8(ascii: "*")
        let delimiters: Set<UInt8> = [
            space, UInt8(ascii: "\t"), UInt8(ascii: "["), UInt8(ascii: "{"),
            UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "?"),
        ]
        // An explicit key "? " at the start of an entry.
        let content = line.drop { $0 == space || $0 == UInt8(ascii: "-") }
        if content.first == UInt8(ascii: "?"), content.count == 1 || content.dropFirst().first == space { return true }
        for (i, byte) in line.enumerated() {
            switch byte {
            case star where i == 0 || delimiters.contains(line[i - 1]):
                // *name, then spaces, then ':' ends a key.
                var j = i + 1
                while j < line.count, !delimiters.contains(line[j]), line[j] != colon,
                    line[j] != UInt8(ascii: "]"), line[j] != UInt8(ascii: "}")
                { j += 1 }
                while j < line.count, line[j] == space { j += 1 }
                if j > i + 1, j < line.count, line[j] == colon { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                var j = i + 1
                while j < line.count, line[j] == space { j += 1 }
                if j < line.count, line[j] == colon { return true }
            default:
                break
            }
        }
        return false
    }
}
