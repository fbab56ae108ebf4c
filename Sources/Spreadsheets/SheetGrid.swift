/// A sheet read back: its cells by position, and what a reader must know to refuse it (merged
/// ranges, formulas). Rows and columns are 1-based, as a spreadsheet shows them.
public struct SheetGrid: Sendable {
    /// A cell's content as read.
    public enum Value: Sendable, Hashable {
        case text(String)
        case number(Double)
    }

    /// The sheet's name (the file name for CSV).
    public let name: String
    /// Non-empty cells by (row, column).
    public let cells: [CellPosition: Value]
    /// Merged ranges, e.g. `A2:A5`.
    public let mergedRanges: [String]
    /// Cells that hold a formula.
    public let formulas: Set<CellPosition>

    public init(
        name: String, cells: [CellPosition: Value], mergedRanges: [String] = [],
        formulas: Set<CellPosition> = []
    ) {
        self.name = name
        self.cells = cells
        self.mergedRanges = mergedRanges
        self.formulas = formulas
    }

    /// The last row that holds a value (0 for an empty sheet).
    public var lastRow: Int { cells.keys.map(\.row).max() ?? 0 }
    /// The last column that holds a value.
    public var lastColumn: Int { cells.keys.map(\.column).max() ?? 0 }

    /// The value at a position, if any.
    public subscript(row row: Int, column column: Int) -> Value? { cells[CellPosition(row: row, column: column)] }
}

/// A cell's position, 1-based; `reference` is its A1 name.
public struct CellPosition: Sendable, Hashable, Comparable {
    public let row: Int
    public let column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses an A1 reference (`C14`), ignoring `$`.
    public init?(reference: String) {
        var letters = 0, digits = 0, seenDigit = false
        for scalar in reference.unicodeScalars where scalar != "$" {
            if let value = Self.letterValue(scalar), !seenDigit {
                letters = letters * 26 + value
            } else if let digit = scalar.properties.numericType != nil ? Int(String(scalar)) : nil {
                seenDigit = true
                digits = digits * 10 + digit
            } else {
                return nil
            }
            if letters > 16_384 || digits > 1_048_576 { return nil }
        }
        guard letters > 0, digits > 0 else { return nil }
        self.init(row: digits, column: letters)
    }

    /// `C14`.
    public var reference: String { Self.columnName(column) + String(row) }

    /// `A`, `B`, … `Z`, `AA`, …
    public static func columnName(_ column: Int) -> String {
        var name = "", n = column
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }

    private static func letterValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 65...90: Int(scalar.value) - 64
        case 97...122: Int(scalar.value) - 96
        default: nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool { (a.row, a.column) < (b.row, b.column) }
}
