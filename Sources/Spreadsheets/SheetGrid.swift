/// A sheet read back: its cells by position, and what a reader must know to refuse it (merged
/// ranges, formulas). Rows and columns are 1-based, as a spreadsheet shows them.
public struct SheetGrid: Sendable {
    /// A cell's content as read.
    public enum Value: Sendable, Hashable {
        case text(String)
        case number(Double)
    }

    /// The sheet's name (the file name for CSV).
    public private(set) var name: String
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
        var rows = Set<Int>()
        var lastColumn = 0
        for position in cells.keys {
            rows.insert(position.row)
            lastColumn = max(lastColumn, position.column)
        }
        self.rowsWithValues = rows.sorted()
        self.lastColumn = lastColumn
    }

    /// The rows that hold a value, in order: what a reader walks, so that one cell far down the
    /// sheet costs one row, not a million.
    public let rowsWithValues: [Int]
    /// The last row that holds a value (0 for an empty sheet).
    public var lastRow: Int { rowsWithValues.last ?? 0 }
    /// The last column that holds a value (0 for an empty sheet).
    public let lastColumn: Int

    /// The same cells under another sheet name.
    func renamed(_ name: String) -> SheetGrid {
        var copy = self
        copy.name = name
        return copy
    }

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
    /// The rows and columns a sheet has (Excel's: A1:XFD1048576).
    public static let rows = 1...1_048_576
    public static let columns = 1...16_384

    /// Parses an A1 reference (`C14`), ignoring `$`; nil past XFD1048576.
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
            if letters > Self.columns.upperBound || digits > Self.rows.upperBound { return nil }
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

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (Unicode space separators), as
    /// `trimmingCharacters(in: .whitespaces)` but without Foundation's bridging, which costs
    /// more than the rest of reading a CSV cell.
    public var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isSpace($0) })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }

    /// Whether the text is only spaces and tabs (or empty).
    public var isBlank: Bool { unicodeScalars.allSatisfy(Self.isSpace) }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
}
