import Foundation
import SwiftCSV

/// Reads a CSV file (RFC 4180, comma or semicolon separated, as spreadsheets save it) into a grid.
public enum CSVReader {
    /// The grid of `text`; row 1 is the header. At most `limits.csvRows` rows and `limits.cells`
    /// non-empty cells are read; a longer file is refused, not cut.
    public static func read(
        text: String, name: String, limits: SheetReadingLimits = .standard
    ) throws(SpreadsheetError) -> SheetGrid {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        // Excel in many European locales saves with semicolons.
        let delimiter: CSVDelimiter =
            firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count
            ? .semicolon : .comma
        let table: CSV<Enumerated>
        do {
            // One row past the limit is parsed, to tell a file at the limit from a longer one.
            table = try CSV<Enumerated>(
                string: text, delimiter: delimiter, loadColumns: false, rowLimit: limits.csvRows)
        } catch {
            throw SpreadsheetError("not a readable CSV file: \(error)")
        }
        guard table.rows.count < limits.csvRows else {
            throw SpreadsheetError("the file has more than \(limits.csvRows) rows, the limit")
        }
        let budget = SheetReadingBudget(limits)
        var cells: [CellPosition: SheetGrid.Value] = [:]
        for (j, header) in table.header.enumerated() where !header.isEmpty {
            guard CellPosition.columns.contains(j + 1) else { throw tooWide(row: 1) }
            cells[CellPosition(row: 1, column: j + 1)] = .text(header)
        }
        for (i, row) in table.rows.enumerated() {
            for (j, field) in row.enumerated() where !field.isBlank {
                guard CellPosition.columns.contains(j + 1) else { throw tooWide(row: i + 2) }
                if let problem = budget.spendCell() { throw problem }
                cells[CellPosition(row: i + 2, column: j + 1)] = .text(field)
            }
        }
        return SheetGrid(name: name, cells: cells)
    }

    private static func tooWide(row: Int) -> SpreadsheetError {
        SpreadsheetError("row \(row) has more than \(CellPosition.columns.upperBound) columns, the limit")
    }
}
