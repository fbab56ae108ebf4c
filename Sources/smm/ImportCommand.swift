import ArgumentParser
import Assessments
import Foundation
import MaturityModel
import ScenarioLoading
import ScenarioModel
import Spreadsheets
import TextSafety

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a filled assessment sheet (.xlsx or .csv) into the systems of a scenario.",
        discussion: """
            With --into, the scenario's systems: are updated (the rest of the file is kept) and the file \
            is rewritten, or the result goes to -o. Without it, a new scenario with plan settings to edit \
            is written to -o or standard output. Every bad cell is reported by sheet, row and column.
            """)

    @Argument(help: "The filled sheet (.xlsx or .csv).") var sheet: String
    @Option(help: "The scenario whose systems the sheet updates.") var into: String?
    @Option(help: "A catalog file (default: the scenario's catalog, else the built-in iic-smm).") var catalog: String?
    @Option(help: "First quarter of a new scenario (default: the next quarter).") var start: String?
    @Option(name: [.short, .customLong("output")], help: "Where to write the scenario.") var output: String?

    func run() throws {
        let intoText = try into.map(readScenarioText)
        let catalog =
            try catalog.map(loadCatalog) ?? into.flatMap { try? ScenarioLoader().load(path: $0).catalog }
            ?? MaturityModel.Catalog.iicSMM
        let systems: [SystemAssessment]
        do { systems = try AssessmentImport(catalog: catalog).read(path: sheet) } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
        let text: String
        do {
            if let intoText {
                text = try ScenarioSystemsWriter.update(intoText, with: systems)
            } else {
                let name = URL(fileURLWithPath: sheet).deletingPathExtension().lastPathComponent
                text = try ScenarioSystemsWriter.newScenario(
                    name: name, start: try startQuarter(start), systems: systems,
                    source: URL(fileURLWithPath: sheet).lastPathComponent)
            }
        } catch {
            printError("\(into ?? sheet): cannot write the systems: \(error)")
            throw ExitStatus.invalidInput
        }
        // The result must be a valid scenario, checked like any file before anything is written, from
        // where it will be written: a catalog named relative to --into's folder must still resolve
        // beside -o.
        let directory = (output ?? into).map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? "."
        do {
            _ = try ScenarioLoader().load(text: text, source: output ?? into ?? "<imported>", directory: directory)
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
        try OutputOptions(output: output ?? into).emit(text, inputs: [sheet], updating: output == nil ? into : nil)
        let count = systems.reduce(0) { $0 + $1.practices.count }
        let destination = (output ?? into).map { " written to \($0)" } ?? ""
        printError(
            "\(sheet): \(systems.count) system\(systems.count == 1 ? "" : "s"), \(count) assessed practices"
                + destination)
    }

    private func readScenarioText(_ path: String) throws -> String {
        switch InputFile.read(path: path, limit: InputLimits.standard.fileBytes) {
        case .success(let bytes):
            guard let text = String(bytes: bytes, encoding: .utf8) else {
                printError("\(path): the file is not UTF-8 text")
                throw ExitStatus.invalidInput
            }
            return text
        case .failure(let problem):
            printError("\(path): \(problem)")
            throw ExitStatus.invalidInput
        }
    }
}
