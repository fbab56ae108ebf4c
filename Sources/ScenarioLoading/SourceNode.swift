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
        case .scalar(let text, _): return "'\(text)'"
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
    /// - Parameter text: The document.
    /// - Returns: The root, or `nil` for a document with no content.
    /// - Throws: `SourceSyntaxError` with the line of the problem.
    public static func parse(yaml text: String) throws(SourceSyntaxError) -> SourceNode? {
        do {
            guard let root = try Yams.compose(yaml: text) else { return nil }
            return convert(root)
        } catch let error as YamlError {
            throw SourceSyntaxError(yamlError: error)
        } catch {
            throw SourceSyntaxError(line: nil, message: "\(error)")
        }
    }

    private static func convert(_ node: Node) -> SourceNode {
        switch node {
        case .scalar(let scalar):
            let line = scalar.mark?.line
            let plain = scalar.style == .plain || scalar.style == .any
            if plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return SourceNode(kind: .null, line: line)
            }
            return SourceNode(kind: .scalar(scalar.string, plain: plain), line: line)
        case .mapping(let mapping):
            let entries = mapping.map { pair in
                Entry(key: pair.key.scalar?.string ?? "\(pair.key)", keyLine: pair.key.mark?.line,
                      value: convert(pair.value))
            }
            return SourceNode(kind: .mapping(entries), line: mapping.mark?.line)
        case .sequence(let sequence):
            return SourceNode(kind: .sequence(sequence.map(convert)), line: sequence.mark?.line)
        case .alias(let alias):
            return SourceNode(kind: .null, line: alias.mark?.line)
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
            self.init(line: context.mark.line,
                      message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            self.init(line: nil, message: "unreadable text: \(problem)")
        default:
            self.init(line: nil, message: "malformed YAML: \(yamlError)")
        }
    }
}
