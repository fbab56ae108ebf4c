import MaturityModel
import ScenarioLoading
import ScenarioModel
import Spreadsheets
import TextSafety

/// One assessed practice of one system, as a sheet row says it.
public struct PracticeAssessment: Sendable, Hashable {
    public let practiceID: String
    public let current: Int?
    public let currentScope: Scope?
    public let target: Int?
    public let targetScope: Scope?
    public let notes: String?

    /// Whether the row says anything (a blank row of the template says nothing).
    var isEmpty: Bool { current == nil && currentScope == nil && target == nil && targetScope == nil && notes == nil }
}

/// One system of a filled sheet: its practices in sheet order.
public struct SystemAssessment: Sendable, Hashable {
    public let id: String
    public var practices: [PracticeAssessment]
    /// How much the system counts (`systems[].weight`), when the sheet gives it.
    public var weight: Double? = nil
}

/// A problem in a sheet, at a cell (`Assessment!C14`) or a row.
public struct CellProblem: Sendable, Hashable, CustomStringConvertible {
    public let sheet: String
    public let cell: CellPosition?
    public let message: String

    public var description: String {
        "\(SafeText.excerpt(sheet))!\(cell.map(\.reference) ?? "?"): \(message)"
    }
}

/// A sheet that cannot be imported, with every problem found in it.
public struct AssessmentImportError: Error, Sendable, CustomStringConvertible {
    public let file: String
    /// The first `ProblemList.shown` problems.
    public let problems: [String]
    /// Problems found past those.
    public let omitted: Int

    init(file: String, problems: [String]) {
        self.file = file
        self.problems = problems
        omitted = 0
    }

    init(file: String, problems: ProblemList<CellProblem>) {
        self.file = file
        self.problems = problems.first.map(\.description)
        omitted = problems.omitted
    }

    public var description: String {
        ProblemList<String>.message(
            problems.map { "\(SafeText.escapingControls(file)): \($0)" }, omitted: omitted)
    }
}

/// Reads a filled assessment sheet (`AssessmentSheet`) against a catalog.
///
/// Every bad cell is reported, by sheet, row and column, with the values it accepts; merged cells
/// and formulas in the data are refused (a merged system cell leaves the other rows without a
/// system; a formula's cached value may be stale). Empty rows are skipped.
public struct AssessmentImport: Sendable {
    public let catalog: Catalog
    /// Practice ids by lowercased name, looked up once a row.
    private let practicesByName: [String: String]

    public init(catalog: Catalog) {
        self.catalog = catalog
        practicesByName = Dictionary(
            catalog.practices.map { ($0.practice.name.lowercased(), $0.practice.id) }, uniquingKeysWith: { a, _ in a })
    }

    /// Reads an XLSX or CSV file (by its extension): the sheet named `Assessment`, else the first.
    public func read(path: String) throws(AssessmentImportError) -> [SystemAssessment] {
        let grid: SheetGrid
        do throws(SpreadsheetError) {
            // One read, with the checks every input gets (a regular file, within the size limit).
            let bytes: [UInt8]
            switch InputFile.read(path: path, limit: InputLimits.standard.fileBytes) {
            case .success(let read): bytes = read
            case .failure(let problem): throw SpreadsheetError(problem.description)
            }
            if path.lowercased().hasSuffix(".csv") {
                guard let text = String(bytes: bytes, encoding: .utf8) else {
                    throw SpreadsheetError("the file is not UTF-8 text (save it as \"CSV UTF-8\")")
                }
                // A byte-order mark, as Excel writes "CSV UTF-8", is not part of the first header.
                grid = try CSVReader.read(
                    text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text,
                    name: "csv")
            } else {
                let sheets = try XLSXReader.read(bytes: bytes)
                grid = sheets.first { $0.name.lowercased() == "assessment" } ?? sheets[0]
            }
        } catch {
            throw AssessmentImportError(file: path, problems: [error.description])
        }
        return try read(grid, file: path)
    }

