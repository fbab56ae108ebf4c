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

struct Catalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the maturity model: domains, subdomains, practices, levels and scopes.")

    @Option(name: .shortAndLong, help: "table, markdown, json or csv.") var format: ReportFormat = .table
    @Option(help: "A catalog file to show instead of the built-in iic-smm.") var catalog: String?

    func run() throws {
        var shown = MaturityModel.Catalog.iicSMM
        if let catalog {
            do { shown = try CatalogLoader.load(path: catalog) } catch {
                printError(error.description)
                throw ExitStatus.invalidInput
            }
        }
        try OutputOptions(output: nil).emit(CatalogReport.render(shown, format: format), inputs: [])
    }
}
