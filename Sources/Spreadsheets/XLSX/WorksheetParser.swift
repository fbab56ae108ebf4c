import Foundation
import TextSafety

/// One worksheet part: `<row r="3"><c r="B3" t="s"><f>…</f><v>…</v></c></row>`,
/// `<mergeCell ref="A1:B2"/>`. Row and column numbers are checked against the sheet's bounds
/// before any arithmetic, a shared-string index must exist, a cell may appear once, and each cell
/// is charged to the read's budget.
final class WorksheetParser: XMLPartReader {
    private let sheet: String
    private let shared: [String]
    private let budget: SheetReadingBudget
    private var cells: [CellPosition: SheetGrid.Value] = [:]
    private var formulas = Set<CellPosition>()
    private var merged: [String] = []
    private var position: CellPosition?
    private var type = ""
    private var text = ""
    private var collecting = false
    private var nextRow = 1, nextColumn = 1

    private init(part: String, sheet: String, shared: [String], budget: SheetReadingBudget) {
        self.sheet = sheet
        self.shared = shared
        self.budget = budget
        super.init(part: part)
    }

    static func parse(
        _ data: Data, part: String, sheet: String, shared: [String], budget: SheetReadingBudget
    ) throws(SpreadsheetError) -> SheetGrid {
        let reader = WorksheetParser(part: part, sheet: sheet, shared: shared, budget: budget)
        try reader.parse(data)
        return SheetGrid(name: sheet, cells: reader.cells, mergedRanges: reader.merged, formulas: reader.formulas)
    }

    private func fail(_ message: String) {
        fail(SpreadsheetError("sheet \(SafeText.quoted(sheet)) (\(part)): \(message)"))
    }

    override func start(_ name: String, attributes: [String: String]) {
        switch name {
        case "row":
            if let r = attributes["r"] {
                guard let row = Int(r), CellPosition.rows.contains(row) else {
                    return fail("row number \(SafeText.quoted(r)) is not between 1 and \(CellPosition.rows.upperBound)")
                }
                nextRow = row
            }
            nextColumn = 1
        case "c":
            if let r = attributes["r"] {
                guard let cell = CellPosition(reference: r) else {
                    return fail("\(SafeText.quoted(r)) is not a cell reference within A1:XFD1048576")
                }
                position = cell
            } else {
                // A cell without r follows the one before it.
                guard CellPosition.rows.contains(nextRow), CellPosition.columns.contains(nextColumn) else {
                    return fail("a cell after row \(nextRow), column \(nextColumn - 1) is past the sheet's edge")
                }
                position = CellPosition(row: nextRow, column: nextColumn)
            }
            type = attributes["t"] ?? "n"
            text = ""
        case "v", "t":
            collecting = position != nil
        case "f":
            if let position { formulas.insert(position) }
        case "mergeCell":
            if let ref = attributes["ref"] { merged.append(ref) }
        default:
            break
        }
    }

    override func characters(_ string: String) {
        if collecting { text += string }
    }

    override func end(_ name: String) {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            defer { position = nil }
            guard let position else { return }
            nextRow = position.row
            nextColumn = position.column + 1
            if let problem = budget.spendCell() { return fail(problem) }
            guard let value = value(at: position) else { return }
            guard cells.updateValue(value, forKey: position) == nil else {
                return fail("cell \(position.reference) appears twice")
            }
        case "row":
            nextRow += 1
        default:
            break
        }
    }

    private func value(at position: CellPosition) -> SheetGrid.Value? {
        switch type {
        case "s":
            guard let index = Int(text), shared.indices.contains(index) else {
                fail(
                    "cell \(position.reference) names shared string \(SafeText.quoted(text)), "
                        + "but the workbook has \(shared.count)")
                return nil
            }
            return shared[index].isEmpty ? nil : .text(shared[index])
        case "str", "inlineStr":
            return text.isEmpty ? nil : .text(text)
        case "b":
            return .text(text == "1" ? "TRUE" : "FALSE")
        case "e":
            return .text(text)
        default:
            guard !text.isEmpty else { return nil }
            return Double(text).map(SheetGrid.Value.number) ?? .text(text)
        }
    }
}