    /// Reads a grid; `file` names it in messages.
    public func read(_ grid: SheetGrid, file: String) throws(AssessmentImportError) -> [SystemAssessment] {
        var problems = ProblemList<CellProblem>()
        func report(_ cell: CellPosition?, _ message: @autoclosure () -> String) {
            problems.append(CellProblem(sheet: grid.name, cell: cell, message: message()))
        }
        for range in grid.mergedRanges {
            report(
                CellPosition(reference: String(range.prefix { $0 != ":" })),
                "merged cells \(range): unmerge them, every row needs its own values")
        }
        let columns = HeaderColumns(grid: grid)
        guard let systemColumn = columns["system"],
            let practiceColumn = columns["practice id"] ?? columns["practice"]
        else {
            let found = (1...max(grid.lastColumn, 1)).compactMap { grid[row: 1, column: $0].map(Self.text) }
            report(
                CellPosition(row: 1, column: 1),
                "the first row must name the columns; "
                    + "'system' and 'practice id' are required (expected: "
                    + AssessmentSheet.headers.joined(separator: ", ")
                    + "; found: \(found.isEmpty ? "nothing" : found.map(SafeText.quoted).joined(separator: ", ")))")
            throw AssessmentImportError(file: file, problems: problems)
        }
        var systems: [SystemAssessment] = []
        var systemIndex: [String: Int] = [:]
        var seen: [String: CellPosition] = [:]
        // Each system's weight and the cell that gave it first: every row that gives one agrees.
        var weights: [String: (value: Double, cell: CellPosition)] = [:]
        let practicesByNameOnly = columns["practice id"] == nil
        let formulasByRow = Dictionary(grouping: grid.formulas, by: \.row)
        // Only rows that hold a value are walked: one cell at XFD1048576 costs one row.
        for row in grid.rowsWithValues where row >= 2 {
            for position in (formulasByRow[row] ?? []).sorted() {
                report(position, "a formula; type the value itself")
            }
            let reader = RowReader(
                grid: grid, row: row, columns: columns, catalog: catalog, practicesByName: practicesByName,
                report: report)
            guard let system = reader.system(at: systemColumn),
                let practice = reader.practice(at: practiceColumn, byName: practicesByNameOnly)
            else {
                continue
            }
            if let (weight, cell) = reader.weight() {
                if let first = weights[system], first.value != weight {
                    report(
                        cell,
                        "system weight \(AssessmentImport.number(weight)) of \(system) differs from "
                            + "\(AssessmentImport.number(first.value)) in \(first.cell.reference)")
                } else if weights[system] == nil {
                    weights[system] = (weight, cell)
                }
            }
            let position = CellPosition(row: row, column: practiceColumn)
            if let first = seen["\(system)\u{0}\(practice)"] {
                report(position, "\(practice) of \(system) is assessed twice (first in row \(first.row))")
                continue
            }
            seen["\(system)\u{0}\(practice)"] = position
            guard let assessment = reader.assessment(practice: practice) else { continue }
            if let index = systemIndex[system] {
                systems[index].practices.append(assessment)
            } else {
                systemIndex[system] = systems.count
                systems.append(SystemAssessment(id: system, practices: [assessment]))
            }
        }
        if problems.isEmpty && systems.isEmpty {
            report(CellPosition(row: 2, column: 1), "the sheet has no assessment rows")
        }
        guard problems.isEmpty else { throw AssessmentImportError(file: file, problems: problems) }
        return systems.map { system in
            SystemAssessment(
                id: system.id, practices: system.practices.filter { !$0.isEmpty }, weight: weights[system.id]?.value)
        }
    }

    /// A weight as the sheet would show it: `2`, `1.5`.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func text(_ value: SheetGrid.Value) -> String {
        switch value {
        case .text(let text): text.trimmingSpaces
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        }
    }
}

/// Where each known header stands in row 1 (case, spaces, `_` and `-` ignored).
private struct HeaderColumns {
    private var columns: [String: Int] = [:]
    // The columns every row reads, found once.
    let currentLevel: Int?, targetLevel: Int?, currentScope: Int?, targetScope: Int?, notes: Int?, weight: Int?

