import ArgumentParser
import Assessments
import Foundation
import MaturityModel
import ScenarioLoading
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

/// The built-in catalog, or a catalog file (its problems exit 2).
func loadCatalog(_ path: String?) throws -> MaturityModel.Catalog {
    guard let path, path != MaturityModel.Catalog.iicSMM.id else { return .iicSMM }
    do { return try CatalogLoader.load(path: path) } catch {
        printError(error.description)
        throw ExitStatus.invalidInput
    }
}

/// A sheet to `output` by its extension (.xlsx or .csv), or CSV on standard output.
func writeSheet(
    csv: @autoclosure () -> String, workbook: @autoclosure () -> Workbook, to output: String?,
    inputs: [String]
) throws {
    guard let output, output.lowercased().hasSuffix(".xlsx") else {
        if let output, !output.lowercased().hasSuffix(".csv") {
            throw ValidationError("-o must end in .xlsx or .csv, not \(SafeText.quoted(output))")
        }
        return try OutputOptions(output: output).emit(csv(), inputs: inputs)
    }
    try writeWorkbook(workbook(), to: output, inputs: inputs)
}

/// Writes an XLSX workbook whole or not at all (`OutputFile`); a failure is reported and exits 1.
func writeWorkbook(_ book: Workbook, to output: String, inputs: [String]) throws {
    do throws(OutputError) {
        try OutputFile.commit(to: output, inputs: inputs) { _, path throws(OutputError) in
            do throws(SpreadsheetError) { try XLSXWriter.write(book, to: path) } catch {
                throw OutputError(description: "\(output): \(error.description)")
            }
        }
    } catch {
        printError(error.description)
        throw ExitCode.failure
    }
}

/// The first quarter of a new scenario: `--start`, else the quarter after today's (UTC).
func startQuarter(_ option: String?) throws -> Quarter {
    if let option {
        guard let quarter = Quarter(label: option) else {
            throw ValidationError("--start must be a quarter like 2027-Q1")
        }
        return quarter
    }
    let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
    return Quarter(year: now.year!, quarter: (now.month! - 1) / 3 + 1)!.advanced(by: 1)
}

/// The ids of `--systems a,b,c`: at least one, each a plain id that YAML and spreadsheets keep as
/// written (no control characters, no YAML indicators).
func systemIDs(_ option: String) throws -> [String] {
    let ids = option.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !ids.isEmpty else { throw ValidationError("--systems needs at least one id") }
    for id in ids
    where SafeText.forbiddenCharacter(in: id) != nil || id.contains(where: { ":#{}[],&*!|>'\"%@`".contains($0) }) {
        throw ValidationError("--systems: \(SafeText.quoted(id)) is not a plain id (letters, digits, - and _)")
    }
    return ids
}
