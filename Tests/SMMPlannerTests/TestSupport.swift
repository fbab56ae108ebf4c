// The scenario helpers (scenarioText, load, diagnostics, packageRoot, temporaryDirectory) are
// shared with the module test targets; re-exported here for every file of this target.
@_exported import ScenarioTestSupport
