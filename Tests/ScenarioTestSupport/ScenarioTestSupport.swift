import Foundation
import ScenarioLoading
import ScenarioModel
import Synchronization
import Testing

/// A minimal valid scenario, with `body` YAML appended at the top level.
public func scenarioText(_ body: String) -> String {
    """
    format: smm-scenario/1
    name: test
    start: 2027-Q1
    quarters: 4
    budget:
      quarterly: 10000
    costs:
      level: {1: 1000, 2: 2000, 3: 3000, 4: 4000}
      scope: {industry: 500, system: 800}
    \(body)
    """
}

/// Loads a scenario from text or records the diagnostics as a test failure.
public func load(_ text: String, overrides: [String] = [], sourceLocation: SourceLocation = #_sourceLocation)
    throws -> Scenario
{
    do {
        return try ScenarioLoader().load(text: text, source: "test.yaml", overrides: overrides)
    } catch {
        Issue.record("unexpected diagnostics:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The diagnostics of text that must not load.
public func diagnostics(_ text: String, overrides: [String] = []) -> [Diagnostic] {
    do {
        _ = try ScenarioLoader().load(text: text, source: "bad.yaml", overrides: overrides)
        return []
    } catch {
        return error.diagnostics
    }
}

/// The package root, found from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh temporary directory, removed with everything in it when the test process exits (so
/// that test runs do not pile directories up in the system's temporary folder).
public func temporaryDirectory() throws -> URL {
    _ = removalAtExit
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("smm-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    madeDirectories.withLock { $0.append(url) }
    return url
}

/// The directories `temporaryDirectory()` made in this process.
private let madeDirectories = Mutex<[URL]>([])

/// Registers, once, the removal of `madeDirectories` at exit.
private let removalAtExit: Void = {
    atexit {
        for url in madeDirectories.withLock({ $0 }) { try? FileManager.default.removeItem(at: url) }
    }
}()
