import ArgumentParser
import Foundation
import GLPKBackend
import GapAnalysis
import MaturityModel
import OptimizationModel
import PortfolioGenerator
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel
import TextSafety

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write a random, realistic portfolio scenario (for benchmarks); the same arguments give the same file.")

    @Option(help: "Number of systems.") var systems: Int
    @Option(help: "Number of quarters.") var quarters: Int = 8
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Organisation-wide initiatives to add (governance and enablement practices first).")
    var initiatives: Int = 0
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if !(1...100_000).contains(systems) { throw ValidationError("--systems must be between 1 and 100000") }
        if !(1...ScenarioLoader.maximumQuarters).contains(quarters) {
            throw ValidationError("--quarters must be between 1 and \(ScenarioLoader.maximumQuarters)")
        }
    }

    func run() throws {
        try outputOptions.emit(
            PortfolioGenerator(systems: systems, quarters: quarters, seed: seed, initiatives: initiatives).yaml(),
            inputs: [])
    }
}
