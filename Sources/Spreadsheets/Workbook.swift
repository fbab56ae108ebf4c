/// A workbook to write: sheets of typed cells, as plain values. `XLSXWriter` turns one into a file;
/// nothing else here knows about XLSX.
public struct Workbook: Sendable {
    public var sheets: [Sheet]
    /// The currency code or sign money cells show (`NumberStyle.money`), e.g. EUR or €.
    public var currency: String?

    public init(sheets: [Sheet], currency: String? = nil) {
        self.sheets = sheets
        self.currency = currency
    }
}

/// One worksheet: a header row, typed columns and rows of cells.
public struct Sheet: Sendable {
    /// At most 31 characters, none of `[ ] : * ? / \`.
    public var name: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Keep the header row in view when scrolling.
    public var freezesHeader = true
    /// An autofilter over the header and rows.
    public var filters = true
    /// Drop-down lists on columns.
    public var validations: [ListValidation] = []
    /// A last row of totals in bold, below the rows and outside the filter, as values (no formulas:
    /// a reader that does not compute them sees the same figures).
    public var totals: [Cell]? = nil

    public init(name: String, columns: [Column], rows: [[Cell]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// A column: its header, width in characters and how its numbers are shown.
public struct Column: Sendable {
    public var header: String
    public var width: Double
    public var style: NumberStyle

    public init(_ header: String, width: Double = 14, style: NumberStyle = .general) {
        self.header = header
        self.width = width
        self.style = style
    }
}

/// How a column's numbers are shown.
public enum NumberStyle: Sendable, Hashable {
    case general
    /// Whole numbers: `0`.
    case integer
    /// A quantity with thousands separators and up to two decimals shown only when there are any:
    /// `#,##0` for whole numbers, else `#,##0.00`. Chosen per cell.
    case amount
    /// Whole money with thousands separators and the workbook's currency: `#,##0 "EUR"`.
    case money
    /// A 0…1 share as a percentage with one decimal.
    case percent
    /// Long text, wrapped.
    case wrappedText
}

/// A cell value.
public enum Cell: Sendable, Hashable {
    case text(String)
    case number(Double)
    /// A number shown in another style than its column's (a Summary sheet's mixed figures).
    case styled(Double, NumberStyle)
    case empty
}

/// A drop-down list on the data rows of one column, with a note shown when a cell is selected.
public struct ListValidation: Sendable {
    public var column: Int
    /// The choices, at most 255 characters together (Excel's limit).
    public var choices: [String]
    /// The note's title (at most 32 characters) and text (at most 255).
    public var noteTitle: String
    public var note: String
    /// Rows of data (after the header) the list covers.
    public var rowCount: Int

    public init(column: Int, choices: [String], noteTitle: String, note: String, rowCount: Int) {
        self.column = column
        self.choices = choices
        self.noteTitle = noteTitle
        self.note = note
        self.rowCount = rowCount
    }
}

/// A workbook that cannot be written, with the reason.
public struct SpreadsheetError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
