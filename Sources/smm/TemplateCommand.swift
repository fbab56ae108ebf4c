import ArgumentParser
import Assessments
import Foundation
import MaturityModel
import ScenarioLoading
import ScenarioModel
import Spreadsheets
import TextSafety

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write a blank assessment sheet: one row per system and practice, "
            + "with drop-down lists for levels and scopes.",
        discussion:
            "The format follows the extension of -o: .xlsx (sheets Assessment and Levels) or .csv; CSV without -o.")

    @Option(help: "A catalog file (default: the built-in iic-smm).") var catalog: String?
    @Option(help: ArgumentHelp("System ids, comma-separated.", valueName: "a,b,c")) var systems: String = "system"
    @Option(name: [.short, .customLong("output")], help: "The sheet to write (.xlsx or .csv).") var output: String?

    func run() throws {
        let template = AssessmentTemplate(catalog: try loadCatalog(catalog), systems: try systemIDs(systems))
        try writeSheet(csv: template.csv, workbook: template.workbook, to: output, inputs: catalog.map { [$0] } ?? [])
    }
}
