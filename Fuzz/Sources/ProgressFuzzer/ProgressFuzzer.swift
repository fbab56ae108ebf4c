import Foundation
import FuzzDriver
import ScenarioLoading
import ScenarioModel

/// libFuzzer's entry point for progress files (smm-progress/1): each input is a progress file
/// applied to a small scenario. Every input must end in a re-planned scenario or a list of
/// diagnostics: a trap, a leak or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self),
        let scenario
    else { return 0 }
    var limits = InputLimits()
    limits.documentValues = 100_000
    // A baseline: is looked for in an empty folder, so a mutated name cannot read the disk.
    _ = try? ScenarioLoader(limits: limits).applying(
        progressText: text, source: "fuzz.yaml", directory: emptyFolder, to: scenario)
    return 0
}

private let emptyFolder: String = {
    let path = NSTemporaryDirectory() + "smm-progress-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

private let scenario = try? ScenarioLoader().load(
    text: """
        format: smm-scenario/1
        name: fuzz
        start: 2027-Q1
        quarters: 6
        budget: {quarterly: 10000}
        costs: {level: {1: 1000, 2: 2000, 3: 3000, 4: 4000}, scope: {industry: 500, system: 800}}
        systems:
          - {id: a, practices: {patch-management: {current: 1, target: 3, target_scope: system}}}
          - {id: b, practices: {threat-modeling: {target: 2}}}
        deadlines: [{system: a, practice: patch-management, level: 2, by: 2027-Q3}]
        """, source: "fuzz-scenario.yaml")

@_cdecl("ProgressFuzzer_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data, size) }
}
