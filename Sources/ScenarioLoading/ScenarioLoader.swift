import Foundation
import MaturityModel
import ScenarioModel

/// Reads scenario files (spec §2), checks them and applies every resolution rule.
///
/// Validation goes on after the first problem and reports all of them, each with the file,
/// the key path, the line and, for an unknown id, the closest valid one.
public struct ScenarioLoader: Sendable {
    /// The longest horizon accepted: 50 years of quarters.
    public static let maximumQuarters = 200

    /// The keys a scenario file may have at its top level.
    public static var topLevelKeys: [String] { ScenarioReading.topLevelKeys }

    /// The sizes accepted (file, values, nesting, systems, step-quarters).
    public var limits: InputLimits

    public init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    /// Loads and resolves a scenario file.
    /// - Parameters:
    ///   - path: The file, YAML or JSON.
    ///   - overrides: `key.path=value` edits applied before validation (see `ScenarioOverride`).
    /// - Returns: The resolved scenario.
    /// - Throws: `ScenarioError` listing every problem.
    public func load(path: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        let log = DiagnosticLog(file: path)
        guard var root = CatalogLoader.readDocument(path: path, log: log, limits: limits) else {
            throw log.error
        }
        let digest = root.contentDigest
        root = ScenarioOverride.apply(overrides, to: root, log: log)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var scenario = try resolve(root, log: log, directory: directory, defaultName: stem)
        scenario.documentDigest = digest
        return scenario
    }

    /// Reads a scenario file into its document, unresolved: to resolve it many times with
    /// different overrides (`load(document:…)`) without reading the file again.
    /// - Returns: The document, and the directory relative catalog paths are looked up in.
    public func readDocument(path: String) throws(ScenarioError) -> (document: SourceNode, directory: String) {
        let log = DiagnosticLog(file: path)
        guard let root = CatalogLoader.readDocument(path: path, log: log, limits: limits) else {
            throw log.error
        }
        return (root, URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Loads a scenario from text (for tests and embedding).
    /// - Parameters:
    ///   - text: YAML or JSON.
    ///   - source: The name used in messages.
    ///   - directory: Where relative catalog paths are looked up.
    ///   - overrides: `key.path=value` edits applied before validation (see `ScenarioOverride`).
    public func load(
        text: String, source: String = "<scenario>", directory: String = ".",
        overrides: [String] = []
    ) throws(ScenarioError) -> Scenario {
        let log = DiagnosticLog(file: source)
        if text.utf8.count > limits.fileBytes {
            log.report("", nil, "the text has \(text.utf8.count) bytes; the limit is \(limits.fileBytes)")
            throw log.error
        }
        if text.utf8.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            log.report("", nil, "the file is empty")
            throw log.error
        }
        let parsed: SourceNode?
        do { parsed = try SourceNode.parse(yaml: text, limits: limits) } catch {
            log.report("", error.line, error.message)
            throw log.error
        }
        guard var root = parsed else {
            log.report("", nil, "the file has no content (only comments?)")
            throw log.error
        }
        root = ScenarioOverride.apply(overrides, to: root, log: log)
        return try resolve(root, log: log, directory: directory, defaultName: source)
    }

    /// Resolves a scenario document already in memory (e.g. from `ScenarioBuilder`).
    /// - Parameters:
    ///   - document: The document's root mapping.
    ///   - source: The name used in messages.
    ///   - directory: Where relative catalog paths are looked up.
    ///   - overrides: `key.path=value` edits applied before validation.
    public func load(
        document: SourceNode, source: String = "<scenario>", directory: String = ".", overrides: [String] = []
    ) throws(ScenarioError) -> Scenario {
        let log = DiagnosticLog(file: source)
        let root = ScenarioOverride.apply(overrides, to: document, log: log)
        return try resolve(root, log: log, directory: directory, defaultName: source)
    }

    private func resolve(
        _ root: SourceNode, log: DiagnosticLog, directory: String,
        defaultName: String
    ) throws(ScenarioError) -> Scenario {
        var reading = ScenarioReading(root: root, log: log, directory: directory, defaultName: defaultName)
        guard let scenario = reading.read(), log.isEmpty else { throw log.error }
        ScenarioSize.check(scenario, limits: limits, log: log)
        guard log.isEmpty else { throw log.error }
        return scenario
    }
}
