import ArgumentParser
import Assessments
import Foundation
import MaturityModel
import ScenarioLoading
import ScenarioModel
import Spreadsheets
import TextSafety

// What the assessment commands (template, import) and init share: catalogs, sheets, quarters, ids.
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
