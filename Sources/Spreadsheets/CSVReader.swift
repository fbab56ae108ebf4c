import SwiftCSV

/// Reads a CSV file (RFC 4180, comma or semicolon separated, as spreadsheets save it) into a grid.
public enum CSVReader {
    /// The grid of `text`; row 1 is the header.
    public static func read(text: String, name: String) throws(SpreadsheetError) -> SheetGrid {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        // Excel in many European locales saves with semicolons.
        let delimiter: CSVDelimiter =
            firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count
            ? .semicolon : .comma
        let table: CSV<Enumerated>
        do { table = try CSV<Enumerated>(string: text, delimiter: delimiter, loadColumns: false) } catch {
            throw SpreadsheetError("not a readable CSV file: \(error)")
        }
        var cells: [CellPosition: SheetGrid.Value] = [:]
        for (j, header) in table.header.enumerated() where !header.isEmpty {
            cells[CellPosition(row: 1, column: j + 1)] = .text(header)
        }
        for (i, row) in table.rows.enumerated() {
            for (j, field) in row.enumerated() where !field.trimmingCharacters(in: .whitespaces).isEmpty {
                cells[CellPosition(row: i + 2, column: j + 1)] = .text(field)
            }
        }
        return SheetGrid(name: name, cells: cells)
    }
}