    init(grid: SheetGrid) {
        for column in 1...max(grid.lastColumn, 1) {
            guard let value = grid[row: 1, column: column] else { continue }
            let key = Self.key(AssessmentImport.text(value))
            if columns[key] == nil { columns[key] = column }
        }
        let find = { [columns] (header: String) in columns[Self.key(header)] }
        currentLevel = find("current level")
        targetLevel = find("target level")
        currentScope = find("current scope")
        targetScope = find("target scope")
        notes = find("notes")
        weight = find("system weight")
    }

    subscript(header: String) -> Int? { columns[Self.key(header)] }

    static func key(_ header: String) -> String {
        String(header.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

/// Reads the cells of one row, reporting each bad one.
private struct RowReader {
    let grid: SheetGrid
    let row: Int
    let columns: HeaderColumns
    let catalog: Catalog
    let practicesByName: [String: String]
    let report: (CellPosition?, @autoclosure () -> String) -> Void

    private func cell(_ column: Int?) -> (String, CellPosition)? {
        guard let column else { return nil }
        let position = CellPosition(row: row, column: column)
        guard let value = grid.cells[position] else { return nil }
        let text = AssessmentImport.text(value)
        return text.isEmpty ? nil : (text, position)
    }

    func system(at column: Int) -> String? {
        guard let (id, position) = cell(column) else {
            report(CellPosition(row: row, column: column), "no system id in a row that has values")
            return nil
        }
        if let bad = SafeText.forbiddenCharacter(in: id) {
            report(
                position,
                "the system id \(SafeText.quoted(id)) holds the control or invisible character "
                    + "U+\(String(bad.value, radix: 16, uppercase: true))")
            return nil
        }
        return id
    }

    /// The row's `system weight`, when it gives one: a positive number.
    func weight() -> (Double, CellPosition)? {
        guard let (text, position) = cell(columns.weight) else { return nil }
        guard let value = Double(text), value.isFinite, value > 0, value <= 1e6 else {
            report(position, "system weight \(SafeText.quoted(text)) is not a number above 0 (1 is the default)")
            return nil
        }
        return (value, position)
    }

    func practice(at column: Int, byName: Bool) -> String? {
        guard let (text, position) = cell(column) else {
            report(CellPosition(row: row, column: column), "no practice in a row that has values")
            return nil
        }
        if let location = catalog.location(ofPractice: text) { return location.practice.id }
        if let id = practicesByName[text.lowercased()] { return id }
        report(
            position,
            "unknown practice \(SafeText.quoted(text)) in catalog \(catalog.id)\(hint(for: text, byName: byName))")
        return nil
    }

    private func hint(for text: String, byName: Bool) -> String {
        let candidates = byName ? catalog.practices.map(\.practice.name) : catalog.practiceIDs
        return Suggestion.closest(to: text, in: candidates).map { " (did you mean \($0)?)" } ?? ""
    }

    func assessment(practice: String) -> PracticeAssessment? {
        var valid = true
        func level(_ column: Int?) -> Int? {
            guard let (text, position) = cell(column) else { return nil }
            guard let level = AssessmentSheet.level(text) else {
                report(position, "level \(SafeText.quoted(text)) is not one of \(AssessmentSheet.acceptedLevels)")
                valid = false
                return nil
            }
            return level
        }
        func scope(_ column: Int?) -> Scope? {
            guard let (text, position) = cell(column) else { return nil }
            guard let scope = AssessmentSheet.scope(text) else {
                report(position, "scope \(SafeText.quoted(text)) is not one of \(AssessmentSheet.acceptedScopes)")
                valid = false
                return nil
            }
            return scope
        }
        let current = level(columns.currentLevel), target = level(columns.targetLevel)
        let currentScope = scope(columns.currentScope), targetScope = scope(columns.targetScope)
        if let current, let target, target < current, let position = cell(columns.targetLevel)?.1 {
            report(position, "target level \(target) is below the current level \(current)")
            valid = false
        }
        if let currentScope, let targetScope, targetScope < currentScope,
            let position = cell(columns.targetScope)?.1
        {
            report(position, "target scope \(targetScope.id) is below the current scope \(currentScope.id)")
            valid = false
        }
        let notes = cell(columns.notes)?.0
        guard valid else { return nil }
        return PracticeAssessment(
            practiceID: practice, current: current, currentScope: currentScope, target: target,
            targetScope: targetScope, notes: notes)
    }
}
