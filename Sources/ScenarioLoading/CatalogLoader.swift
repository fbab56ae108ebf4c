import Foundation
import MaturityModel
import ScenarioModel
import TextSafety

/// Reads custom catalogs (a YAML/JSON file or an inline `{domains: [...]}`) and checks them:
/// ids unique per kind, nothing empty.
public enum CatalogLoader {
    static let topLevelKeys = ["format", "id", "name", "domains"]

    /// Loads a catalog file.
    /// - Parameter path: The file.
    /// - Returns: The checked catalog.
    /// - Throws: `ScenarioError` with every problem found.
    public static func load(path: String) throws(ScenarioError) -> Catalog {
        let log = DiagnosticLog(file: path)
        guard let root = readDocument(path: path, log: log) else { throw log.error }
        let fallbackID = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard NodeReader(log: log).isDocument(root, keys: topLevelKeys, what: "a catalog (smm-catalog/1)") else {
            throw log.error
        }
        guard let catalog = read(root, path: "", fallbackID: fallbackID, log: log), log.isEmpty else {
            throw log.error
        }
        return catalog
    }

    /// Reads a catalog from a parsed node, reporting problems under `path`.
    static func read(_ node: SourceNode, path: String, fallbackID: String, log: DiagnosticLog) -> Catalog? {
        let reader = NodeReader(log: log)
        let before = log.count
        guard let entries = reader.mapping(node, path, allowed: topLevelKeys) else { return nil }
        _ = entries
        if let format = node["format"], let text = reader.string(format, NodeReader.join(path, "format")),
            text != "smm-catalog/1"
        {
            log.report(
                NodeReader.join(path, "format"), format.line,
                "unknown format \(SafeText.quoted(text)), expected smm-catalog/1")
        }
        let id = node["id"].flatMap { reader.string($0, NodeReader.join(path, "id")) } ?? fallbackID
        let name = node["name"].flatMap { reader.string($0, NodeReader.join(path, "name")) } ?? id
        let domainsPath = NodeReader.join(path, "domains")
        guard let domainsNode = node["domains"] else {
            log.report(domainsPath, node.line, "a catalog needs a list of domains")
            return nil
        }
        var ids = UniqueIDs(log: log)
        let domains: [Domain] = (reader.sequence(domainsNode, domainsPath) ?? []).enumerated().compactMap { i, item in
            let p = NodeReader.index(domainsPath, i)
            return readNode(item, p, childKey: "subdomains", reader: reader, ids: &ids, kind: "domain") {
                sub, sp, ids in
                readNode(sub, sp, childKey: "practices", reader: reader, ids: &ids, kind: "subdomain") {
                    prac, pp, ids in
                    guard reader.mapping(prac, pp, allowed: ["id", "name", "description"]) != nil,
                        let pid = ids.claim(prac["id"], NodeReader.join(pp, "id"), kind: "practice", reader: reader)
                    else { return nil }
                    let pname = prac["name"].flatMap { reader.string($0, NodeReader.join(pp, "name")) } ?? pid
                    return Practice(id: pid, name: pname)
                } map: {
                    Subdomain(id: $0, name: $1, practices: $2)
                }
            } map: {
                Domain(id: $0, name: $1, subdomains: $2)
            }
        }
        if case .sequence(let items) = domainsNode.kind, items.isEmpty {
            log.report(domainsPath, domainsNode.line, "a catalog needs at least one domain")
        }
        guard log.count == before else { return nil }
        return Catalog(id: id, name: name, domains: domains)
    }

    /// Reads one `{id, name, <childKey>: [...]}` level of the tree.
    private static func readNode<Child, Node>(
        _ node: SourceNode, _ path: String, childKey: String, reader: NodeReader, ids: inout UniqueIDs, kind: String,
        child: (SourceNode, String, inout UniqueIDs) -> Child?, map: (String, String, [Child]) -> Node
    ) -> Node? {
        guard reader.mapping(node, path, allowed: ["id", "name", "description", childKey]) != nil,
            let id = ids.claim(node["id"], NodeReader.join(path, "id"), kind: kind, reader: reader)
        else { return nil }
        let name = node["name"].flatMap { reader.string($0, NodeReader.join(path, "name")) } ?? id
        let childPath = NodeReader.join(path, childKey)
        guard let childNode = node[childKey] else {
            reader.log.report(
                childPath, node.line, "\(kind) \(SafeText.quoted(id)) needs a non-empty list of \(childKey)")
            return nil
        }
        let items = reader.sequence(childNode, childPath) ?? []
        if items.isEmpty, case .sequence = childNode.kind {
            reader.log.report(
                childPath, childNode.line, "\(kind) \(SafeText.quoted(id)) needs a non-empty list of \(childKey)")
        }
        let children = items.enumerated().compactMap { child($1, NodeReader.index(childPath, $0), &ids) }
        return map(id, name, children)
    }

    /// Reads and parses a scenario or catalog file within `limits`: a regular file, UTF-8, a mapping.
    ///
    /// Nothing of a file that turns out not to be a scenario or catalog is quoted back: the path
    /// may name any file (`catalog: /etc/passwd`).
    static func readDocument(path: String, log: DiagnosticLog, limits: InputLimits = .standard) -> SourceNode? {
        let data: [UInt8]
        switch InputFile.read(path: path, limit: limits.fileBytes) {
        case .success(let bytes): data = bytes
        case .failure(let problem):
            log.report("", nil, problem.description)
            return nil
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            log.report("", nil, "the file is not UTF-8 text")
            return nil
        }
        return parseDocument(text, log: log, limits: limits)
    }

    /// The root mapping of a document's text, or `nil` with the problem reported.
    static func parseDocument(_ text: String, log: DiagnosticLog, limits: InputLimits = .standard) -> SourceNode? {
        if text.utf8.contains(0) {
            log.report("", nil, "the file holds a NUL character: it is not a text file")
            return nil
        }
        if text.utf8.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            log.report("", nil, "the file is empty")
            return nil
        }
        do {
            guard let root = try SourceNode.parse(yaml: text, limits: limits) else {
                log.report("", nil, "the file has no content (only comments?)")
                return nil
            }
            guard case .mapping = root.kind else {
                log.report(
                    "", root.line,
                    "the file is not a YAML or JSON mapping of keys to values "
                        + "(is it a scenario or catalog file?)")
                return nil
            }
            return root
        } catch {
            log.report("", error.line, error.message)
            return nil
        }
    }
}

/// Ids claimed so far, per kind, to report duplicates.
private struct UniqueIDs {
    let log: DiagnosticLog
    var seen: [String: [String: String]] = [:]

    mutating func claim(_ node: SourceNode?, _ path: String, kind: String, reader: NodeReader) -> String? {
        guard let node else {
            log.report(path, nil, "every \(kind) needs an id")
            return nil
        }
        guard let id = reader.string(node, path) else { return nil }
        if let first = seen[kind]?[id] {
            log.report(path, node.line, "duplicate \(kind) id \(SafeText.quoted(id)) (first at \(first))")
            return nil
        }
        seen[kind, default: [:]][id] = path
        return id
    }
}
