import Foundation
import FuzzDriver
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel

/// libFuzzer's entry point for saved plans (`smm render`): each input is a plan JSON file read
/// back and rebuilt against a small scenario, then written as Markdown. Every input must end in
/// a report or an error: a trap, a leak or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let scenario,
        let file = try? PlanFile.read([UInt8](UnsafeBufferPointer(start: data, count: size))),
        let roadmap = try? file.plan.roadmap(for: scenario)
    else { return 0 }
    _ = PlanReport.render(roadmap, format: .markdown)
    return 0
}

private let scenario = try? ScenarioLoader().load(text: fuzzScenarioText, source: "fuzz-scenario.yaml")

@_cdecl("PlanFuzzer_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data, size) }
}
